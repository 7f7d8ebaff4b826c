from tests.places.conftest import box_places  # noqa: F401  (the fixture, for these tests too)
