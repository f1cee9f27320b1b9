# 1fad071e: count the blue 2x2 squares as blue cells in a row of five
x1 = objects(I)
x2 = by_colour(x1, 1)
x3 = size_is(x2, 4)
x4 = count_objects(x3)
x5 = blank((1, 5), 0)
O = fill_in_reading_order(x5, x4, 1)
