"""How candidates are ranked: a log-linear model over every place, then its best re-ranked.

Stage one scores every node with the features of `features.features` and fitted weights: a
softmax over all nodes, quick enough to read the whole directory for each query. Stage two reads
its best RERANKED candidates again, with what would be too costly for every node (hops from the
query's partners, how far the candidate is from them, how far its twins are from the query, how
alike the countries of their twins are) and with stage one's own score, and orders them with
gradient-boosted trees (LightGBM), fitted with a softmax over those candidates.

The chance a suggestion shows is the two stages put together: stage one's chance that the next
partner is among the re-ranked candidates, shared among them as stage two says; a candidate
outside keeps stage one's chance. Both stages are fitted on relations hidden from the network
(`fitting.fit`); the fitted ranker ships as the directory's `data/ranker.json`.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from twintowns.directory.ranking.features import FEATURES, Query, Statistics
from twintowns.directory.ranking.network import great_circle_km

if TYPE_CHECKING:
    import lightgbm

RERANKED = 200
STAGE_TWO: tuple[str, ...] = (
    *FEATURES,
    "stage_one",  # stage one's score
    "stage_one_position",  # log(1 + its position in stage one, from 0)
    "stage_one_gap",  # its score less the best one's
    "query_degree",  # log(1 + the query's partners)
    "hops",  # steps from the query (through its partners), 7 when over 6, 8 without partners
    "partner_km",  # log(1 + km to the nearest of the query's partners)
    "twin_km",  # log(1 + km from the query to the nearest of the candidate's twins)
    "country_profile",  # cosine of the countries of the candidate's twins and the query's
    "twins_in_my_country_share",  # share of the candidate's twins in the query's country
)
MAX_HOPS = 6
FAR_KM = 20_000.0
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "ranker.json"


@dataclass(frozen=True, eq=False)
class Ranker:
    """Stage one's weights (one per feature) and stage two's trees (None: stage one alone)."""

    weights: np.ndarray
    booster: "lightgbm.Booster | None" = None

    def log_chances(
        self,
        stats: Statistics,
        query: Query,
        columns: np.ndarray,
        allowed: np.ndarray,
        bonus: np.ndarray | None = None,
    ) -> np.ndarray:
        """Each node's log chance of being the next partner among the allowed; -inf if not."""
        from scipy import special  # on first use: see the package's docstring

        logits = columns @ self.weights + (0.0 if bonus is None else bonus)
        chances = np.full(len(logits), -np.inf)
        if not allowed.any():
            return chances
        chances[allowed] = logits[allowed] - special.logsumexp(logits[allowed])
        if self.booster is None:
            return chances
        chosen = best(logits, allowed, RERANKED)
        rows = stage_two_rows(stats, query, columns, logits, chosen)
        second = np.asarray(self.booster.predict(rows, num_threads=1), dtype=np.float64)
        if bonus is not None:
            second = second + bonus[chosen]
        share = special.logsumexp(chances[chosen])
        chances[chosen] = share + second - special.logsumexp(second)
        return chances

    def save(self, path: Path, about: dict[str, Any]) -> None:
        content = {
            "about": about,
            "stage_one": dict(
                zip(FEATURES, (round(float(w), 6) for w in self.weights), strict=True)
            ),
            "stage_two": None if self.booster is None else self.booster.model_to_string(),
        }
        path.write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, path: Path) -> "Ranker":
        content = json.loads(path.read_text())
        weights = content["stage_one"]
        missing = sorted(set(FEATURES) - set(weights))
        if missing:
            raise ValueError(f"{path}: no weight for {', '.join(missing)}; fit it again.")
        trees = content["stage_two"]
        booster = None if trees is None else _booster(trees)
        if booster is not None and booster.num_feature() != len(STAGE_TWO):
            raise ValueError(
                f"{path}: stage two reads {booster.num_feature()} features, not {len(STAGE_TWO)}."
            )
        return cls(np.array([weights[name] for name in FEATURES]), booster)


def _booster(trees: str) -> "lightgbm.Booster":
    import lightgbm  # on first use: see the package's docstring

    return lightgbm.Booster(model_str=trees)


@lru_cache(maxsize=1)
def shipped() -> Ranker:
    """The ranker fitted on the shipped directory, read once per process."""
    return Ranker.load(SHIPPED)


def best(scores: np.ndarray, allowed: np.ndarray, count: int) -> np.ndarray:
    """The best `count` allowed nodes, ties broken by node (place id) so the order is stable."""
    candidates = np.flatnonzero(allowed)
    order = np.lexsort((candidates, -scores[candidates]))
    return np.asarray(candidates[order[:count]])


def stage_two_rows(
    stats: Statistics, query: Query, columns: np.ndarray, logits: np.ndarray, chosen: np.ndarray
) -> np.ndarray:
    """The STAGE_TWO features of the chosen nodes (given best first), one row each."""
    from scipy.sparse import csgraph  # on first use: see the package's docstring

    network = stats.network
    me = query.attributes
    count = len(chosen)
    partners = query.neighbours
    if len(partners):
        steps = csgraph.dijkstra(
            network.adjacency, unweighted=True, indices=partners, min_only=True, limit=MAX_HOPS - 1
        )[chosen]
        hops = np.where(np.isfinite(steps), steps + 1, MAX_HOPS + 1)
        partner_km = great_circle_km(
            network.latitude[chosen][:, None],
            network.longitude[chosen][:, None],
            network.latitude[partners][None, :],
            network.longitude[partners][None, :],
        ).min(axis=1)
    else:
        hops = np.full(count, MAX_HOPS + 2.0)
        partner_km = np.full(count, FAR_KM)
    mine = np.bincount(network.country[partners], minlength=len(network.countries) + 1)
    alike = stats.profile[chosen] @ mine.astype(np.float64)
    norms = stats.profile_norm[chosen] * np.sqrt(mine @ mine)
    at_home = (
        stats.profile[chosen][:, [me.country]].toarray()[:, 0]
        if me.country < len(network.countries)
        else np.zeros(count)
    )
    return np.column_stack(
        [
            columns[chosen],
            logits[chosen],
            np.log1p(np.arange(count)),
            logits[chosen] - logits[chosen[0]] if count else np.zeros(0),
            np.full(count, np.log1p(len(partners))),
            hops,
            np.log1p(partner_km),
            np.log1p(_nearest_twin_km(stats, query, chosen)),
            np.divide(alike, norms, out=np.zeros(count), where=norms > 0),
            at_home / np.maximum(stats.degree[chosen], 1),
        ]
    )


def _nearest_twin_km(stats: Statistics, query: Query, chosen: np.ndarray) -> np.ndarray:
    network = stats.network
    rows = network.adjacency[chosen]
    kilometres = network.distances_km(query.attributes.latitude, query.attributes.longitude)
    nearest = np.full(len(chosen), FAR_KM)
    filled = np.diff(rows.indptr) > 0
    if rows.nnz:
        minima = np.minimum.reduceat(kilometres[rows.indices], rows.indptr[:-1][filled])
        nearest[filled] = minima
    return nearest
