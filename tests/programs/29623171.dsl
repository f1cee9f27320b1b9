# 29623171: the panels holding the most coloured cells are filled, the others emptied
O = keep_fullest_panels(I)
