# 7f4411dc: remove the stray cells, keeping the rectangles
O = remove_specks(I)
