# b1948b0a: magenta becomes red
O = apply_colour_map(I, {6:2})
