"""The gazetteer: places found by any name they are known by. Reference data, read only."""

from django.http import Http404
from ninja import Field, Query, Router, Schema

from twintowns.api.auth import ApiRequest
from twintowns.api.common import READ_ERRORS, Id, Input, Message, PlaceOut
from twintowns.places.models import Place
from twintowns.places.selectors import place_search

router = Router(tags=["places"])


class PlaceSearch(Input):
    q: str = Field(min_length=1, max_length=100, description="A name in any spelling or script.")
    limit: int = Field(20, ge=1, le=100)


class PlaceList(Schema):
    items: list[PlaceOut] = Field(description="The most populous first.")


@router.get(
    "/", response={200: PlaceList, 401: Message, 422: READ_ERRORS[422]}, summary="Find places"
)
def search_places(request: ApiRequest, filters: Query[PlaceSearch]) -> dict[str, list[Place]]:
    """Places whose name, or a word in it, starts with `q` ("seul", "pekin", "bator")."""
    return {"items": place_search(filters.q, limit=filters.limit)}


@router.get("/{pk}", response={200: PlaceOut, **READ_ERRORS}, summary="Get a place")
def get_place(request: ApiRequest, pk: Id) -> Place:
    place = Place.objects.select_related("country").filter(pk=pk).first()
    if place is None:
        raise Http404
    return place
