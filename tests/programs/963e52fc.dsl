# 963e52fc: continue the repeating band to twice the width
x1 = width(I)
x2 = multiply(x1, 2)
x3 = height(I)
x4 = make_shape(x3, x2)
O = continue_pattern(I, x4)
