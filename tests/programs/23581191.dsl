# 23581191: each of the 8 and 7 cells draws a cross; where the crosses meet becomes 2
# Draw each cross on its own, then mark the cells both drawings cover (grids_and) with 2.
x1 = keep_colour(I, 8)
x2 = extend_cross(x1, 8)
x3 = keep_colour(I, 7)
x4 = extend_cross(x3, 7)
x5 = hconcat(x2, x4)
x6 = halves_h(x5)
x7 = grids_and(x6, 2)
x8 = overlay(x2, x4)
O = overlay(x8, x7)
