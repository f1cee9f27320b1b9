# 445eab21: 2x2 block in the colour of the frame with the largest bounding box
x1 = objects(I)
x2 = largest_bbox(x1)
x3 = object_colour(x2)
O = blank((2, 2), x3)
