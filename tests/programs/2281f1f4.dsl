# 2281f1f4: where a column marked on the top edge meets a row marked on the right edge, put red
O = mark_crossings(I, 2)
