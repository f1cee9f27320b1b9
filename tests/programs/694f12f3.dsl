# 694f12f3: the inside of the larger yellow rectangle turns red, of the smaller one blue
x1 = objects_nonzero(I)
x2 = largest(x1)
x3 = fill_object_interior(I, x2, 2)
x4 = smallest(x1)
O = fill_object_interior(x3, x4, 1)
