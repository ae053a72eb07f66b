"""User journey in Debian's chromium (Playwright): the Secretariat generates a PTC report
and watches it become ready without reloading; a delegate downloads it (issue 5).

Runs against the live server with the real Celery worker, so the page really waits for
a render happening elsewhere.
"""

import datetime as dt
import subprocess

import pytest
from playwright.sync_api import expect

from tests.support.factories import PASSWORD, MembershipFactory, UserFactory
from tests.support.seed_plan import build_seed_world
from workplan.models import Activity, Membership, Topic

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]



def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_secretariat_generates_a_report_and_a_delegate_downloads_it(celery_worker, live_server, page, browser,
                                                                    screenshot_dir, tmp_path):
    plan = build_seed_world()
    # A larger plan, so the render lasts long enough to be seen as "being prepared".
    topic = Topic.objects.create(group=plan["group"], number=8, title="Further work")
    Activity.objects.bulk_create(
        Activity(topic=topic, order=n, description=f"Further activity {n}", responsible="Secretariat",
                 timeline_text="June 2019", first_month=dt.date(2019, 6, 1), last_month=dt.date(2019, 6, 1))
        for n in range(1, 151))
    secretariat = UserFactory(username="secretariat-b", first_name="Anne", last_name="Secretariat")
    MembershipFactory(user=secretariat, group=plan["group"], role=Membership.Role.SECRETARIAT)
    UserFactory(username="delegate-b")
    meeting_url = f"{live_server.url}/meetings/{plan['meeting'].pk}/"

    log_in(page, live_server.url, "secretariat-b")
    page.goto(f"{live_server.url}/meetings/")
    page.get_by_role("link", name="PTC, 221st/222nd Sessions").click()
    expect(page.get_by_role("heading", name="PTC, 221st/222nd Sessions")).to_be_visible()
    page.get_by_label("Agenda item").fill("V.b")
    page.get_by_role("button", name="Generate report").click()
    page.wait_for_url(f"{meeting_url}#reports")
    expect(page.get_by_text("Version 1 of the report is queued")).to_be_visible()
    expect(page.get_by_text("Being prepared…")).to_be_visible()
    page.evaluate("window.__sameDocument = true")  # lost if the page reloaded
    page.screenshot(path=str(screenshot_dir / "report-queued.png"), full_page=True)

    download_link = page.get_by_role("link", name="Download version 1 (PDF)")
    expect(download_link).to_be_visible(timeout=180_000)
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded to show the ready report"
    expect(page.locator("#report-live")).to_have_text("v1: Ready")
    page.screenshot(path=str(screenshot_dir / "report-ready.png"), full_page=True)

    context = browser.new_context(accept_downloads=True)
    delegate_page = context.new_page()
    log_in(delegate_page, live_server.url, "delegate-b")
    delegate_page.goto(meeting_url)
    expect(delegate_page.get_by_role("button", name="Generate report")).to_have_count(0)
    with delegate_page.expect_download() as info:
        delegate_page.get_by_role("link", name="Download version 1 (PDF)").click()
    download = info.value
    assert download.suggested_filename == "wgec-ptc-221st222nd-sessions-v1.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True).stdout
    assert "PTC, 221st/222nd Sessions" in text and "Further activity 150" in text
    delegate_page.screenshot(path=str(screenshot_dir / "report-delegate.png"), full_page=True)
    context.close()
