"""Real gazetteer rows for imports, and a helper to count what an import could have written."""

from collections.abc import Callable

import pytest

from tests.places.conftest import gazetteer  # noqa: F401  (the fixture, for these tests too)
from twintowns.authorities.registry import owned
from twintowns.partnerships.models import Partnership


def counts() -> dict[str, int]:
    """Rows of every table an import writes (the registry's `imported`), history included."""
    models = [entry.model for entry in owned() if entry.imported]
    result = {m.__name__: m._default_manager.count() for m in models}
    result.update({f"{m.__name__} history": m.history.count() for m in models})  # type: ignore[attr-defined]
    result["themes"] = Partnership.themes.through.objects.count()
    return result


@pytest.fixture
def snapshot() -> Callable[[], dict[str, int]]:
    return counts
