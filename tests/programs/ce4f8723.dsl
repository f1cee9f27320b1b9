# ce4f8723: cells set in either half become 3
x1 = halves_v(I)
O = grids_or(x1, 3)
