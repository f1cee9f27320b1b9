# 1190e5a7: one cell of the background colour per panel between the lines
O = panels_to_cells(I)
