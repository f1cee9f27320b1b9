# a79310a0: move the shape down one row and recolour it from 8 to 2
x1 = shift(I, (1, 0))
O = replace_colour(x1, 8, 2)
