# 9565186b: every cell not of the most common colour turns grey
O = recolour_foreground(I, 5)
