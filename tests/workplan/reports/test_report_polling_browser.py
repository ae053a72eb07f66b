"""The meeting page polls only while a report is live (issue 17), in Debian's chromium:
a queued report is polled; once it is failed (or stale) the page shows it, offers Retry
and stops asking the status endpoint."""

import datetime as dt
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.support.factories import MembershipFactory, UserFactory
from tests.support.passwords import PASSWORD
from tests.support.seed_plan import build_seed_world
from workplan.plan.models import Membership
from workplan.reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def test_polling_stops_when_the_report_fails_or_is_stale(live_server, page, screenshot_dir, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    plan = build_seed_world()
    secretariat = UserFactory(username="secretariat-poll")
    MembershipFactory(user=secretariat, group=plan["group"], role=Membership.Role.SECRETARIAT)
    old = timezone.now() - dt.timedelta(hours=1)
    Report.objects.create(meeting=plan["meeting"], version=1, state="rendering", started_at=old, requested_at=old)
    live = Report.objects.create(meeting=plan["meeting"], version=2, enqueued_at=timezone.now())
    polls = []
    page.on("request", lambda request: polls.append(time.monotonic()) if "/reports/status/" in request.url else None)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("secretariat-poll")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/meetings/{plan['meeting'].pk}/")
    expect(page.get_by_text("No worker has finished this report in time")).to_be_visible()
    expect(page.get_by_role("button", name="Retry version 1")).to_be_visible()
    expect(page.get_by_text("Being prepared…")).to_be_visible()  # version 2 is live: polled
    deadline = time.monotonic() + 30  # every 2 s; slower when the machine is busy
    while len(polls) < 2 and time.monotonic() < deadline:
        page.wait_for_timeout(500)
    assert len(polls) >= 2, "a live report is polled"

    live.mark_failed("RuntimeError: the test failed it")
    expect(page.get_by_role("button", name="Retry version 2")).to_be_visible(timeout=10_000)
    expect(page.locator("#report-live")).to_have_text("v2: Failed")
    page.screenshot(path=str(screenshot_dir / "report-failed-and-stale.png"), full_page=True)
    count = len(polls)
    page.wait_for_timeout(6000)
    assert len(polls) == count, "the page kept polling after nothing was live"
