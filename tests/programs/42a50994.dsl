# 42a50994: remove every cell that has no neighbour, diagonals included
x1 = objects_diag(I)
x2 = size_is(x1, 1)
O = remove_objects(I, x2)
