# 3631a71a: repair the symmetric picture where it is blotted out with 9
O = complete_symmetry(I, 9)
