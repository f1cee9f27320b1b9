# d037b0a7: each coloured cell paints downwards to the bottom
O = extend_down(I)
