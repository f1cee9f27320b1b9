# 9dfd6313: mirror the grid along its main diagonal
O = transpose(I)
