# 3de23699: crop inside the four corner marks and paint the shape in the marks' colour
x1 = colour_groups(I)
x2 = largest_bbox(x1)
x3 = object_colour(x2)
x4 = recolour_foreground(I, x3)
O = crop_inside(x4, x2)
