# 1c786137: crop what lies inside the frame hidden in the noise
x1 = largest_object(I)
O = crop_inside(I, x1)
