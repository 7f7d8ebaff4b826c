"""Speed at scale (`bench/`) stays beside the site: the site never imports it, runs without it,
and the tooling's distribution ships every package of it."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_site_never_imports_the_tooling() -> None:
    importers = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported_modules(path) if name.split(".")[0] == "bench"
        )
        for path in (ROOT / "twintowns").rglob("*.py")
    }

    assert {path: names for path, names in importers.items() if names} == {}


def test_the_commands_come_from_the_tooling_where_it_is_installed() -> None:
    commands = get_commands()

    assert (commands["synth"], commands["bench"]) == ("bench", "bench")


def test_without_the_tooling_the_site_passes_its_checks_and_has_neither_command(
    tmp_path: Path,
) -> None:
    script = "\n".join(
        [
            "import sys",
            "sys.modules['bench'] = None  # as in an installation without it",
            "import django",
            "django.setup()",
            "from django.core.management import call_command, get_commands",
            "call_command('check')",
            "print(sorted({'bench', 'synth', 'migrate', 'serve'} & set(get_commands())))",
        ]
    )
    env = {"DJANGO_SETTINGS_MODULE": "twintowns.settings", "TWINTOWNS_VAR_DIR": str(tmp_path)}

    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,  # not the repository, whose folder would make `bench` importable
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines()[-1] == "['migrate', 'serve']"


def test_the_tooling_distribution_lists_every_package_of_it() -> None:
    config = tomllib.loads((ROOT / "bench" / "pyproject.toml").read_text(encoding="utf-8"))
    folders = {
        ".".join(("bench", *init.parent.relative_to(ROOT / "bench").parts))
        for init in (ROOT / "bench").rglob("__init__.py")
    }

    assert sorted(config["tool"]["setuptools"]["packages"]) == sorted(folders)
