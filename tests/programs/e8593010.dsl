# e8593010: black regions of three cells turn blue, of two red, single cells green
O = recolour_by_size_rank(I)
