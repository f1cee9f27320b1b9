# be94b721: crop the largest object
x1 = objects_diag(I)
x2 = largest(x1)
O = crop(I, x2)
