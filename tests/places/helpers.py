"""Reading a form page as a browser does: the inputs it would send, the places it offers."""

from typing import Any

import lxml.html

from twintowns.places.models import Place


def form_data(html: str, **typed: str) -> dict[str, Any]:
    """The record form's inputs as a browser sends them, after typing or choosing `typed`."""
    form = lxml.html.fromstring(html).get_element_by_id("record-form")
    data: dict[str, Any] = {}
    for element in form.iter("input", "select", "textarea"):
        name, kind = element.get("name"), element.get("type", "")
        if not name or (kind in ("radio", "checkbox") and element.get("checked") is None):
            continue
        if element.tag == "select":
            data[name] = [o.get("value") for o in element.iter("option") if o.get("selected")]
        else:
            data[name] = element.text or "" if element.tag == "textarea" else element.get("value")
    data.update(typed)
    return {name: value for name, value in data.items() if value not in (None, [])}


def offered(html: str, name: str = "partner") -> list[str]:
    """The places offered to choose from, as the radio buttons' labels read."""
    page = lxml.html.fromstring(html)
    return [
        " ".join(page.xpath(f"//label[@for='{radio.get('id')}']")[0].text_content().split())
        for radio in page.xpath(f"//input[@type='radio'][@name='{name}_pick']")
    ]


def radio_for(html: str, place: Place, name: str = "partner") -> str:
    page = lxml.html.fromstring(html)
    values = page.xpath(f"//input[@type='radio'][@name='{name}_pick']/@value")
    assert str(place.pk) in values
    return str(place.pk)
