# 1f0c79e5: the 2x2 block shoots copies of itself diagonally towards its red corners
O = trail_from_marks(I, 2)
