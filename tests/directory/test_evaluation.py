"""The evaluation: ties averaged, hidden relations absent from every feature, deterministic."""

import json
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import PlaceFactory
from twintowns.directory.management.commands.directory import DEFAULT_METHODS, Command
from twintowns.directory.models import Twinning
from twintowns.directory.ranking import evaluation
from twintowns.directory.ranking.features import FEATURES, Query, Statistics, features
from twintowns.directory.ranking.network import Network, _symmetric, clear_caches
from twintowns.directory.ranking.stages import STAGE_TWO, Ranker, stage_two_rows


def _network(size: int, ends: np.ndarray, countries: list[int]) -> Network:
    """A network without the database: nodes 0..size-1, each in the given country index."""
    return Network(
        place_ids=np.arange(size, dtype=np.int64),
        adjacency=_symmetric(ends, size),
        countries=tuple(f"C{i}" for i in range(max(countries) + 1)),
        country=np.array(countries, dtype=np.int16),
        continent=np.zeros(size, dtype=np.int8),
        population=np.full(size, 10_000.0),
        latitude=np.zeros(size),
        longitude=np.zeros(size),
        capital=np.zeros(size, dtype=bool),
    )


def test_a_tied_candidate_takes_the_average_of_the_tied_positions() -> None:
    scores = np.array([5.0, 3.0, 3.0, 3.0, 1.0, 3.0])
    candidates = np.arange(6)

    assert evaluation.rank_of(scores, candidates, 0) == 1.0
    # four candidates at 3.0 share positions 2 to 5
    assert evaluation.rank_of(scores, candidates, 2) == 3.5
    assert evaluation.rank_of(scores, candidates, 4) == 6.0
    # only the candidates count: without node 5, three share positions 2 to 4
    assert evaluation.rank_of(scores, np.array([0, 1, 2, 3, 4]), 2) == 3.0
    # a target outside the candidates is never found
    assert evaluation.rank_of(scores, np.array([0, 1, 2]), 4) == float("inf")


def test_hits_and_mrr_follow_the_average_positions() -> None:
    result = evaluation._result("m", np.array([1.0, 10.0, 10.5, 40.0, np.inf]))

    assert result.hits_at_10 == 0.4
    assert result.mrr == pytest.approx((1 + 1 / 10 + 1 / 10.5 + 1 / 40 + 0) / 5)


def test_hidden_relations_are_absent_from_every_feature() -> None:
    # 0 and 1 (country 0) both twin with 2 (country 1); 3 (country 2) twins with 0 only.
    net = _network(5, np.array([[0, 2], [1, 2], [0, 3], [3, 4]]), [0, 0, 1, 2, 2])
    training = net.without(np.array([[0, 3]]))
    stats = Statistics(training)
    query = Query(0, training.neighbours(0), training.attributes(0))

    columns = features(stats, query)

    assert training.neighbours(0).tolist() == [2]
    assert stats.degree.tolist() == [1, 1, 2, 1, 1]
    # each of these would be 1 (or log 2 higher) with the hidden 0-3 counted
    assert stats.country_pairs[0, 2] == 0
    assert columns[3, FEATURES.index("popularity")] == np.log1p(1)
    assert columns[4, FEATURES.index("common")] == 0
    assert columns[1, FEATURES.index("common")] == np.log1p(1)
    assert columns[3, FEATURES.index("twins_in_my_country")] == 0
    # stage two's hops: 3 is no longer a partner's neighbour, so no path at all is left
    rows = stage_two_rows(stats, query, columns, np.zeros(5), np.array([3, 1]))
    assert rows[:, STAGE_TWO.index("hops")].tolist() == [7, 2]


def test_split_hides_the_share_asked_and_both_ends_query() -> None:
    edges = [(i, i + 1) for i in range(19)] + [(0, 10)]
    net = _network(20, np.array(edges), [0] * 20)

    data = evaluation.split(net, 0.25, seed=3)

    assert len(data.queries) == 10
    assert net.adjacency.nnz // 2 - data.training.adjacency.nnz // 2 == 5
    for a, b in data.queries:
        assert data.training.adjacency[a, b] == 0
        assert net.adjacency[a, b] == 1
        assert b in data.hidden[a]
    again = evaluation.split(net, 0.25, seed=3)
    assert again.queries.tolist() == data.queries.tolist()
    assert evaluation.split(net, 0.25, seed=4).queries.tolist() != data.queries.tolist()


