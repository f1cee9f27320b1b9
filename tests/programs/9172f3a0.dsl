# 9172f3a0: scale up by 3
O = scale_up(I, 3)
