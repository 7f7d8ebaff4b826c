"""Settings from the environment: the README's production values pass Django's deploy check, and a
bad value stops the start with a message naming it."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from twintowns.lib.env import envheader, envint

README = Path(__file__).resolve().parents[2] / "README.md"
SECURITY = [
    "SECRET_KEY",
    "TWINTOWNS_DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_COOKIES",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # the browser tests' conftest sets it; never in production
]


def production_values() -> dict[str, str]:
    """The variables of the README's "Production values" block."""
    section = README.read_text(encoding="utf-8").split("### Production values", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return dict(shlex.split(line)[0].split("=", 1) for line in block[1].splitlines())


def twintowns(*args: str, values: dict[str, str], var_dir: Path) -> subprocess.CompletedProcess:
    """The `twintowns` command in a process of its own, with only `values` of the security
    settings set (the rest from this environment) and its own folder for the secret key."""
    environment = {k: v for k, v in os.environ.items() if k not in SECURITY}
    environment.update(values, TWINTOWNS_VAR_DIR=str(var_dir))
    command = [sys.executable, "-m", "twintowns.cli", *args]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)


def test_the_readme_production_values_pass_the_deploy_check_without_a_warning(
    tmp_path: Path,
) -> None:
    values = production_values()
    assert values["SECURE_PROXY_SSL_HEADER"] == "X-Forwarded-Proto: https"

    done = twintowns(
        "check", "--deploy", "--fail-level", "WARNING", values=values, var_dir=tmp_path
    )

    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SECURE_HSTS_SECONDS", "-1", "SECURE_HSTS_SECONDS='-1' is below 0"),
        ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS='a year' is not an integer"),
        ("SECURE_SSL_REDIRECT", "maybe", "SECURE_SSL_REDIRECT='maybe' is not a boolean"),
        (
            "SECURE_PROXY_SSL_HEADER",
            "https",
            "SECURE_PROXY_SSL_HEADER='https' is not a header and its value",
        ),
    ],
)
def test_a_bad_security_value_stops_the_start_naming_it(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    done = twintowns("check", values={name: value}, var_dir=tmp_path)

    assert done.returncode == 1
    assert f"ValueError: {message}" in done.stderr


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("X-Forwarded-Proto: https", ("HTTP_X_FORWARDED_PROTO", "https")),
        ("x-forwarded-ssl:on", ("HTTP_X_FORWARDED_SSL", "on")),
        ("", None),
    ],
)
def test_the_proxy_header_is_read_as_django_wants_it(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: tuple[str, str] | None
) -> None:
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", raw)

    assert envheader("SECURE_PROXY_SSL_HEADER") == expected


def test_an_unset_number_takes_its_default_and_one_at_the_minimum_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SECURE_HSTS_SECONDS", raising=False)
    assert envint("SECURE_HSTS_SECONDS", 0, minimum=0) == 0
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "0")
    assert envint("SECURE_HSTS_SECONDS", 3600, minimum=0) == 0
