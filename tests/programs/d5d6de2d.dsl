# d5d6de2d: fill the inside of each hollow box with 3 and erase the boxes
x1 = fill_enclosed(I, 3)
O = replace_colour(x1, 2, 0)