def test_the_query_ranks_neither_itself_its_twins_nor_its_other_hidden_partners() -> None:
    # 0 twins with 1, 2, 3; hiding 0-1 and 0-2, the query 0 -> 1 must not rank 2, 3 or 0;
    # 6 has no relation left, so it is not in the directory to suggest.
    net = _network(7, np.array([[0, 1], [0, 2], [0, 3], [4, 5], [1, 4], [2, 5], [6, 0]]), [0] * 7)
    net = net.without(np.array([[6, 0]]))
    training = net.without(np.array([[0, 1], [0, 2]]))
    data = evaluation.Split(training, np.array([[0, 1]]), {0: {1, 2}, 1: {0}, 2: {0}})

    [(_query, mask, target)] = list(evaluation.queries_of(Statistics(training), data))

    assert target == 1
    assert np.flatnonzero(mask).tolist() == [1, 4, 5]


def test_evaluation_is_deterministic_per_seed_and_ranks_the_same_queries() -> None:
    rng = np.random.default_rng(0)
    edges = {tuple(sorted(rng.choice(40, 2, replace=False))) for _ in range(120)}
    net = _network(40, np.array(sorted(edges)), [i % 4 for i in range(40)])
    methods = evaluation.baselines(5)

    first = evaluation.evaluate(net, share=0.2, seed=5, methods=methods)
    second = evaluation.evaluate(net, share=0.2, seed=5, methods=evaluation.baselines(5))

    assert first == second
    assert len({r.queries for r in first}) == 1
    assert [r.method for r in first] == [
        "random",
        "population",
        "common_neighbours",
        "adamic_adar",
        "resource_allocation",
        "l3",
    ]


def run_evaluate(*args: str) -> str:
    """`twintowns directory evaluate ARGS`, its output."""
    out = StringIO()
    call_command("directory", "evaluate", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_evaluate_refuses_an_empty_directory(db: None) -> None:
    with pytest.raises(CommandError) as error:
        run_evaluate()

    assert "The directory is empty" in str(error.value)


def test_evaluate_refuses_a_holdout_outside_0_to_1(db: None) -> None:
    with pytest.raises(CommandError) as error:
        run_evaluate("--holdout", "1.5")

    assert str(error.value) == "--holdout must be between 0 and 1, not 1.5."


def test_evaluate_arguments_parse() -> None:
    parser = Command().create_parser("twintowns", "directory")

    options = vars(parser.parse_args(["evaluate", "--seed", "1", "--seed", "2", "--queries", "50"]))

    assert options["seed"] == [1, 2]
    assert options["queries"] == 50
    assert options["methods"] == list(DEFAULT_METHODS)


def small_directory() -> None:
    """Twelve places, each twinned with the next, the one after and the fifth after."""
    clear_caches()
    places = [PlaceFactory(population=10_000 * (i + 1)) for i in range(12)]
    pairs = {(i, (i + step) % 12) for i in range(12) for step in (1, 2, 5)}
    Twinning.objects.bulk_create(
        [
            Twinning(
                place_a_id=min(places[a].pk, places[b].pk),
                place_b_id=max(places[a].pk, places[b].pk),
            )
            for a, b in {tuple(sorted(p)) for p in pairs}
        ]
    )


def test_evaluate_prints_each_method_on_each_seed(db: None) -> None:
    small_directory()

    lines = run_evaluate("--seed", "1", "--seed", "2", "--queries", "4").splitlines()

    assert lines[0] == "12 places, 36 relations"
    rows = [line.split() for line in lines[2:]]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (seed, method, "4") for seed in ("1", "2") for method in DEFAULT_METHODS
    ]
    assert all(0 <= float(r[3]) <= 1 and 0 < float(r[4]) <= 1 for r in rows)


def test_evaluate_fit_writes_a_ranker_that_suggestions_can_read(db: None, tmp_path: Path) -> None:
    small_directory()
    path = tmp_path / "ranker.json"

    [line] = run_evaluate("--fit", str(path)).splitlines()

    assert line.startswith(f"Wrote {path}: {len(FEATURES)} weights, ")
    ranker = Ranker.load(path)
    assert np.all(np.isfinite(ranker.weights)) and ranker.weights.any()
    about = json.loads(path.read_text())["about"]
    assert (about["places"], about["relations"]) == (12, 36)
