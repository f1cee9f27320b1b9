# b94a9452: crop the square and exchange its two colours
x1 = trim(I)
O = invert(x1)
