"""Real gazetteer rows for imports, and a helper to count what an import could have written."""

from collections.abc import Callable

import pytest

from tests.places.conftest import gazetteer  # noqa: F401  (the fixture, for these tests too)
from twintowns.networks.models import Membership, Organization
from twintowns.partnerships.models import Contact, LifecycleEvent, Partnership


def counts() -> dict[str, int]:
    """Rows of every table an import writes, history included."""
    models = [Partnership, LifecycleEvent, Contact, Membership, Organization]
    result = {m.__name__: m._default_manager.count() for m in models}
    result.update({f"{m.__name__} history": m.history.count() for m in models})  # type: ignore[attr-defined]
    result["themes"] = Partnership.themes.through.objects.count()
    return result


@pytest.fixture
def snapshot() -> Callable[[], dict[str, int]]:
    return counts
