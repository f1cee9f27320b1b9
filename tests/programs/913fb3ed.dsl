# 913fb3ed: ring each cell by colour: 3 gets 6, 8 gets 4, 2 gets 1
x1 = objects(I)
x2 = by_colour(x1, 3)
x3 = outline_objects(I, x2, 6)
x4 = by_colour(x1, 8)
x5 = outline_objects(x3, x4, 4)
x6 = by_colour(x1, 2)
O = outline_objects(x5, x6, 1)
