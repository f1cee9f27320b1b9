# 6d75e8bb: the empty cells of the azure shape's bounding box turn red
x1 = objects(I)
x2 = largest(x1)
O = fill_bbox(I, x2, 2)
