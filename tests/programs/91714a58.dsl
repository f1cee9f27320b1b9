# 91714a58: keep only the solid rectangle hidden in the noise
O = remove_specks(I)
