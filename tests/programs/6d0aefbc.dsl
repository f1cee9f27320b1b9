# 6d0aefbc: add the mirror image on the right
O = mirror_right(I)
