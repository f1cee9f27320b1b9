# 780d0b14: each noisy block between the black lines becomes one cell of its colour
O = panels_to_cells(I)
