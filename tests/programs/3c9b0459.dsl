# 3c9b0459: turn the grid a half turn
O = rot180(I)
