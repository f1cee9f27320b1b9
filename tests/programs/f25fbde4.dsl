# f25fbde4: crop the shape and scale it up by 2
x1 = trim(I)
O = scale_up(x1, 2)
