from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from twintowns.authorities.models import StaffRole

pytestmark = pytest.mark.e2e


def test_login_page_asks_for_a_name_and_refuses_a_wrong_password(
    live_server, page: Page, editor_role: StaffRole, screenshot: Callable[[str], Path]
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_label("Username")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()
    screenshot("smoke-login")

    page.get_by_label("Username").fill(editor_role.user.username)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert")).to_contain_text("enter a correct username and password")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
