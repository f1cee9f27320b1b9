# a61f2674: the tallest bar becomes 1, the shortest 2, the others vanish
x1 = objects(I)
x2 = tallest(x1)
x3 = smallest(x1)
x4 = fill_grid(I, 0)
x5 = recolour_object(x4, x2, 1)
O = recolour_object(x5, x3, 2)
