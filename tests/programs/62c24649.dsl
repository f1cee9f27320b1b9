# 62c24649: mirror the grid into all four quadrants
x1 = mirror_right(I)
O = mirror_down(x1)
