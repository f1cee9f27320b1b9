# 7b6016b9: enclosed areas become 2 and the open background 3
x1 = fill_enclosed(I, 2)
O = replace_colour(x1, 0, 3)
