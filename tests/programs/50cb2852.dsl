# 50cb2852: the inside of every rectangle turns azure
x1 = objects(I)
O = fill_interiors(I, x1, 8)
