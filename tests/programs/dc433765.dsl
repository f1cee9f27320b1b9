# dc433765: the green cell moves one step towards the yellow cell
x1 = objects(I)
x2 = object_of_colour(x1, 3)
x3 = object_of_colour(x1, 4)
O = step_towards(I, x2, x3)
