import os
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Two cores: three processes survive one stuck request, threads cover waits on the database.
DEFAULT_WORKERS = 3
DEFAULT_THREADS = 4


class Command(BaseCommand):
    help = "Collect static files and serve the site with gunicorn (Ctrl-C stops it)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to listen on")
        parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
        parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)

    def handle(self, *args: Any, bind: str, workers: int, threads: int, **options: Any) -> None:
        """Replace this process with gunicorn, so that signals reach it directly."""
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Twintowns at http://{bind}/ (Ctrl-C stops it)"))
        sys.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "twintowns.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--no-control-socket",  # unused, and a second instance would contend for its path
        ]
        os.execvp(argv[0], argv)
