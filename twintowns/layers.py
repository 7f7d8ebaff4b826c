"""The import graph of the apps, against the floors they keep (pyproject's "floors" contract).

    python -m twintowns.layers [--pyproject PATH]

Prints each app's floor and the apps it imports (with the number of import statements, those
inside functions too), every import that goes up a floor or sideways to an independent
neighbour, and the cycles between apps. Exits 1 when there is any of either. `make lint` and
tests/test_layers.py check the same contract with import-linter, which names each chain.
"""

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grimp
from importlinter.api import read_configuration

ROOT = "twintowns"
PROJECT = "project"  # the modules directly under twintowns/: settings, urls, cli...


@dataclass(frozen=True)
class Floors:
    """The floors from the top down, each a set of apps, and whether they may import each other."""

    floors: list[tuple[frozenset[str], bool]]

    def of(self, app: str) -> int:
        """The floor's number counted from the bottom (0), so that up is more."""
        for number, (apps, _independent) in enumerate(reversed(self.floors)):
            if app in apps:
                return number
        raise KeyError(f"{app} is on no floor of the contract")

    def allows(self, importer: str, imported: str) -> bool:
        low, high = self.of(imported), self.of(importer)
        if low != high:
            return low < high
        return not self.floors[len(self.floors) - 1 - low][1]


def read_floors(pyproject: Path) -> Floors:
    contracts = read_configuration(str(pyproject))["contracts_options"]
    layers = next(c for c in contracts if c["id"] == "floors")["layers"]
    floors = []
    for layer in layers:
        independent = ":" not in layer
        names = layer.replace(":", "|").split("|")
        floors.append((frozenset(name.strip().strip("()") for name in names), independent))
    return Floors(floors)


@dataclass(frozen=True)
class Import:
    importer: str  # module
    imported: str  # module
    line: int


def app_of(module: str, project_modules: frozenset[str]) -> str:
    tail = module.split(".")[1] if "." in module else ""
    return PROJECT if not tail or tail in project_modules else tail


def imports_between_apps(graph: grimp.ImportGraph, project: frozenset[str]) -> Iterator[Import]:
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if app_of(importer, project) == app_of(imported, project):
                continue
            details = graph.get_import_details(importer=importer, imported=imported)
            lines = [int(detail["line_number"]) for detail in details] or [0]
            for line in lines:
                yield Import(importer, imported, line)


def cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected groups of more than one app (Tarjan's algorithm)."""
    nodes = sorted({a for edge in edges for a in edge})
    following = {node: sorted(b for a, b in edges if a == node) for node in nodes}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in following[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while (member := stack.pop()) != node:
                group.append(member)
            group.append(node)
            if len(group) > 1:
                found.append(sorted(group))

    for node in nodes:
        if node not in index:
            visit(node)
    return found


def project_modules(floors: Floors) -> frozenset[str]:
    """The floor of the modules directly under twintowns/ (settings, urls...): the top one."""
    return floors.floors[0][0]


def report(pyproject: Path) -> int:
    floors = read_floors(pyproject)
    project = project_modules(floors)
    graph = grimp.build_graph(ROOT, cache_dir=None)
    found = list(imports_between_apps(graph, project))
    name = {app: app for apps, _ in floors.floors for app in apps}
    for module in project:
        name[module] = PROJECT

    def app(module: str) -> str:
        return name.get(app_of(module, project), app_of(module, project))

    counts = Counter((app(i.importer), app(i.imported)) for i in found)
    print("Floors, from the top (| independent, : may import each other):")
    for apps, independent in floors.floors:
        print("  " + (" | " if independent else " : ").join(sorted(apps)))
    print("\nWhat each app imports (import statements):")
    for importer in sorted({a for a, _ in counts}):
        targets = sorted((b, n) for (a, b), n in counts.items() if a == importer)
        print(f"  {importer:13} -> " + ", ".join(f"{b} {n}" for b, n in targets))
    wrong = [
        i
        for i in found
        if app(i.importer) != PROJECT
        and app(i.imported) != PROJECT
        and not floors.allows(app_of(i.importer, project), app_of(i.imported, project))
    ]
    print(f"\nImports that go up a floor or sideways: {len(wrong)}")
    for i in wrong:
        print(f"  {i.importer}:{i.line} -> {i.imported}")
    groups = cycles({(a, b) for a, b in counts if a != b})
    print(f"\nCycles between apps: {len(groups)}")
    for group in groups:
        print(f"  {len(group)} apps: " + ", ".join(group))
    return 1 if wrong or groups else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[1] / "pyproject.toml"
    parser.add_argument("--pyproject", type=Path, default=default)
    sys.exit(report(parser.parse_args().pyproject))


if __name__ == "__main__":
    main()
