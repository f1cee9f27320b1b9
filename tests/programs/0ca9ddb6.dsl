# 0ca9ddb6: red cells get yellow diagonal corners, blue cells get an orange cross
x1 = decorate_diagonal(I, 2, 4)
O = decorate_orthogonal(x1, 1, 7)
