# 67e8384a: mirror the grid into all four quadrants
O = tile_mirrored(I, 2, 2)
