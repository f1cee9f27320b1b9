# 4938f0c2: mirror the shape into all four corners around the green square
x1 = colour_groups(I)
x2 = smallest(x1)
O = mirror_about(I, x2)
