# 4258a5f9: ring each grey cell with 1
O = outline(I, 1)
