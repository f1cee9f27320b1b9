# 6e82a1ae: grey shapes of four cells turn blue, of three red, of two green
O = recolour_by_size_rank(I)
