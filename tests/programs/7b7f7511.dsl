# 7b7f7511: undo the doubling: keep the left half of a wide grid, else the top half
x1 = is_wider(I)
x2 = left_half(I)
x3 = top_half(I)
O = choose(x1, x2, x3)
