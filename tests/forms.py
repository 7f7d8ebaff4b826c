"""What a browser sends for a form of a page: its fields as drawn, hidden ones included."""

from html.parser import HTMLParser
from typing import Any

SKIPPED_INPUTS = {"submit", "button", "reset", "file", "image"}


class _FormReader(HTMLParser):
    def __init__(self, form: tuple[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.form = form  # an attribute of the <form> tag, and its value
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.textarea: str | None = None
        self.select: tuple[str, bool] | None = None  # its name, and whether it takes several
        self.options: list[tuple[str, bool]] = []
        self.option: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form" and found.get(self.form[0]) == self.form[1]:
            self.inside = True
        if not self.inside:
            return
        if tag == "input":
            self._input(found)
        elif tag == "textarea":
            self.textarea = found.get("name")
            self.data.setdefault(self.textarea or "", []).append("")
        elif tag == "select":
            self.select = (found.get("name", ""), "multiple" in found)
            self.options = []
        elif tag == "option" and self.select:
            self.option = {"value": found.get("value"), "selected": "selected" in found, "text": ""}

    def _input(self, found: dict[str, str]) -> None:
        kind = found.get("type", "text").lower()
        if kind in SKIPPED_INPUTS or "name" not in found or "disabled" in found:
            return
        if kind in ("checkbox", "radio") and "checked" not in found:
            return
        default = "on" if kind in ("checkbox", "radio") else ""
        self.data.setdefault(found["name"], []).append(found.get("value", default))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.data[self.textarea][-1] += data
        elif self.option is not None:
            self.option["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop the newline that opens a textarea's text; Django writes one.
            text = self.data[self.textarea][-1]
            self.data[self.textarea][-1] = text[1:] if text.startswith("\n") else text
            self.textarea = None
        elif tag == "option" and self.option is not None:
            value = self.option["value"]
            self.options.append(
                (self.option["text"] if value is None else value, self.option["selected"])
            )
            self.option = None
        elif tag == "select" and self.select:
            self._chosen()

    def _chosen(self) -> None:
        assert self.select is not None
        name, several = self.select
        chosen = [value for value, selected in self.options if selected]
        if not chosen and not several and self.options:
            chosen = [self.options[0][0]]  # a single select sends its first option
        if chosen:
            self.data.setdefault(name, []).extend(chosen)
        self.select = None


def form_data(html: str, *, form_id: str = "record-form", action: str = "") -> dict[str, Any]:
    """The values the form with `form_id` (or `action`) would send as drawn, by field name:
    a list where several go under one name, as Django's test client posts them."""
    reader = _FormReader(("action", action) if action else ("id", form_id))
    reader.feed(html)
    if not reader.data:
        raise AssertionError(f"no form {action or '#' + form_id} with fields in the page")
    return {name: values if len(values) > 1 else values[0] for name, values in reader.data.items()}
