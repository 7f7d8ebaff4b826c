"""`twintowns directory import FILE`: load a file of twinnings into the directory.
`twintowns directory evaluate`: hide relations, rank for their cities, print hits@10 and MRR.
"""

import hashlib
import sys
import time
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from tqdm import tqdm

from twintowns.directory.importing import (
    BOUNDS,
    MATCHING_VERSION,
    MappingError,
    WouldRemove,
    column_mapping,
    directory_import,
    report_lines,
)
from twintowns.directory.models import DirectorySource
from twintowns.directory.ranking import evaluation, fitting
from twintowns.directory.ranking.network import Network, directory
from twintowns.directory.ranking.stages import Ranker
from twintowns.lib.tables import UnreadableFile, read_table

IMPORT_HELP = (
    "Load twinnings from a Wikipedia list, a Wikidata P190 query result or a mapped table."
)
EVALUATE_HELP = (
    "Measure the suggestions: hide a share of the relations and count how often each is found."
)
# Names left out printed under the import's report, most rows first; the sources page lists all.
TOP_NAMES = 10
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


class Command(BaseCommand):
    help = "The global twin-town directory: `import` a file of relations, `evaluate` suggestions."
    # The checks cost seconds and `make run` calls this on every start (a no-op once loaded).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        _import_arguments(actions.add_parser("import", help=IMPORT_HELP))
        _evaluate_arguments(actions.add_parser("evaluate", help=EVALUATE_HELP))

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        {"import": self.import_file, "evaluate": self.evaluate}[action](**options)

    def import_file(self, **options: Any) -> None:
        """Import the file as a source and print its report, or say why nothing was written."""
        path: Path = options["file"]
        name = options["source"] or slugify(path.stem)
        if not name or slugify(name) != name:
            raise CommandError(
                f"A source is named in lower-case letters, digits and hyphens: “{name}”."
            )
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        sha256 = hashlib.sha256(data).hexdigest()
        if options["skip_if_loaded"] and self._already_holds(name, sha256):
            return
        started = time.perf_counter()
        try:
            with path.open("rb") as stream:
                table = read_table(path.name, stream, BOUNDS, len(data))
            mapping = column_mapping(table.headers, dict(_split(o) for o in options["overrides"]))
        except (UnreadableFile, MappingError) as error:
            raise CommandError(str(error)) from error
        with tqdm(total=len(table.rows), unit="rows", file=sys.stderr) as bar:
            try:
                source = directory_import(
                    name=name,
                    table=table,
                    mapping=mapping,
                    file_name=path.name,
                    sha256=sha256,
                    progress=lambda done: bar.update(done - bar.n),
                    replace=options["replace"],
                )
            except WouldRemove as error:
                raise CommandError(str(error)) from error
        for line in report_lines(source.report):
            self.stdout.write(line)
        for unresolved in source.unresolved_names.all()[:TOP_NAMES]:
            self.stdout.write(f"  {unresolved}: {unresolved.outcome}, {unresolved.rows} rows")
        seconds = time.perf_counter() - started
        self.stdout.write(f"Source “{name}”: {len(table.rows):,} rows in {seconds:.1f} s.")

    def _already_holds(self, name: str, sha256: str) -> bool:
        """Whether the source holds this file read as this version reads names; says which."""
        source = DirectorySource.objects.filter(name=name, sha256=sha256).first()
        if source is None:
            return False
        if source.report.get("matching") != MATCHING_VERSION:
            self.stdout.write(
                f"The source “{name}” holds this file as an older version read it; "
                "reading it again."
            )
            return False
        self.stdout.write(f"The source “{name}” already holds this file; skipped.")
        return True

    def evaluate(self, **options: Any) -> None:
        """Print each method's hits@10 and MRR for each seed, or fit the ranker with `--fit`."""
        if not 0 < options["holdout"] < 1:
            raise CommandError(f"--holdout must be between 0 and 1, not {options['holdout']}.")
        network = directory()
        if network.adjacency.nnz == 0:
            raise CommandError("The directory is empty: run `twintowns directory import` first.")
        if options["fit"]:
            self._fit(network, options["fit"], options["holdout"])
            return
        self.stdout.write(f"{network.size} places, {network.adjacency.nnz // 2} relations")
        self.stdout.write(f"{'seed':>4}  {'method':20} {'queries':>7} {'hits@10':>8} {'MRR':>6}")
        for seed in options["seed"] or [1]:
            started = time.monotonic()
            for result in _run(network, options, seed):
                self.stdout.write(
                    f"{seed:>4}  {result.method:20} {result.queries:>7} "
                    f"{result.hits_at_10:>8.3f} {result.mrr:>6.3f}"
                )
            self.stderr.write(f"seed {seed}: {time.monotonic() - started:.1f} s")

    def _fit(self, network: Network, path: Path, share: float) -> None:
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
        self.stdout.write(
            f"Wrote {path}: {len(ranker.weights)} weights, {trees} trees "
            f"({time.monotonic() - started:.0f} s)."
        )


def _import_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("file", type=Path)
    parser.add_argument("--source", help="name of the source (default: the file's name)")
    parser.add_argument(
        "--map", action="append", default=[], metavar="COLUMN=FIELD", dest="overrides"
    )
    parser.add_argument(
        "--skip-if-loaded",
        action="store_true",
        help="do nothing when the source already holds this very file (same SHA-256), read "
        "the way this version reads names",
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="let the import remove the source's twinnings the file no longer gives",
    )


def _evaluate_arguments(parser: ArgumentParser) -> None:
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


def _split(item: str) -> tuple[str, str]:
    column, sep, target = item.partition("=")
    if not sep or not column.strip() or not target.strip():
        raise CommandError(f"--map takes COLUMN=FIELD, not “{item}”.")
    return column.strip(), target.strip()


def _run(network: Network, options: dict[str, Any], seed: int) -> list[evaluation.Result]:
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
