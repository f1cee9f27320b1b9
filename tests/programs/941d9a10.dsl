# 941d9a10: the first panel turns blue, the middle one red and the last one green
x1 = split_by_lines(I)
x2 = count_grids(x1)
x3 = divide(x2, 2)
x4 = subtract(x2, 1)
x5 = paint_panel(I, 0, 1)
x6 = paint_panel(x5, x3, 2)
O = paint_panel(x6, x4, 3)
