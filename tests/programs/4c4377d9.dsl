# 4c4377d9: add the upside-down image above
O = mirror_up(I)
