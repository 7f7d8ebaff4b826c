"""Reads of the authorities app: the people an administrator may give a role to."""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from twintowns.authorities.models import Authority


def staff_of(authority: Authority) -> QuerySet[User]:
    """The users holding a role in `authority`: all its administrators may pick from."""
    return User.objects.filter(staff_roles__authority=authority).order_by("username")


def users_named(text: str) -> list[User]:
    """The users whose user name is exactly `text` or, failing that, whose e-mail it is.

    Exact, so that an administrator can reach a known person without browsing everybody.
    """
    text = text.strip()
    if not text:
        return []
    by_name = list(User.objects.filter(username=text))
    return by_name or list(User.objects.filter(email__iexact=text).order_by("pk")[:2])
