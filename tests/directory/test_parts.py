"""The directory shows its parts: ranking, import, reconcile, one views and urls pair, a command
that holds its code; its modules import one another one way only, at the top."""

import ast
import os
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from django.urls import reverse

import twintowns.directory
from twintowns.directory.selectors import suggestions_for_authority
from twintowns.directory.suggest import Suggestion

PACKAGE = Path(twintowns.directory.__file__).parent


def _modules() -> dict[str, ast.Module]:
    """Every module of the directory but its migrations, by dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def _imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def imports_between(modules: dict[str, ast.Module]) -> dict[str, set[str]]:
    """Which of `modules` each one imports, at the top or anywhere else."""
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, tree in modules.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                graph[name] |= {m for m in _imported(node) if m in modules and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import cycle once, as the modules along it, found by a depth-first walk."""
    found: list[list[str]] = []
    done: set[str] = set()

    def walk(name: str, path: list[str]) -> None:
        if name in path:
            found.append(path[path.index(name) :])
            return
        if name in done:
            return
        for target in sorted(graph[name]):
            walk(target, [*path, name])
        done.add(name)

    for name in sorted(graph):
        walk(name, [])
    return found


def imports_inside_functions(tree: ast.Module) -> list[str]:
    """The project's modules imported inside a function of `tree` (third-party ones may be)."""
    found = []
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    found += [m for m in _imported(node)[:1] if m.startswith("twintowns")]
    return found


def test_the_walk_finds_a_cycle_and_only_that() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_an_import_inside_a_function_is_found() -> None:
    source = (
        "import numpy\ndef f():\n    from scipy import special\n    from twintowns.x import y\n"
    )

    assert imports_inside_functions(ast.parse(source)) == ["twintowns.x"]


def test_the_directorys_modules_import_one_another_one_way_only() -> None:
    assert cycles(imports_between(_modules())) == []


def test_no_module_of_the_directory_imports_the_project_inside_a_function() -> None:
    # Save AppConfig.ready(), which registers the models (Django's documented place for it: the
    # models cannot be imported while apps.py itself is being loaded).
    inside = {
        name: imports_inside_functions(tree)
        for name, tree in _modules().items()
        if name != "twintowns.directory.apps"
    }

    assert {name: found for name, found in inside.items() if found} == {}


def test_the_directory_has_its_parts_and_its_command_holds_its_code() -> None:
    names = {str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")}

    assert {
        "ranking/network.py",
        "ranking/features.py",
        "ranking/stages.py",
        "ranking/evaluation.py",
        "ranking/fitting.py",
        "importing.py",
        "reconciling.py",
        "views.py",
        "urls.py",
        "management/commands/directory.py",
    } <= names
    assert sorted(name for name in names if Path(name).name.startswith("cli_")) == []


def test_suggestions_for_an_authority_are_a_typed_list() -> None:
    assert typing.get_type_hints(suggestions_for_authority)["return"] == list[Suggestion]


@pytest.mark.parametrize(
    ("name", "args", "path"),
    [
        ("directory:sources", [], "/directory/sources/"),
        ("directory:source_names", ["wikipedia"], "/directory/sources/wikipedia/"),
        ("directory:source_names_csv", ["wikipedia"], "/directory/sources/wikipedia/names.csv"),
        ("network:index", [], "/network/"),
        ("network:figure_csv", ["most-twinned"], "/network/most-twinned.csv"),
        ("network:twinnings", [], "/network/twinnings/"),
        ("network:place", [7], "/network/places/7/"),
        ("network:place_geojson", [7], "/network/places/7.geojson"),
        ("network:suggest", [], "/network/suggest/"),
        ("network:reconcile", [], "/network/reconcile/"),
        ("network:dismiss", [7], "/network/reconcile/7/dismiss/"),
        ("network:undismiss", [7], "/network/reconcile/dismissed/7/undo/"),
    ],
)
def test_the_directorys_pages_keep_their_names_and_paths(
    name: str, args: list[object], path: str
) -> None:
    assert reverse(name, args=args) == path


def test_a_process_that_serves_pages_loads_no_library_only_ranking_needs() -> None:
    """The URL conf imports every view, the suggestions' too; not scipy's heavy parts."""
    script = (
        "import sys, django; django.setup()\n"
        "from django.urls import get_resolver; get_resolver().url_patterns\n"
        "heavy = ('lightgbm', 'scipy.special', 'scipy.spatial', 'scipy.sparse.csgraph')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "twintowns.settings"},
        timeout=120,
    )

    assert loaded.stdout.strip() == "[]"
