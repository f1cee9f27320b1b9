# cf98881b: lay the three panels over each other, the leftmost on top
x1 = split_by_lines(I)
O = overlay_grids(x1)
