# 31aa019c: keep only the cell of the colour that occurs once and ring it with red
x1 = minority_colour(I)
x2 = keep_colour(I, x1)
O = outline(x2, 2)
