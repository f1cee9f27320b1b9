# d2abd087: objects of six cells become 2, all other objects 1
x1 = objects(I)
x2 = size_is(x1, 6)
x3 = recolour_foreground(I, 1)
O = recolour_objects(x3, x2, 2)
