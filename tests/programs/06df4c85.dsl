# 06df4c85: join panels of the same colour that face each other on a row or column of panels
x1 = panels_to_cells(I)
x2 = connect_same_colour(x1)
O = cells_to_panels(I, x2)
