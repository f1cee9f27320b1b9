# 6f8cd79b: draw an azure frame around the edge of the grid
O = draw_border(I, 8)
