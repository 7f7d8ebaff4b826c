from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import over_http
from bench.measure import (
    Plan,
    Result,
    markdown_lines,
    summary_lines,
    table_lines,
    write_csv,
)
from bench.pages import bench_actors, bench_run, signed_in_session
from twintowns.authorities.models import Authority


class Command(BaseCommand):
    help = "Median and p95 server time and query count of every page, export and API list."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--label", default="", help="the scale, as the table shows it")
        parser.add_argument("--authority", default="", help="slug of the authority to act for")
        parser.add_argument("--repeat", type=int, default=20, help="measured requests per page")
        parser.add_argument(
            "--heavy-repeat", type=int, default=5, help="... per export or document"
        )
        parser.add_argument("--warmup", type=int, default=2, help="unmeasured requests first")
        parser.add_argument(
            "--budget", type=float, default=6.0, help="seconds per page before stopping early"
        )
        parser.add_argument(
            "--timeout", type=float, default=30.0, help="seconds before a request is stopped"
        )
        parser.add_argument("--csv", type=Path, help="write the rows to this CSV file")
        parser.add_argument("--append", action="store_true", help="add to the CSV file")
        parser.add_argument(
            "--only",
            default="",
            help="comma-separated parts of page names to keep; 'short' for the short set",
        )
        parser.add_argument(
            "--datasette",
            default="",
            help="Datasette's URL: compare the directory's table over HTTP",
        )
        parser.add_argument(
            "--site", default="", help="our site's URL (gunicorn), with --datasette"
        )
        parser.add_argument("--datasette-db", default="twintowns", help="the database's name there")
        parser.add_argument("--summary", type=Path, help="only summarise this CSV of a whole run")
        parser.add_argument(
            "--markdown", type=Path, help="only print this CSV of a whole run as a Markdown table"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Measure, print the table, write the CSV."""
        if options["summary"] or options["markdown"]:
            lines = (
                summary_lines(options["summary"])
                if options["summary"]
                else markdown_lines(options["markdown"])
            )
            for line in lines:
                self.stdout.write(line)
            return
        if not options["label"] or not options["authority"]:
            raise CommandError("--label and --authority are required.")
        authority = Authority.objects.filter(slug=options["authority"]).first()
        if authority is None:
            raise CommandError(f"No authority {options['authority']!r}: load it first.")
        plan = Plan(
            options["repeat"],
            options["heavy_repeat"],
            options["warmup"],
            options["budget"],
            options["timeout"],
        )
        if options["datasette"]:
            results = self._over_http(authority, plan, options)
        else:
            results = bench_run(authority, plan, options["only"], progress=self._progress)
        database = connection.vendor
        for line in table_lines(results, options["label"], database):
            self.stdout.write(line)
        if options["csv"]:
            write_csv(options["csv"], results, options["label"], database, options["append"])

    def _over_http(self, authority: Authority, plan: Plan, options: dict[str, Any]) -> list[Result]:
        if not options["site"]:
            raise CommandError("--datasette needs --site, the URL our site is served at.")
        actors = bench_actors(authority)
        return over_http.compare(
            options["site"].rstrip("/"),
            options["datasette"].rstrip("/"),
            options["datasette_db"],
            signed_in_session(actors.office),
            plan.repeat,
            plan.warmup,
            over_http.COUNTRY,
            over_http.SEARCH,
        )

    def _progress(self, done: int, total: int, result: Result) -> None:
        median = f"{result.median_ms:.1f} ms" if result.median_ms is not None else result.status
        self.stderr.write(f"[{done}/{total}] {result.page}: {median}")
