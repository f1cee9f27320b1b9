# 1f85a75f: crop the one large shape among the scattered specks
x1 = largest_object(I)
O = crop(I, x1)
