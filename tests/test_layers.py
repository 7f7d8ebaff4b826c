"""The apps keep to their floors (pyproject's "floors" contract): no import goes up or sideways,
and no two apps import each other, however indirectly."""

from pathlib import Path

from importlinter.cli import lint_imports

from twintowns.layers import Floors, cycles, read_floors

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_the_code_keeps_the_floors_contract() -> None:
    # import-linter's own report, naming each chain that breaks it, is printed on failure.
    assert lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True) == 0


def test_an_app_may_import_only_from_the_floors_below_it() -> None:
    floors = read_floors(PYPROJECT)

    assert floors.allows("activities", "partnerships")
    assert not floors.allows("partnerships", "activities")
    assert not floors.allows("core", "authorities")
    assert not floors.allows("insights", "exchange")  # neighbours on one floor, independent
    assert floors.allows("urls", "settings")  # the project's modules may import each other


def test_cycles_are_the_groups_of_apps_that_import_each_other() -> None:
    edges = {("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "d")}

    assert sorted(cycles(edges)) == [["a", "b", "c"], ["d", "e"]]
    assert cycles({("a", "b"), ("b", "c")}) == []


def test_every_floor_is_named_once() -> None:
    floors: Floors = read_floors(PYPROJECT)
    names = [app for apps, _independent in floors.floors for app in apps]

    assert len(names) == len(set(names))
