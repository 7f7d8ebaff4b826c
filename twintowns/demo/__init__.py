"""The demo: Ankara's international relations as the seed presents them (`twintowns demo`)."""
