# f5b8619d: each cell draws an 8 column under itself, then tile the result 2x2
x1 = recolour_foreground(I, 8)
x2 = extend_lines_v(x1, 8)
x3 = overlay(x2, I)
O = tile(x3, 2, 2)
