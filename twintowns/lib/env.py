"""Strict readers for settings from the environment: a bad value fails loudly at start-up."""

import os
import re

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(
        f"{name}={raw!r} is not a boolean (use one of 1/0, true/false, yes/no, on/off)"
    )


def envint(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not an integer") from None
    if minimum is not None and value < minimum:
        raise ValueError(f"{name}={raw!r} is below {minimum}")
    return value


# An HTTP header name (RFC 9110's token) and a value without spaces: "X-Forwarded-Proto: https".
HEADER = re.compile(r"(?P<name>[A-Za-z0-9!#$%&'*+.^_`|~-]+):\s*(?P<value>\S+)")


def envheader(name: str) -> tuple[str, str] | None:
    """A header and the value that marks a request, e.g. "X-Forwarded-Proto: https", as Django's
    SECURE_PROXY_SSL_HEADER wants it: ("HTTP_X_FORWARDED_PROTO", "https"); unset or empty: None."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    found = HEADER.fullmatch(raw.strip())
    if found is None:
        example = "X-Forwarded-Proto: https"
        raise ValueError(f"{name}={raw!r} is not a header and its value, e.g. {example}")
    meta = "HTTP_" + found["name"].upper().replace("-", "_")
    return meta, found["value"]


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)
