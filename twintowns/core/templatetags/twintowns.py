from django import template

from twintowns.lib import text

register = template.Library()


@register.filter
def capfirst(value: object) -> str:
    """Like Django's capfirst, but with Turkish's dotted capital İ."""
    return text.capfirst(str(value))
