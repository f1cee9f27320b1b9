# 0b148d64: crop the quadrant whose colour differs from the other three
x1 = colour_groups(I)
x2 = smallest(x1)
O = crop(I, x2)
