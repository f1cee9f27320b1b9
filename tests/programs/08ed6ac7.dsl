# 08ed6ac7: recolour the bars by height rank: 1 for the tallest, then 2, 3, 4
O = recolour_by_size_rank(I)
