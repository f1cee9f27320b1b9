# 4347f46a: hollow out each solid rectangle, keeping its rim
O = hollow_objects(I)
