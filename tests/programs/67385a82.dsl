# 67385a82: green shapes of two or more cells turn azure; single green cells stay
x1 = objects_nonzero(I)
x2 = remove_singletons(x1)
O = recolour_objects(I, x2, 8)
