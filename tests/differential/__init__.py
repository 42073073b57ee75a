# Lets `python3 -m unittest` at the repository root discover the Python tests.
