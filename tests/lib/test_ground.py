"""`lib` is the ground every app stands on: it imports no app of the project, so any may use it."""

import ast
from pathlib import Path

import pytest

import twintowns

LIB = Path(twintowns.__file__).parent / "lib"


def project_imports(source: str) -> list[str]:
    """The modules of the project (`twintowns.*`) that `source` imports, anywhere in it."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return [name for name in found if name.split(".")[0] == "twintowns"]


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from twintowns.lib.text import fold", ["twintowns.lib.text.fold"]),
        ("def f():\n    from twintowns.places import models", ["twintowns.places.models"]),
        ("import twintowns.insights.trends as t", ["twintowns.insights.trends"]),
        ("import csv\nfrom django.db import models", []),
    ],
)
def test_the_search_finds_the_projects_imports_wherever_they_are(
    source: str, found: list[str]
) -> None:
    assert project_imports(source) == found


def test_lib_imports_nothing_of_the_project_but_lib() -> None:
    outside = {
        path.name: [name for name in project_imports(path.read_text()) if not _in_lib(name)]
        for path in sorted(LIB.glob("*.py"))
    }

    assert {name: found for name, found in outside.items() if found} == {}


def _in_lib(name: str) -> bool:
    return name == "twintowns.lib" or name.startswith("twintowns.lib.")
