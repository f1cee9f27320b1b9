# 8d5021e8: mirror to the left, then stack flipped/plain/flipped copies downwards
x1 = mirror_left(I)
x2 = flip_v(x1)
x3 = vconcat(x2, x1)
O = vconcat(x3, x2)
