# d631b094: a row with one cell per coloured cell, in that colour
# Black padding makes 0 the background even when the coloured cells outnumber the black ones.
x1 = fill_grid(I, 0)
x2 = vconcat(I, x1)
x3 = count_foreground(x2)
x4 = foreground_colour(x2)
O = count_to_row(x3, x4)
