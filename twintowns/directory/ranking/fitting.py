"""Fitting the ranker: both stages learn to find relations hidden from the network.

Stage one's weights minimise a softmax loss over every candidate (a sample standing for most);
stage two's trees then learn to re-rank stage one's best candidates. Both read queries made the
way the evaluation makes them (`evaluation.split`), on splits of the network they are given: in
an evaluation, its training network only.
"""

from collections.abc import Callable

import lightgbm
import numpy as np
from scipy import optimize

from twintowns.directory.ranking.evaluation import queries_of, split
from twintowns.directory.ranking.features import FEATURES, Query, Statistics, features
from twintowns.directory.ranking.network import Network
from twintowns.directory.ranking.stages import RERANKED, STAGE_TWO, Ranker, best, stage_two_rows

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
