# 017c7c7b: continue the blue pattern to nine rows and paint it red
x1 = continue_pattern(I, (9, 3))
O = replace_colour(x1, 1, 2)
