"""Speed at scale, beside the project and not part of it: synthetic data (`twintowns synth`)
and the benchmark (`twintowns bench`), which `make bench` and `make load` run.

The site never imports this package (`tests/scale/test_apart.py` holds it so); the settings add
its app, and with it the two commands, only where it is installed.
"""
