# 68b16354: mirror the grid top to bottom
O = flip_v(I)
