# 7fe24cdd: arrange the grid and its rotations clockwise in a 2x2 block
O = tile_rotations(I)
