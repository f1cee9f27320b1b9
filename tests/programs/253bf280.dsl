# 253bf280: join aligned azure cells with green lines
O = connect_with(I, 3)
