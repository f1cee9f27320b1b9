# 28bf18c6: crop the shape and repeat it twice side by side
x1 = trim(I)
O = tile(x1, 1, 2)
