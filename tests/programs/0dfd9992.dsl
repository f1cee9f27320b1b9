# 0dfd9992: fill the black holes by continuing the periodic pattern
O = complete_pattern(I, 0)
