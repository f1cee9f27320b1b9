# a416b8f3: repeat the grid twice side by side
O = tile(I, 1, 2)
