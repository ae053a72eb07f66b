"""In chromium: a filter month the browser lets through as text ("2018-13") is refused on
the activity list and the timeline: the error is under the field (and announced through
aria-describedby), no rows or bars are shown, and clearing the filter brings them back."""

import pytest
from playwright.sync_api import expect

from tests.support.roles import PASSWORD, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_refused_month_shows_the_error_and_no_rows(page, live_server, world, screenshot_dir):
    world.users.delegate.set_password(PASSWORD)
    world.users.delegate.save()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("delegate")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")

    page.goto(f"{live_server.url}/activities/?timeline_from=2018-13&status=in_progress")
    field = page.locator("#id_timeline_from")
    expect(page.locator("#id_timeline_from_error")).to_contain_text("Enter a month as YYYY-MM")
    assert "id_timeline_from_error" in field.get_attribute("aria-describedby")
    expect(page.get_by_role("alert").filter(has_text="no activities are shown")).to_be_visible()
    expect(page.locator("table tbody tr td", has_text="Develop draft definitions")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "activity_list_refused_filter.png"), full_page=True)

    page.goto(f"{live_server.url}/timeline/?timeline_from=2018-13")
    expect(page.locator("#id_timeline_from_error")).to_be_visible()
    expect(page.locator("g.bar-row")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "timeline_refused_filter.png"), full_page=True)

    page.goto(f"{live_server.url}/activities/")
    expect(page.locator("table tbody")).to_contain_text("Develop draft definitions")
