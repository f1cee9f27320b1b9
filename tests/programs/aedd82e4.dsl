# aedd82e4: red cells with no red neighbour turn blue
x1 = objects_nonzero(I)
x2 = size_is(x1, 1)
O = recolour_objects(I, x2, 1)
