# dbc1a6ce: join facing blue cells on rows and columns with azure lines
O = connect_with(I, 8)
