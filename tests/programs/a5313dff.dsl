# a5313dff: black cells enclosed by the red walls turn blue
O = fill_enclosed(I, 1)
