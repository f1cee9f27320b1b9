# 9f236235: each panel becomes one cell of its colour, then mirror left to right
x1 = panels_to_cells(I)
O = flip_h(x1)
