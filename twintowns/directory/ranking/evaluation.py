"""Measured quality of the suggestions: hide relations, rank for their cities, count the finds.

Honest by construction: the hidden relations are removed from the network before any feature
(neighbours, degrees, country pairs) is computed; each end of a hidden relation is a query whose
candidates are every node but itself, its remaining twins and its other hidden partners; a
candidate tied with others takes the average of their positions; every method ranks the same
queries. The learned method fits both its stages (`fitting`) on further splits carved from the
training network (its relations hidden again), never on the relations under test.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from twintowns.directory.ranking.features import FEATURES, Query, Statistics, features
from twintowns.directory.ranking.network import Network
from twintowns.directory.ranking.stages import Ranker

# Each scorer gets the query's features and the mask of its candidates; it scores every node.
Scorer = Callable[[Statistics, Query, np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Result:
    method: str
    queries: int
    hits_at_10: float
    mrr: float


@dataclass(frozen=True)
class Split:
    """A network with some relations hidden: the training network and the queries to rank."""

    training: Network
    queries: np.ndarray  # (query node, hidden partner node) rows
    hidden: dict[int, set[int]]  # each query node's hidden partners


def split(network: Network, share: float, seed: int, max_queries: int | None = None) -> Split:
    """Hide `share` of the relations at random (deterministic per seed); both ends query."""
    rng = np.random.default_rng(seed)
    edges = network.edges()
    count = round(len(edges) * share)
    hidden_edges = edges[np.sort(rng.choice(len(edges), size=count, replace=False))]
    queries = np.concatenate([hidden_edges, hidden_edges[:, ::-1]])
    if max_queries is not None and max_queries < len(queries):
        queries = queries[np.sort(rng.choice(len(queries), size=max_queries, replace=False))]
    hidden: dict[int, set[int]] = {}
    for a, b in hidden_edges:
        hidden.setdefault(int(a), set()).add(int(b))
        hidden.setdefault(int(b), set()).add(int(a))
    return Split(network.without(hidden_edges), queries, hidden)


def rank_of(scores: np.ndarray, candidates: np.ndarray, target: int) -> float:
    """The target's position among the candidates, best first; ties take their average.

    A target that is not a candidate is never found: its position is infinite.
    """
    if not np.isin(target, candidates):
        return float("inf")
    target_score = scores[target]
    pool = scores[candidates]
    better = int(np.sum(pool > target_score))
    tied = int(np.sum(pool == target_score))
    return better + (tied + 1) / 2


def queries_of(stats: Statistics, data: Split) -> Iterator[tuple[Query, np.ndarray, int]]:
    """Each query, the mask of its candidates and its target, on the training network.

    Candidates are the places the training network twins with something: a place whose
    every relation is hidden would not be in the directory, so it cannot be suggested (its
    query still counts, as a miss).
    """
    network = stats.network
    for node, target in data.queries:
        node, target = int(node), int(target)
        query = Query(node, network.neighbours(node), network.attributes(node))
        candidates = stats.degree > 0
        candidates[node] = False
        candidates[query.neighbours] = False
        candidates[[n for n in data.hidden[node] if n != target]] = False
        yield query, candidates, target


def evaluate(
    network: Network,
    *,
    share: float = 0.1,
    seed: int = 1,
    methods: dict[str, Scorer],
    max_queries: int | None = None,
) -> list[Result]:
    """hits@10 and MRR of each method on the same hidden relations."""
    data = split(network, share, seed, max_queries)
    stats = Statistics(data.training)
    ranks: dict[str, list[float]] = {name: [] for name in methods}
    for query, mask, target in queries_of(stats, data):
        columns = features(stats, query)
        candidates = np.flatnonzero(mask)
        for name, scorer in methods.items():
            ranks[name].append(rank_of(scorer(stats, query, columns, mask), candidates, target))
    return [_result(name, np.array(values)) for name, values in ranks.items()]


def _result(name: str, ranks: np.ndarray) -> Result:
    if not len(ranks):
        return Result(name, 0, 0.0, 0.0)
    return Result(name, len(ranks), float(np.mean(ranks <= 10)), float(np.mean(1 / ranks)))


def baselines(seed: int) -> dict[str, Scorer]:
    """The methods to beat: random, population similarity, common neighbours, Adamic-Adar."""
    rng = np.random.default_rng(seed + 1_000_003)

    def random(stats: Statistics, query: Query, columns: np.ndarray, _: np.ndarray) -> np.ndarray:
        return rng.random(stats.network.size)

    def column(name: str, sign: float = 1.0) -> Scorer:
        index = FEATURES.index(name)
        return lambda stats, query, columns, _: sign * columns[:, index]

    return {
        "random": random,
        "population": column("population_gap", -1.0),
        "common_neighbours": column("common"),
        "adamic_adar": column("adamic_adar"),
        "resource_allocation": column("resource_allocation"),
        "l3": column("paths3"),
    }


def learned(ranker: Ranker) -> Scorer:
    return lambda stats, query, columns, mask: ranker.log_chances(stats, query, columns, mask)
