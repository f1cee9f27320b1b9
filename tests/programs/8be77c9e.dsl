# 8be77c9e: add the upside-down image below
O = mirror_down(I)
