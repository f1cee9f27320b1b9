# 44f52bb0: 1 if the grid is left-right symmetric, else 7, as a single cell
x1 = is_symmetric_h(I)
x2 = blank((1, 1), 1)
x3 = blank((1, 1), 7)
O = choose(x1, x2, x3)
