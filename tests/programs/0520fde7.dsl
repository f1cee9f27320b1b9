# 0520fde7: cells set in both halves (either side of the divider) become 2
x1 = halves_h(I)
O = grids_and(x1, 2)
