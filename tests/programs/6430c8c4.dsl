# 6430c8c4: cells empty in both halves (above and below the divider) become 3
x1 = halves_v(I)
O = grids_nor(x1, 3)
