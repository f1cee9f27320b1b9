# 1e32b0e9: copy the first panel's shape into the other panels in the separator colour
O = trace_first_panel(I)
