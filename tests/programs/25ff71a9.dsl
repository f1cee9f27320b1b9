# 25ff71a9: move the shape down one row
x1 = objects_multi(I)
x2 = first_object(x1)
O = move_object(I, x2, (1, 0))
