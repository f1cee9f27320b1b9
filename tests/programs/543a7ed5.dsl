# 543a7ed5: fill the holes of each magenta shape with yellow and ring it with green
x1 = fill_enclosed(I, 4)
O = outline(x1, 3)
