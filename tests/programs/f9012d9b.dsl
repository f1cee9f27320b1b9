# f9012d9b: what lies under the black patch once the periodic pattern is completed
O = pattern_patch(I, 0)
