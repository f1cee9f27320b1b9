# b9b7f026: the colour of the one rectangle with a hole, as a single cell
x1 = objects(I)
x2 = with_holes(x1)
x3 = first_object(x2)
x4 = object_colour(x3)
O = blank((1, 1), x4)
