# 810b9b61: closed loops become 3
x1 = objects(I)
x2 = with_holes(x1)
O = recolour_objects(I, x2, 3)
