"""`twintowns directory evaluate`: hide relations, rank for their cities, print hits@10 and MRR."""

import time
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from twintowns.directory.ranking import evaluation, fitting
from twintowns.directory.ranking.network import directory
from twintowns.directory.ranking.stages import Ranker

HELP = "Measure the suggestions: hide a share of the relations and count how often each is found."
METHODS = (
    "random",
    "population",
    "common_neighbours",
    "adamic_adar",
    "resource_allocation",
    "l3",
    "stage_one",
    "twintowns",
)
DEFAULT_METHODS = (
    "random",
    "population",
    "common_neighbours",
    "adamic_adar",
    "stage_one",
    "twintowns",
)


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--holdout", type=float, default=0.1, help="share of relations hidden")
    parser.add_argument("--seed", type=int, action="append", help="repeatable; default 1")
    parser.add_argument("--methods", nargs="+", choices=METHODS, default=list(DEFAULT_METHODS))
    parser.add_argument("--queries", type=int, help="rank at most this many queries (quick runs)")
    parser.add_argument(
        "--fit",
        type=Path,
        metavar="FILE",
        help="fit the ranker on the whole directory, write it to FILE and stop "
        "(the one suggestions use is twintowns/directory/data/ranker.json)",
    )


def handle(command: BaseCommand, **options: Any) -> None:
    if not 0 < options["holdout"] < 1:
        raise CommandError(f"--holdout must be between 0 and 1, not {options['holdout']}.")
    network = directory()
    if network.adjacency.nnz == 0:
        raise CommandError("The directory is empty: run `twintowns directory import` first.")
    if options["fit"]:
        _fit(command, network, options["fit"], options["holdout"])
        return
    command.stdout.write(f"{network.size} places, {network.adjacency.nnz // 2} relations")
    command.stdout.write(f"{'seed':>4}  {'method':20} {'queries':>7} {'hits@10':>8} {'MRR':>6}")
    for seed in options["seed"] or [1]:
        started = time.monotonic()
        for result in _run(network, options, seed):
            command.stdout.write(
                f"{seed:>4}  {result.method:20} {result.queries:>7} "
                f"{result.hits_at_10:>8.3f} {result.mrr:>6.3f}"
            )
        command.stderr.write(f"seed {seed}: {time.monotonic() - started:.1f} s")


def _fit(command: BaseCommand, network: Any, path: Path, share: float) -> None:
    started = time.monotonic()
    ranker = fitting.fit(network, share=share, seed=1)
    about = {
        "fitted": date.today().isoformat(),
        "places": network.size,
        "relations": network.adjacency.nnz // 2,
        "holdout": share,
    }
    ranker.save(path, about)
    trees = ranker.booster.num_trees() if ranker.booster is not None else 0
    command.stdout.write(
        f"Wrote {path}: {len(ranker.weights)} weights, {trees} trees "
        f"({time.monotonic() - started:.0f} s)."
    )


def _run(network: Any, options: dict[str, Any], seed: int) -> list[evaluation.Result]:
    """Fit on the training network carved for this seed, then rank every method's queries."""
    share, wanted = options["holdout"], options["methods"]
    methods = {k: v for k, v in evaluation.baselines(seed).items() if k in wanted}
    if {"stage_one", "twintowns"} & set(wanted):
        training = evaluation.split(network, share, seed).training
        if "twintowns" in wanted:
            ranker = fitting.fit(training, share=share, seed=seed)
        else:
            ranker = Ranker(fitting.fit_weights(training, share=share, seed=seed))
        if "stage_one" in wanted:
            methods["stage_one"] = evaluation.learned(Ranker(ranker.weights))
        if "twintowns" in wanted:
            methods["twintowns"] = evaluation.learned(ranker)
    return evaluation.evaluate(
        network, share=share, seed=seed, methods=methods, max_queries=options["queries"]
    )
