# c8f0f002: orange becomes grey
O = apply_colour_map(I, {7:5})
