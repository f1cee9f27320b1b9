# 3906de3d: the red bars rise until they meet the grey shape
O = gravity_up(I)
