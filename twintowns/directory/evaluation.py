"""Measured quality of the suggestions: hide relations, rank for their cities, count the finds.

Honest by construction: the hidden relations are removed from the network before any feature
(neighbours, degrees, country pairs) is computed; each end of a hidden relation is a query whose
candidates are every node but itself, its remaining twins and its other hidden partners; a
candidate tied with others takes the average of their positions; every method ranks the same
queries. The learned method fits both its stages on further splits carved from the training
network (its relations hidden again), never on the relations under test.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import lightgbm
import numpy as np
from scipy import optimize

from twintowns.directory.features import FEATURES, Query, Statistics, features
from twintowns.directory.network import Network
from twintowns.directory.ranking import RERANKED, STAGE_TWO, Ranker, best, stage_two_rows

# Each scorer gets the query's features and the mask of its candidates; it scores every node.
Scorer = Callable[[Statistics, Query, np.ndarray, np.ndarray], np.ndarray]

# Candidates a fitting query keeps besides the target: the strongest by structure, and a
# uniform sample of the rest standing (with its weight) for all the others.
FIT_STRUCTURAL = 300
FIT_SAMPLED = 300
FIT_QUERIES = 2000
REGULARISATION = 1e-3
# Stage two learns from the queries of this many further splits, each hiding `share` again:
# more queries keep helping up to about eight (hits@10 0.175 with two, 0.181 with four, 0.184
# with eight in trials on an earlier import of the directory, 18,565 relations, seed 1).
STAGE_TWO_SPLITS = 8
STAGE_TWO_QUERIES = 3000
TREES = dict(
    learning_rate=0.03,
    num_leaves=15,
    min_data_in_leaf=50,
    bagging_fraction=0.8,
    bagging_freq=1,
    feature_fraction=0.8,
    seed=0,
    deterministic=True,
    force_row_wise=True,
    num_threads=2,
    verbosity=-1,
)
ROUNDS = 400
# Sharing more twins with the city's partners, or scoring higher in stage one, never makes a
# candidate less likely in stage two, all else equal: without it the trees, far from the data
# they learned on (a network of eight places), put a city sharing two partners below one
# sharing one.
RISING = (
    "common",
    "adamic_adar",
    "resource_allocation",
    "any_common",
    "stage_one",
    "stage_one_gap",
)
FALLING = ("stage_one_position",)


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


def fit(network: Network, *, share: float = 0.1, seed: int = 1) -> Ranker:
    """Both stages, fitted on relations hidden from `network` (in an evaluation, its training one).

    Stage one first; stage two then learns to re-rank stage one's best candidates.
    """
    weights = fit_weights(network, share=share, seed=seed)
    return Ranker(weights, fit_trees(network, weights, share=share, seed=seed))


def fit_weights(network: Network, *, share: float = 0.1, seed: int = 1) -> np.ndarray:
    """Weights of the log-linear model: a softmax over all nodes, fitted on hidden relations.

    It hides `share` of the network's relations again and learns to find them.
    """
    data = split(network, share, seed + 7, FIT_QUERIES)
    stats = Statistics(data.training)
    rng = np.random.default_rng(seed + 13)
    batches = [_fit_sample(stats, q, m, t, rng) for q, m, t in queries_of(stats, data) if m[t]]
    if not batches:
        return np.zeros(len(FEATURES))
    rows = np.concatenate([b[0] for b in batches])
    log_weights = np.concatenate([b[1] for b in batches])
    sizes = np.array([len(b[1]) for b in batches])
    scale = rows.std(axis=0) + 1e-9
    standard = rows / scale
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        logits = standard @ w + log_weights
        peak = np.maximum.reduceat(logits, starts)
        exp = np.exp(logits - np.repeat(peak, sizes))
        total = np.add.reduceat(exp, starts)
        share_of = exp / np.repeat(total, sizes)
        value = -np.sum(logits[starts] - peak - np.log(total))
        gradient = -(standard[starts].sum(axis=0) - share_of @ standard)
        n = len(sizes)
        return value / n + REGULARISATION * w @ w, gradient / n + 2 * REGULARISATION * w

    found = optimize.minimize(loss, np.zeros(rows.shape[1]), jac=True, method="L-BFGS-B")
    return np.asarray(found.x / scale)


def fit_trees(
    network: Network, weights: np.ndarray, *, share: float = 0.1, seed: int = 1
) -> lightgbm.Booster | None:
    """Stage two: trees fitted with a softmax over stage one's best RERANKED candidates.

    Queries come from STAGE_TWO_SPLITS further splits of `network`; a query whose hidden
    partner stage one leaves out teaches nothing and is skipped. None when no query is left.
    """
    rows, labels, sizes = [], [], []
    for round_ in range(STAGE_TWO_SPLITS):
        data = split(network, share, seed + 100 + round_, STAGE_TWO_QUERIES)
        stats = Statistics(data.training)
        for query, mask, target in queries_of(stats, data):
            if not mask[target]:
                continue
            columns = features(stats, query)
            logits = columns @ weights
            chosen = best(logits, mask, RERANKED)
            if target not in chosen:
                continue
            rows.append(stage_two_rows(stats, query, columns, logits, chosen))
            labels.append(chosen == target)
            sizes.append(len(chosen))
    if not rows:
        return None
    dataset = lightgbm.Dataset(
        np.concatenate(rows),
        label=np.concatenate(labels).astype(np.float64),
        feature_name=list(STAGE_TWO),
    )
    objective = _softmax_objective(np.array(sizes))
    monotone = [1 if name in RISING else -1 if name in FALLING else 0 for name in STAGE_TWO]
    parameters = {**TREES, "objective": objective, "monotone_constraints": monotone}
    return lightgbm.train(parameters, dataset, num_boost_round=ROUNDS)


def _softmax_objective(
    sizes: np.ndarray,
) -> Callable[[np.ndarray, lightgbm.Dataset], tuple[np.ndarray, np.ndarray]]:
    """The gradient and hessian of -log softmax(target) within each query's candidates."""
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])

    def objective(scores: np.ndarray, data: lightgbm.Dataset) -> tuple[np.ndarray, np.ndarray]:
        peak = np.maximum.reduceat(scores, starts)
        exp = np.exp(scores - np.repeat(peak, sizes))
        share_of = exp / np.repeat(np.add.reduceat(exp, starts), sizes)
        return share_of - data.get_label(), np.maximum(share_of * (1 - share_of), 1e-6)

    return objective


def _fit_sample(
    stats: Statistics, query: Query, mask: np.ndarray, target: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """The target first, then the kept candidates, with the log weight each one stands for."""
    columns = features(stats, query)
    mask = mask.copy()
    mask[target] = False
    structure = columns[:, FEATURES.index("adamic_adar")] + columns[:, FEATURES.index("paths3")]
    linked = np.flatnonzero(mask & (structure > 0))
    linked = linked[np.argsort(-structure[linked], kind="stable")[:FIT_STRUCTURAL]]
    mask[linked] = False
    rest = np.flatnonzero(mask)
    sampled = rng.choice(rest, size=min(FIT_SAMPLED, len(rest)), replace=False)
    weight = np.log(len(rest) / max(len(sampled), 1)) if len(rest) else 0.0
    nodes = np.concatenate([[target], linked, sampled]).astype(np.int64)
    log_weights = np.concatenate([np.zeros(1 + len(linked)), np.full(len(sampled), weight)])
    return columns[nodes], log_weights
