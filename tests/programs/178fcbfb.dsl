# 178fcbfb: 1 and 3 cells draw their rows, 2 cells draw their columns underneath
x1 = extend_lines_h(I, 1)
x2 = extend_lines_h(x1, 3)
O = extend_lines_v(x2, 2)
