import contextlib
import os
import signal
import subprocess
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Two cores: three processes survive one stuck request, threads cover waits on the database.
DEFAULT_WORKERS = 3
DEFAULT_THREADS = 4


class Command(BaseCommand):
    help = "Collect static files and serve the site with gunicorn and a task worker (Ctrl-C stops)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to listen on")
        parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
        parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)
        parser.add_argument(
            "--no-tasks", action="store_true", help="do not start the background task worker"
        )

    def handle(
        self, *args: Any, bind: str, workers: int, threads: int, no_tasks: bool, **options: Any
    ) -> None:
        """Run gunicorn and `db_worker` (imports, long jobs) side by side; stop both together."""
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Twintowns at http://{bind}/ (Ctrl-C stops it)"))
        sys.stdout.flush()
        gunicorn = [
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
        if no_tasks:
            os.execvp(gunicorn[0], gunicorn)
        worker = [sys.executable, "-m", "twintowns.cli", "db_worker", "--no-reload"]
        _run_together(gunicorn, worker)


def _run_together(main: list[str], side: list[str]) -> None:
    """Start both; when either ends, or on Ctrl-C or SIGTERM, stop the other and leave."""
    processes = [subprocess.Popen(main), subprocess.Popen(side)]

    def stop(signum: int, frame: object) -> None:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with contextlib.suppress(ChildProcessError):
        os.wait()  # whichever ends first
    stop(signal.SIGTERM, None)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    sys.exit(processes[0].returncode or 0)
