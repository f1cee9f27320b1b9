# 00d62c1b: enclosed black areas become 4
O = fill_enclosed(I, 4)
