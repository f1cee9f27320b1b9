# 10fcaaa3: tile the grid 2x2 and put azure on the diagonal neighbours of each coloured cell
x1 = tile(I, 2, 2)
x2 = foreground_colour(I)
O = decorate_diagonal(x1, x2, 8)
