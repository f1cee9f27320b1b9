# 60b61512: the empty cells of each yellow shape's bounding box turn orange
O = fill_bboxes(I, 7)
