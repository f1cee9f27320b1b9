# aabf363d: recolour the shape with the corner cell's colour and erase the corner cell
x1 = colour_at(I, (-1, 0))
x2 = objects(I)
x3 = smallest(x2)
x4 = remove_object(I, x3)
O = recolour_foreground(x4, x1)
