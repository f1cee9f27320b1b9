# f2829549: cells empty in both halves become 3
x1 = halves_h(I)
O = grids_nor(x1, 3)
