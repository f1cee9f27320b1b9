# 9edfc990: the black regions that touch a blue cell turn blue
O = spread_colour(I, 1)
