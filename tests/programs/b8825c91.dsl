# b8825c91: repair the symmetric picture where it is blotted out with 4
O = complete_symmetry(I, 4)
