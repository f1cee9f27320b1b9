# bb43febb: the inside of each grey rectangle turns red
x1 = objects_nonzero(I)
O = fill_interiors(I, x1, 2)
