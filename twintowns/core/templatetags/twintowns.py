from collections.abc import Iterator

from django import template
from django.core.paginator import Page

from twintowns.lib import text

register = template.Library()


@register.filter
def capfirst(value: object) -> str:
    """Like Django's capfirst, but with Turkish's dotted capital İ."""
    return text.capfirst(str(value))


@register.filter
def elided_range(page: Page) -> Iterator[int | str]:
    """The page numbers to link: the first and last two, and two either side of this one."""
    return page.paginator.get_elided_page_range(page.number)  # type: ignore[no-any-return]
