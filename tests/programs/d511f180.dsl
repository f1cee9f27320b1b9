# d511f180: exchange grey and azure
O = apply_colour_map(I, {5:8, 8:5})
