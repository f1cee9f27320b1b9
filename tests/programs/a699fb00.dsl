# a699fb00: fill the gap between two horizontally facing blue cells with 2
# connect_h fills the gaps in blue; the cells it changed (xor with the input) are drawn in 2.
x1 = connect_h(I)
x2 = hconcat(I, x1)
x3 = halves_h(x2)
x4 = grids_xor(x3, 2)
O = overlay(I, x4)
