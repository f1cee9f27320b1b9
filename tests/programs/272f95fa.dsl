# 272f95fa: colour the panels by position: top 2, left 4, centre 6, right 3, bottom 1
x1 = paint_panel(I, 1, 2)
x2 = paint_panel(x1, 3, 4)
x3 = paint_panel(x2, 4, 6)
x4 = paint_panel(x3, 5, 3)
O = paint_panel(x4, 7, 1)
