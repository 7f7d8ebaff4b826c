"""The app server freezes what it loaded, so a full garbage collection stays short."""

import gc

from twintowns.lib.memory import freeze_what_is_loaded


def test_what_is_loaded_is_frozen_and_a_full_collection_no_longer_walks_it() -> None:
    try:
        freeze_what_is_loaded()
        frozen = gc.get_freeze_count()
        tracked = len(gc.get_objects())
    finally:
        gc.unfreeze()

    assert frozen > 50_000  # the code, models and URL patterns of the whole project
    assert tracked < frozen / 2  # what a full collection still walks
