"""The two-stage ranking: chances that add up, a file that round-trips, trees that learn."""

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from scipy import special

from twintowns.directory.ranking import evaluation, fitting, stages
from twintowns.directory.ranking.features import FEATURES, Query, Statistics, features
from twintowns.directory.ranking.network import Network, _symmetric
from twintowns.directory.ranking.stages import STAGE_TWO, Ranker


def geometric(size: int, seed: int) -> Network:
    """Places scattered over a 10-degree square, each twinned with its three nearest.

    Who twins with whom is a matter of distance alone: the pattern stage two's distances
    (to the query's partners, from the query to the candidate's twins) can learn.
    """
    rng = np.random.default_rng(seed)
    latitude, longitude = rng.uniform(40, 50, size), rng.uniform(0, 10, size)
    gaps = np.hypot(latitude[:, None] - latitude, longitude[:, None] - longitude)
    np.fill_diagonal(gaps, np.inf)
    nearest = np.argsort(gaps, axis=1)[:, :3]
    edges = np.unique(
        np.sort(np.column_stack([np.repeat(np.arange(size), 3), nearest.ravel()])), axis=0
    )
    return Network(
        place_ids=np.arange(size, dtype=np.int64),
        adjacency=_symmetric(edges, size),
        countries=("AA", "BB"),
        country=(longitude > 5).astype(np.int16),
        continent=np.zeros(size, dtype=np.int8),
        population=rng.uniform(1e4, 1e6, size),
        latitude=latitude,
        longitude=longitude,
        capital=np.zeros(size, dtype=bool),
    )


@pytest.fixture(scope="module", autouse=True)
def quick_trees() -> Iterator[None]:
    """Fewer trees and splits than a real fit: these networks are small."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fitting, "ROUNDS", 100)
        patch.setattr(fitting, "STAGE_TWO_SPLITS", 3)
        yield


@pytest.fixture(scope="module")
def trained() -> tuple[Network, Ranker]:
    network = geometric(150, seed=1)
    return network, fitting.fit(network, share=0.1, seed=1)


def asking(network: Network, node: int) -> tuple[Statistics, Query, np.ndarray, np.ndarray]:
    """The statistics, the query of `node`, its features, and every node allowed but itself."""
    stats = Statistics(network)
    query = Query(node, network.neighbours(node), network.attributes(node))
    allowed = np.ones(network.size, dtype=bool)
    allowed[node] = False
    return stats, query, features(stats, query), allowed


def test_chances_add_up_to_one_over_the_allowed_and_nothing_elsewhere(
    trained: tuple[Network, Ranker],
) -> None:
    network, ranker = trained
    stats, query, columns, allowed = asking(network, 7)
    allowed[[*query.neighbours, 100, 101]] = False

    chances = ranker.log_chances(stats, query, columns, allowed)

    assert np.exp(special.logsumexp(chances[allowed])) == pytest.approx(1.0)
    assert np.all(chances[~allowed] == -np.inf)


def test_stage_one_alone_is_a_softmax_of_the_weighted_features(
    trained: tuple[Network, Ranker],
) -> None:
    network, ranker = trained
    stats, query, columns, allowed = asking(network, 7)

    chances = Ranker(ranker.weights).log_chances(stats, query, columns, allowed)

    logits = (columns @ ranker.weights)[allowed]
    assert chances[allowed] == pytest.approx(logits - special.logsumexp(logits))


def test_the_bonus_of_a_shared_organization_raises_a_candidate(
    trained: tuple[Network, Ranker],
) -> None:
    network, ranker = trained
    stats, query, columns, allowed = asking(network, 7)
    before = ranker.log_chances(stats, query, columns, allowed)
    last = int(stages.best(before, allowed, network.size)[-1])
    bonus = np.zeros(network.size)
    bonus[last] = 50.0

    after = ranker.log_chances(stats, query, columns, allowed, bonus)

    assert int(stages.best(after, allowed, 1)[0]) == last


def test_a_saved_ranker_reads_back_the_same(
    trained: tuple[Network, Ranker], tmp_path: Path
) -> None:
    network, ranker = trained
    path = tmp_path / "ranker.json"
    ranker.save(path, {"places": network.size})
    stats, query, columns, allowed = asking(network, 11)

    again = Ranker.load(path)

    assert again.booster is not None
    assert again.log_chances(stats, query, columns, allowed) == pytest.approx(
        ranker.log_chances(stats, query, columns, allowed)
    )


def test_a_ranker_missing_a_feature_is_refused(
    trained: tuple[Network, Ranker], tmp_path: Path
) -> None:
    _, ranker = trained
    path = tmp_path / "ranker.json"
    ranker.save(path, {})
    path.write_text(path.read_text().replace('"paths4"', '"paths5"'))

    with pytest.raises(ValueError) as error:
        Ranker.load(path)

    assert str(error.value) == f"{path}: no weight for paths4; fit it again."


def test_stage_two_learns_to_rank_from_the_features_alone() -> None:
    """Trees behind a stage one that knows nothing (every weight 0) still find the partners.

    With 150 places every candidate reaches stage two, in the order of their ids; what the
    trees find, they found in the features (here, distance makes the twinnings).
    """
    network = geometric(150, seed=2)
    training = evaluation.split(network, 0.1, seed=3).training
    blind = np.zeros(len(FEATURES))
    trees = fitting.fit_trees(training, blind, share=0.1, seed=3)
    methods = {
        "adamic_adar": evaluation.baselines(3)["adamic_adar"],
        "blind": evaluation.learned(Ranker(blind)),
        "trees": evaluation.learned(Ranker(blind, trees)),
    }

    results = {
        r.method: r for r in evaluation.evaluate(network, share=0.1, seed=3, methods=methods)
    }

    assert results["blind"].hits_at_10 < 0.2
    assert results["trees"].hits_at_10 > 0.8
    assert results["trees"].mrr > results["adamic_adar"].mrr


def test_the_shipped_ranker_reads_every_feature_of_both_stages() -> None:
    shipped = stages.shipped()

    assert len(shipped.weights) == len(FEATURES)
    assert shipped.booster is not None
    assert shipped.booster.feature_name() == list(STAGE_TWO)
