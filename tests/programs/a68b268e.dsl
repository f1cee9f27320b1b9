# a68b268e: lay the four quarters over each other, top-left quarter on top
x1 = split_by_lines(I)
O = overlay_grids(x1)
