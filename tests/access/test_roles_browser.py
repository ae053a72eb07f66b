"""Issue 3 in a real browser: a coordinator reports, the Secretariat accepts, a
delegate sees the new status and no edit button."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import log_in
from tests.support.roles import world  # noqa: F401


@pytest.mark.browser
def test_coordinator_update_accepted_then_seen_by_delegate(world, live_server, browser, screenshot_dir):
    activity = world.a1

    # The coordinator of group 1 reports progress on an item of their group.
    page = log_in(browser, live_server, "coord1")
    page.goto(f"{live_server.url}/my/")
    item = page.locator(f"#activity-{activity.pk}")
    if item.locator("details[open]").count() == 0:  # overdue items start open
        item.get_by_text("Report progress").click()
    item.get_by_label("Proposed status").select_option(label="Completed")
    item.get_by_label("Progress note").fill("Consolidated text agreed by the group")
    item.get_by_role("button", name="Send to the Secretariat").click()
    expect(page.get_by_role("status")).to_contain_text("sent to the Secretariat")
    expect(page.locator(f"#activity-{activity.pk}")).to_contain_text("pending review")
    page.screenshot(path=screenshot_dir / "roles-1-coordinator-my-items.png", full_page=True)
    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    expect(page.locator(".pending-update")).to_contain_text("Consolidated text agreed by the group")
    page.screenshot(path=screenshot_dir / "roles-1b-coordinator-activity-pending.png", full_page=True)

    # The Secretariat accepts it from the review queue.
    page = log_in(browser, live_server, "secretariat")
    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    expect(page.locator(".pending-update").get_by_role("button", name="Accept")).to_be_visible()
    page.screenshot(path=screenshot_dir / "roles-2a-secretariat-activity-pending.png", full_page=True)
    page.goto(f"{live_server.url}/reviews/")
    expect(page.locator("main")).to_contain_text("Consolidated text agreed by the group")
    page.screenshot(path=screenshot_dir / "roles-2-secretariat-reviews.png", full_page=True)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status")).to_contain_text("Update accepted")

    # A delegate sees the new status, and no button to edit the activity.
    page = log_in(browser, live_server, "delegate")
    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    main = page.locator("main")
    expect(main).to_contain_text("Completed")
    expect(main).to_contain_text("Consolidated text agreed by the group")
    expect(main.get_by_role("link", name=re.compile(r"edit|change", re.I))).to_have_count(0)
    expect(main.get_by_role("button", name=re.compile(r"edit|save|change|update|accept|send", re.I))).to_have_count(0)
    expect(main.locator("form[method=post]")).to_have_count(0)
    expect(main.locator(".pending-update")).to_have_count(0)  # nothing pending, nothing to report
    page.screenshot(path=screenshot_dir / "roles-3-delegate-activity.png", full_page=True)

    # The change is in this month's changes: who accepted it, old and new status.
    page.get_by_role("link", name="Changes").click()
    row = page.locator("table.changes")
    expect(row).to_contain_text("secretariat")
    expect(row).to_contain_text("Not started")
    expect(row).to_contain_text("Completed")
    page.screenshot(path=screenshot_dir / "roles-4-delegate-changes.png", full_page=True)
