# b91ae062: scale up by the number of colours other than black
x1 = count_colours(I)
x2 = subtract(x1, 1)
O = scale_up(I, x2)
