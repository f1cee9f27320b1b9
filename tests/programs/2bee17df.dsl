# 2bee17df: rows and columns open from one border wall to the other turn green
O = fill_open_lines(I, 3)
