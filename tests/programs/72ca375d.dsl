# 72ca375d: crop the one shape that is left-right symmetric
x1 = objects_diag(I)
x2 = symmetric_objects(x1)
x3 = first_object(x2)
O = crop(I, x3)
