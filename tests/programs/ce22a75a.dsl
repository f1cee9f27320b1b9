# ce22a75a: every grey cell grows into a 3x3 blue square
x1 = outline(I, 1)
O = replace_colour(x1, 5, 1)
