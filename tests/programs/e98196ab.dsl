# e98196ab: lay the top half over the bottom half
x1 = halves_v(I)
O = overlay_grids(x1)
