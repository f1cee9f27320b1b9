# 2dc579da: of the panels between the lines, keep the one holding the odd cell
x1 = split_by_lines(I)
O = most_colourful_grid(x1)
