# d43fd935: cells level with the green square draw a line of their colour up to it
x1 = objects(I)
x2 = largest(x1)
O = shoot_towards(I, x2)
