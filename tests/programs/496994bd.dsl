# 496994bd: mirror the rows at the top onto the bottom
O = make_symmetric_v(I)
