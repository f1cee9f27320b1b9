# 7c008303: colour the green pattern by the 2x2 key blown up to its size
x1 = split_by_lines(I)
x2 = largest_grid(x1)
x3 = most_colourful_grid(x1)
x4 = shape_of(x2)
x5 = scale_to_shape(x3, x4)
O = recolour_by_grid(x2, x5)
