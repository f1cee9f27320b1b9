# ded97339: join facing azure cells on rows and columns
O = connect_same_colour(I)
