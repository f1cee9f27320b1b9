# e3497940: fold the right half onto the left half
x1 = left_half(I)
x2 = right_half(I)
x3 = flip_h(x2)
O = overlay(x1, x3)
