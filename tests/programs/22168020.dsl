# 22168020: join facing cells of the same colour on a row
O = connect_h(I)
