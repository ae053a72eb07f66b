"""The Framework pages in a real browser (Debian's chromium through Playwright)."""

import pytest
from django.urls import reverse

from tests.support.factories import PASSWORD, ActivityFactory, MembershipFactory, TopicFactory, UserFactory, WorkingGroupFactory
from workplan.framework.loading import framework_load_seed
from workplan.models import Activity, Membership, Standard


def _log_in(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_secretariat_tags_an_activity_and_everyone_sees_it(page, live_server, screenshot_dir):
    framework_load_seed()
    wgec = WorkingGroupFactory()
    topic = TopicFactory(group=wgec, number=4, title="Implementation Strategy and Action Plan")
    activity = ActivityFactory(topic=topic, order=5, description="Finalize Implementation Strategy and Action Plan",
                               status=Activity.Status.IN_PROGRESS)
    MembershipFactory(group=wgec, role=Membership.Role.SECRETARIAT, user=UserFactory(username="sec"))

    _log_in(page, live_server, "sec")
    page.goto(live_server.url + reverse("workplan:framework-tag-activity", args=[activity.pk]))
    page.get_by_label("Standard 13: Communication, Public Awareness and Outreach").check()
    page.get_by_label("Standard 5: Simplified Clearance Procedures").check()
    page.screenshot(path=str(screenshot_dir / "framework-tag-form.png"), full_page=True)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/framework/tag/")
    assert set(activity.standards.values_list("number", flat=True)) == {5, 13}

    page.goto(live_server.url + reverse("workplan:framework") + "#standard-13")
    section = page.locator("#standard-13")
    assert "4.5 Finalize Implementation Strategy and Action Plan" in section.inner_text()
    assert "In progress" in section.inner_text()
    page.screenshot(path=str(screenshot_dir / "framework.png"), full_page=True)

    page.goto(live_server.url + reverse("workplan:framework-tfa"))
    assert page.locator("table.annex-iii tbody tr").count() == 13
    page.screenshot(path=str(screenshot_dir / "framework-tfa.png"), full_page=True)
    page.get_by_role("link", name="Standard 12: International Cooperation").click()
    page.wait_for_url("**/framework/#standard-12")
    assert Standard.objects.get(number=12).title in page.locator("#standard-12 h3").inner_text()
