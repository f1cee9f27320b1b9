# 0d3d703e: a fixed colour substitution (3<->4, 1<->5, 2<->6, 8<->9)
O = apply_colour_map(I, {3:4, 4:3, 1:5, 5:1, 2:6, 6:2, 8:9, 9:8})
