# 2013d3e2: crop the symmetric shape and keep its top-left quarter
x1 = trim(I)
x2 = left_half(x1)
O = top_half(x2)
