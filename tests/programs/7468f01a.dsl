# 7468f01a: crop the rectangle and mirror it left to right
x1 = trim(I)
O = flip_h(x1)
