# c3e719e8: each cell of the most common colour becomes a copy of the grid
x1 = background_colour(I)
O = fractal_where(I, x1)
