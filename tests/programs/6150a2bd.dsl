# 6150a2bd: turn the grid a half turn
O = rot180(I)
