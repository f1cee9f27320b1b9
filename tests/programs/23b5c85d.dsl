# 23b5c85d: crop the smallest rectangle
x1 = objects(I)
x2 = smallest(x1)
O = crop(I, x2)
