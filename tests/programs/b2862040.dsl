# b2862040: closed shapes become 8
x1 = objects(I)
x2 = with_holes(x1)
O = recolour_objects(I, x2, 8)
