# 2204b7a8: each green cell takes the colour of the nearer of the two border lines
O = recolour_by_nearest(I, 3)
