# 6773b310: a panel holding two magenta cells becomes a blue cell, the others black
x1 = panel_counts(I)
O = apply_colour_map(x1, {1:0, 2:1})
