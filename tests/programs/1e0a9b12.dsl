# 1e0a9b12: every cell falls to the bottom of its column
O = gravity_down(I)
