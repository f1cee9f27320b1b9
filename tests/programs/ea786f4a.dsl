# ea786f4a: the centre's diagonals become black
O = extend_diagonals(I, 0)
