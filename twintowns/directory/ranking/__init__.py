"""How the directory ranks candidate partners, in the order the parts build on each other.

- `network`: the directory as an in-memory graph, loaded from the database once per process;
- `features`: what stage one knows of every candidate seen from a query city;
- `stages`: the two-stage ranker (log-linear, then trees) and the fitted one it ships;
- `evaluation`: hide relations, rank for their cities, count the finds (hits@10, MRR);
- `fitting`: both stages fitted on hidden relations (`twintowns directory evaluate --fit`).

The pages import these modules (through the suggestions' selector), but most processes never
suggest: the numerical libraries only ranking needs (scipy's special, spatial and csgraph,
LightGBM: 26 MB and 0.25 s a process) are imported where they are first used, not at the top
(tests/directory/test_parts.py). numpy and scipy.sparse hold the network and load with it.
"""
