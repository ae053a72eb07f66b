"""The progress loop in chromium (issue 13): a coordinator reports progress, the
Secretariat sees the badge and accepts with a comment, the coordinator sees "accepted"
and the comment, and the activity's log names both people."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.roles import FAST_HASHERS, PASSWORD, build_world
from workplan.plan.services import activity_update_status
from workplan.progress.services import progress_return, progress_submit

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    w = build_world()
    for user, (first, last) in ((w.users.coord1, ("Ana", "Diaz")), (w.users.secretariat, ("Sam", "Lee")),
                                (w.users.delegate, ("Kenji", "Sato"))):
        user.first_name, user.last_name = first, last
        user.set_password(PASSWORD)
        user.save()
    # Some history, so the pages look as they will in use.
    activity_update_status(activity=w.a_sec, status="completed", note="Draft text sent to Members on 4 June.",
                           by=w.users.secretariat, expected_version=1)
    returned = progress_submit(activity=w.a3, by=w.users.coord1, status="completed", note="Definitions agreed.")
    progress_return(update=returned, by=w.users.secretariat,
                    comment="Which definitions? Please list them and say who agreed.")
    return w


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_coordinator_reports_secretariat_accepts_with_a_comment(browser, live_server, world, screenshot_dir):
    base = live_server.url
    coordinator = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(coordinator, base, "coord1")
    coordinator.goto(f"{base}/my/")
    expect(coordinator.get_by_role("link", name=re.compile(r"My items\s*1"))).to_be_visible()  # returned badge
    row = coordinator.locator(f"#activity-{world.a1.pk}")
    row.get_by_text("Report progress").click()
    row.get_by_label("Proposed status").select_option("in_progress")
    row.get_by_label("Progress note").fill("Gaps listed: scope of low-value shipments, data quality.")
    row.get_by_role("button", name="Send to the Secretariat").click()
    expect(coordinator.get_by_text("Your update was sent to the Secretariat for review.")).to_be_visible()
    expect(coordinator.locator(f"#activity-{world.a1.pk}").get_by_text("pending review")).to_be_visible()
    coordinator.screenshot(path=str(screenshot_dir / "progress-my-items.png"), full_page=True)

    secretariat = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(secretariat, base, "secretariat")
    secretariat.goto(f"{base}/")
    reviews_link = secretariat.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("Reviews"))
    expect(reviews_link).to_contain_text("1")
    expect(secretariat.get_by_text("progress update waits for your review")).to_be_visible()
    reviews_link.click()
    review = secretariat.locator("li.review").filter(has_text="Gaps listed")
    expect(review).to_contain_text("Ana Diaz (US)")
    review.get_by_label("Comment for the coordinator").fill("Thank you: clear and complete.")
    secretariat.screenshot(path=str(screenshot_dir / "progress-reviews.png"), full_page=True)
    review.get_by_role("button", name="Accept", exact=True).click()
    expect(secretariat.get_by_text("Update accepted: the activity now shows it.")).to_be_visible()
    expect(secretariat.get_by_text("No update is waiting for review.")).to_be_visible()

    coordinator.goto(f"{base}/my/")
    row = coordinator.locator(f"#activity-{world.a1.pk}")
    expect(row).to_contain_text("accepted")
    expect(row).to_contain_text("Thank you: clear and complete.")
    expect(row).to_contain_text("Gaps listed: scope of low-value shipments")
    coordinator.screenshot(path=str(screenshot_dir / "progress-my-items-accepted.png"), full_page=True)

    coordinator.goto(f"{base}/activities/{world.a1.pk}/")
    log = coordinator.locator("section.progress-log-section")
    expect(log).to_contain_text("Reported by Ana Diaz (US), accepted by Sam Lee")
    expect(log).to_contain_text("Gaps listed")
    coordinator.screenshot(path=str(screenshot_dir / "progress-activity.png"), full_page=True)
    coordinator.goto(f"{base}/settings/")
    coordinator.get_by_label("Once a day, in one digest").check()
    coordinator.get_by_role("button", name="Save").click()
    expect(coordinator.get_by_text("Your settings were saved.")).to_be_visible()
    coordinator.screenshot(path=str(screenshot_dir / "progress-settings.png"), full_page=True)
    secretariat.goto(f"{base}/activities/")
    secretariat.screenshot(path=str(screenshot_dir / "progress-activity-list.png"), full_page=True)
