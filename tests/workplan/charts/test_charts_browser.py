"""The timeline and the dashboard in a real browser (Debian's chromium): screenshots of
/timeline/ and / on the seed plan are saved to test-artifacts/ for people to review."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client

from intersessional.models import IntersessionalGroup
from tests.support.factories import MembershipFactory, UserFactory
from tests.support.seed_plan import build_seed_plan
from workplan.models import Activity, Membership, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A plausible state of the seed plan in mid-November 2018.
STATUSES = {"1.1": "completed", "1.2": "completed", "1.3": "completed", "1.4": "in_progress",
            "2.1": "completed", "2.2": "completed", "2.3": "completed", "2.4": "completed", "2.5": "in_progress",
            "2.6": "in_progress", "3.1": "completed", "3.2": "completed", "3.3": "in_progress",
            "4.1": "in_progress", "4.2": "postponed", "4.3": "in_progress", "6.1": "completed",
            "6.2": "cancelled"}
# Annex II: intersessional groups and the Annex I topics they work on.
ANNEX_II = [(1, "Definitions and Technical Specifications", [1, 3]),
            (2, "Flow Charts and Data Elements", [2]),
            (3, "E-Commerce Business Models and E-Commerce Stakeholders: Roles and Responsibilities", [6]),
            (4, "Revenue Collection Models", [6]),
            (5, "Implementation Strategy, Action Plan, and Capacity Building mechanism", [4])]
NOW = dt.datetime(2018, 11, 15, 9, 0, tzinfo=dt.timezone.utc)


def seed(user):
    group = build_seed_plan(statuses=STATUSES)
    for number, item, topics in ANNEX_II:
        ig = IntersessionalGroup.objects.create(working_group=group, number=number, item_of_work=item)
        ig.topics.set(Topic.objects.filter(group=group, number__in=topics))
    Activity.objects.filter(topic__number=2, order=7).update(tentative=True, timeline_text="January 2019 (tbc)")
    MembershipFactory(user=user, group=group, role=Membership.Role.SECRETARIAT)
    for number, order, status in ((1, 4, "completed"), (4, 1, "completed"), (3, 3, "completed")):
        activity = Activity.objects.get(topic__number=number, topic__group=group, order=order)
        activity.status = status
        activity._history_user = user
        activity.save()
    return group


def log_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def secretariat():
    return UserFactory(username="s.secretariat", first_name="Sam", last_name="Secretariat")


def test_screenshots_of_timeline_and_dashboard(live_server, browser, secretariat, screenshot_dir):
    # Clock at 15 November 2018 for the server (the today line, the dashboard's date);
    # the session cookie is set without an expiry, so the real-time browser keeps it.
    with time_machine.travel(NOW, tick=True):
        seed(secretariat)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        log_in(context, live_server, secretariat)
        page = context.new_page()

        page.goto(f"{live_server.url}/timeline/")
        assert page.locator("svg.gantt g.bar-row").count() == 25
        assert page.locator("svg.gantt g.today").count() == 1
        svg_box = page.locator("svg.gantt").bounding_box()
        assert svg_box["width"] <= 1280 - 2 * 16  # fits the 1280 px window, no sideways scroll
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        page.screenshot(path=str(screenshot_dir / "timeline.png"), full_page=True)

        page.get_by_label("Status").select_option("in_progress")
        page.get_by_role("button", name="Show").click()
        page.wait_for_url("**/timeline/?*status=in_progress*")
        assert page.locator("svg.gantt g.bar-row").count() == 2  # 2.5 and 4.3; 2.6 is unscheduled
        page.screenshot(path=str(screenshot_dir / "timeline-in-progress.png"), full_page=True)

        page.emulate_media(media="print")
        page.goto(f"{live_server.url}/timeline/")
        page.screenshot(path=str(screenshot_dir / "timeline-print.png"), full_page=True)
        page.emulate_media(media="screen")

        page.goto(f"{live_server.url}/")
        assert "As of 15 November 2018" in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        page.screenshot(path=str(screenshot_dir / "dashboard.png"), full_page=True)
        page.get_by_role("link", name="Overdue").first.click()
        assert "overdue=yes" in page.url

        page.goto(f"{live_server.url}/?as_of=2018-10-01")
        assert "4th WGEC meeting" in page.inner_text("main")
        page.screenshot(path=str(screenshot_dir / "dashboard-2018-10-01.png"), full_page=True)

        page.goto(f"{live_server.url}/calendar/")
        page.screenshot(path=str(screenshot_dir / "calendar.png"), full_page=True)
        context.close()
