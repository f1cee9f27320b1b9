# 67a3c6ac: mirror the grid left to right
O = flip_h(I)
