# 32597951: blue cells inside the box spanned by the azure cells turn green
x1 = colour_groups(I)
x2 = object_of_colour(x1, 8)
O = replace_in_bbox(I, x2, 1, 3)
