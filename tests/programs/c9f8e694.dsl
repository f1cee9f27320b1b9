# c9f8e694: each grey cell takes the colour of the nearest cell of the coloured column
O = recolour_by_nearest(I, 5)
