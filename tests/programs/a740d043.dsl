# a740d043: crop the picture off its blue background and make that background black
x1 = trim(I)
O = replace_colour(x1, 1, 0)
