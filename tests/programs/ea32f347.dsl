# ea32f347: the longest grey bar turns blue, the middle one yellow, the shortest red
x1 = recolour_by_size_rank(I)
O = apply_colour_map(x1, {2:4, 3:2})
