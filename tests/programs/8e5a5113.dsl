# 8e5a5113: the two empty panels show the first panel turned a quarter and a half turn
x1 = split_by_lines(I)
x2 = first_grid(x1)
x3 = rot90(x2)
x4 = paste_panel(I, 1, x3)
x5 = rot180(x2)
O = paste_panel(x4, 2, x5)
