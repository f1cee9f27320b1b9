# c9e6f938: add the left-right mirror image on the right
O = mirror_right(I)
