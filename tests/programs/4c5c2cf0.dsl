# 4c5c2cf0: mirror the shape into all four corners around the small X
x1 = colour_groups(I)
x2 = smallest(x1)
O = mirror_about(I, x2)
