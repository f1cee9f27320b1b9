# 5582e5ca: fill the grid with its most common colour
x1 = background_colour(I)
O = fill_grid(I, x1)
