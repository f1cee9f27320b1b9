# 11852cab: complete each pattern's mirror and rotation symmetry about its own centre
O = symmetrize_objects(I)
