# 6fa7a44f: add the upside-down image below
O = mirror_down(I)
