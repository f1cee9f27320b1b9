# 05269061: fill the grid by continuing the diagonal stripes
O = complete_pattern(I, 0)
