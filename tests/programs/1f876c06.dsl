# 1f876c06: join each pair of same-coloured cells on a diagonal with a line of their colour
O = connect_diagonals(I)
