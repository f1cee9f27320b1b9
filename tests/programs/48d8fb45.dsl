# 48d8fb45: crop the shape marked by the grey cell, without the marker
x1 = objects_multi_diag(I)
x2 = most_colourful(x1)
x3 = crop(I, x2)
x4 = replace_colour(x3, 5, 0)
O = trim_zero(x4)
