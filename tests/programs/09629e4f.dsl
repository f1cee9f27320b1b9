# 09629e4f: the panel with the fewest coloured cells is blown up, one panel per cell
x1 = split_by_lines(I)
x2 = smallest_grid(x1)
O = cells_to_panels(I, x2)
