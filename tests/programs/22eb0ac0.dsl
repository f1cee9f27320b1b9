# 22eb0ac0: join facing cells of the same colour on a row
O = connect_h(I)
