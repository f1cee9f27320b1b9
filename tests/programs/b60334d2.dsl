# b60334d2: each grey cell becomes a ring: blue on its sides, grey on its corners, black centre
x1 = replace_colour(I, 5, 9)
x2 = decorate_orthogonal(x1, 9, 1)
x3 = decorate_diagonal(x2, 9, 5)
O = replace_colour(x3, 9, 0)
