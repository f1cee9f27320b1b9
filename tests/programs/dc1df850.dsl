# dc1df850: surround every red cell with a ring of 1
x1 = objects(I)
x2 = by_colour(x1, 2)
O = outline_objects(I, x2, 1)
