"""Debian's chromium driven by Playwright: launch arguments, where screenshots go, logging in."""

import shutil

import pytest

from tests.support.passwords import PASSWORD
from tests.support.paths import ROOT

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium (no browser download); it runs headless as root."""
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": ["--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage"],
    }


@pytest.fixture
def screenshot_dir():
    """Where browser tests save screenshots for people to look at (not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def log_in(browser, live_server, username, password=PASSWORD):
    """A new English page logged in as ``username``; fails the test when the log-in fails."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not log in"
    return page
