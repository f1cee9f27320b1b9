# 1b2d62fb: cells empty in both halves (either side of the divider) become 8
x1 = halves_h(I)
O = grids_nor(x1, 8)
