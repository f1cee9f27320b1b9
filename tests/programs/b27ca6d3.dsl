# b27ca6d3: outline every two-cell object with 3
x1 = objects(I)
x2 = size_is(x1, 2)
O = outline_objects(I, x2, 3)
