# 3af2c5a8: mirror the grid into all four quadrants
O = mirror_four(I)
