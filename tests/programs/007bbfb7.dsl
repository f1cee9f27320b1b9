# 007bbfb7: fractal: each coloured cell becomes a copy of the grid
# Black padding makes 0 the background, so foreground_colour is the shape colour even when it
# covers most of the 3x3 input.
x1 = fill_grid(I, 0)
x2 = vconcat(I, x1)
x3 = vconcat(x2, x1)
x4 = foreground_colour(x3)
O = fractal_where(I, x4)
