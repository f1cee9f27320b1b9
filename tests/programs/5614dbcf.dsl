# 5614dbcf: remove the grey noise and shrink each 3x3 block to one cell
x1 = remove_colour(I, 5)
O = scale_down(x1, 3)
