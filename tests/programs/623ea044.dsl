# 623ea044: the lone cell shoots out both its diagonals
x1 = foreground_colour(I)
O = extend_diagonals(I, x1)
