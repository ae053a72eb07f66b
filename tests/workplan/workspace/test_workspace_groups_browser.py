"""Issue 12 in chromium: a delegate asks to join an intersessional group and the
Secretariat accepts; the Secretariat edits the group, reorders and withdraws an activity
with the keyboard, and meets a stale form (409) with both values shown."""

import pytest
from playwright.sync_api import expect

from intersessional.models import Participation
from tests.support.roles import world  # noqa: F401
from tests.support.browser import log_in
from workplan.models import Activity

pytestmark = [pytest.mark.browser]


def test_join_request_group_edit_withdraw_and_stale_form(world, live_server, browser, screenshot_dir):
    shot = lambda page, name: page.screenshot(path=screenshot_dir / f"workspace-groups-{name}.png", full_page=True)  # noqa: E731

    # coord4's party (Australia) asks to join group 1.
    page = log_in(browser, live_server, "coord4")
    page.goto(f"{live_server.url}/groups/1/")
    page.get_by_label("Message to the Secretariat").fill("Australia would like to contribute")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.locator(".messages")).to_contain_text("Your request was sent to the Secretariat")
    expect(page.locator("section.join")).to_contain_text("Waiting for the Secretariat: Australia")
    shot(page, "1-delegate-asked")

    # The Secretariat accepts it, by keyboard.
    sec = log_in(browser, live_server, "secretariat")
    sec.goto(f"{live_server.url}/groups/requests/")
    shot(sec, "2-requests")
    sec.get_by_role("button", name="Accept Australia").focus()
    sec.keyboard.press("Enter")
    expect(sec.locator(".messages")).to_contain_text("Australia joined the group")
    assert world.ig1.participations.filter(party__short_name="Australia", role=Participation.Role.VOLUNTEER).exists()

    # The Secretariat edits group 4: ICC stops coordinating, topic 2 is linked.
    sec.goto(f"{live_server.url}/groups/4/")
    sec.get_by_role("link", name="Edit the group").click()
    sec.get_by_label("Coordinators").select_option(label=["Australia"])
    sec.get_by_label("Linked topics").select_option(label=["2. Flow Chart and Data Elements",
                                                            "6. Other Annexes to the Framework of Standards"])
    shot(sec, "3-group-form")
    sec.get_by_role("button", name="Save the group").click()
    expect(sec.locator(".messages")).to_contain_text("The group was saved")
    expect(sec.locator("main")).to_contain_text("Refine and further develop Flow Chart")
    shot(sec, "4-group-saved")

    # Reorder and withdraw in topic 1, keyboard only.
    sec.goto(f"{live_server.url}/secretariat/plan/")
    sec.get_by_role("button", name="Move up: Disseminate updated draft text for comments and feedback").focus()
    with sec.expect_navigation():
        sec.keyboard.press("Enter")
    expect(sec.locator(f"#topic-{world.topics.t1.pk} tbody tr").first).to_contain_text("Disseminate")
    assert Activity.objects.get(pk=world.a_sec.pk).order == 1
    sec.get_by_role("button", name="Withdraw 1.2").focus()
    sec.keyboard.press("Enter")
    expect(sec.locator(".messages")).to_contain_text("The activity was withdrawn")
    expect(sec.locator(f"#topic-{world.topics.t1.pk}")).to_contain_text("Withdrawn")
    shot(sec, "5-plan-withdrawn")
    sec.goto(f"{live_server.url}{world.a1.get_absolute_url()}")
    expect(sec.locator("main")).to_contain_text("Withdrawn from the work plan")
    shot(sec, "6-activity-withdrawn")

    # Two tabs on one activity: the second save is refused, both values shown.
    other = sec.context.new_page()
    url = f"{live_server.url}/secretariat/activities/{world.a6.pk}/edit/"
    sec.goto(url)
    other.goto(url)
    other.get_by_label("Remarks").fill("From the other tab")
    other.get_by_role("button", name="Save the activity").click()
    expect(other.locator(".messages")).to_contain_text("The activity was saved")
    sec.get_by_label("Remarks").fill("From the first tab")
    sec.get_by_role("button", name="Save the activity").click()
    expect(sec.get_by_role("heading", name="Saved meanwhile by someone else")).to_be_visible()
    expect(sec.locator(".stale")).to_contain_text("From the other tab")
    expect(sec.get_by_label("Remarks")).to_have_value("From the first tab")
    shot(sec, "7-stale-form")
    assert Activity.objects.get(pk=world.a6.pk).remarks == "From the other tab"
