# bdad9b1f: extend the 8 line vertically and the 2 line horizontally; they cross in 4
# Draw each line on its own, then mark the cells both drawings cover (grids_and) with 4.
x1 = keep_colour(I, 8)
x2 = extend_lines_v(x1, 8)
x3 = keep_colour(I, 2)
x4 = extend_lines_h(x3, 2)
x5 = hconcat(x2, x4)
x6 = halves_h(x5)
x7 = grids_and(x6, 4)
x8 = overlay(x2, x4)
O = overlay(x8, x7)
