# 9ecd008a: what lies under the black square once the symmetric picture is completed
O = symmetry_patch(I, 0)
