# 05f2a901: the red shape slides towards the azure square until it touches it
x1 = objects_multi(I)
x2 = object_of_colour(x1, 2)
x3 = object_of_colour(x1, 8)
O = move_until_touching(I, x2, x3)
