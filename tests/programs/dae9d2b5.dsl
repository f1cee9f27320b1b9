# dae9d2b5: cells set in either half become 6
x1 = halves_h(I)
O = grids_or(x1, 6)
