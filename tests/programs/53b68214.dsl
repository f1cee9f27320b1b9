# 53b68214: continue the (maybe slanted) pattern down to a 10x10 grid
O = continue_pattern(I, (10, 10))
