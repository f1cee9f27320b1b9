# cce03e0d: put a copy of the grid at each red cell
O = fractal_where(I, 2)
