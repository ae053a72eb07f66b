"""Issue 12, done when: in chromium, the Secretariat adds the next PTC session, edits an
activity's timeline and responsible parties, and invites a user (mail into the loopback
SMTP server) who opens the link, sets a password and logs in."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.roles import world  # noqa: F401
from tests.support.browser import log_in
from workplan.models import Activity, Meeting, Membership

pytestmark = [pytest.mark.browser]


def test_secretariat_workspace_journey(world, live_server, browser, screenshot_dir, smtp, settings):
    settings.SITE_URL = live_server.url
    shot = lambda page, name: page.screenshot(path=screenshot_dir / f"workspace-{name}.png", full_page=True)  # noqa: E731
    page = log_in(browser, live_server, "secretariat")

    # The Secretariat entry of the navigation leads to the workspace.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Secretariat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Secretariat")
    shot(page, "1-index")

    # The next PTC session.
    page.get_by_role("link", name="Meetings", exact=True).last.click()
    page.get_by_role("link", name="Add a meeting").click()
    page.get_by_label("Kind").select_option(label="PTC session")
    page.get_by_label("Number").fill("223rd/224th")
    page.get_by_label("Title").fill("PTC, 223rd/224th Sessions")
    page.get_by_label("Start date").fill("2019-03-11")
    page.get_by_label("End date").fill("2019-03-15")
    page.get_by_label("Place").fill("Brussels")
    shot(page, "2-meeting-form")
    page.get_by_role("button", name="Add the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PTC, 223rd/224th Sessions")
    expect(page.locator(".messages")).to_contain_text("The meeting was added")
    meeting = Meeting.objects.get(title="PTC, 223rd/224th Sessions")
    assert (str(meeting.start_date), meeting.place, meeting.group) == ("2019-03-11", "Brussels", world.group)

    # An activity's timeline and responsible parties, from the plan page, by keyboard.
    page.goto(f"{live_server.url}/secretariat/plan/")
    shot(page, "3-plan")
    edit = page.get_by_role("link", name=f"Edit 1.1")
    edit.focus()
    page.keyboard.press("Enter")
    page.get_by_label("Timeline").fill("October 2018 to March 2019")
    page.get_by_label("Responsible parties").select_option(label=["EU", "US"])
    shot(page, "4-activity-form")
    page.get_by_role("button", name="Save the activity").click()
    expect(page.locator(".messages")).to_contain_text("The activity was saved")
    main = page.locator("main")
    expect(main).to_contain_text("October 2018 to March 2019")
    expect(main.locator(".chips")).to_contain_text("EU")
    expect(main.locator(".chips")).to_contain_text("US")
    shot(page, "5-activity-saved")
    a1 = Activity.objects.get(pk=world.a1.pk)
    assert a1.last_month.isoformat() == "2019-03-01" and a1.changed_by == world.users.secretariat
    assert sorted(a1.parties.values_list("short_name", flat=True)) == ["EU", "US"]

    # A new delegate, invited by e-mail.
    page.goto(f"{live_server.url}/secretariat/people/")
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("User name").fill("amina")
    page.get_by_label("First name").fill("Amina")
    page.get_by_label("Last name").fill("Diallo")
    page.get_by_label("E-mail address").fill("amina@example.org")
    page.get_by_label("Parties").select_option(label="Japan")
    page.get_by_label("Role").select_option(label="Delegate")
    shot(page, "6-invite")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messages")).to_contain_text("Amina Diallo was invited")
    expect(page.locator("main table")).to_contain_text("Invited, no password yet")
    shot(page, "7-people")

    [mail] = smtp.inbox.messages
    assert mail["To"] == "amina@example.org"
    link = re.search(r"(http://\S+/accounts/reset/\S+/)", mail.get_content())[1]

    # The invited user sets a password and logs in.
    guest = browser.new_context(locale="en-GB").new_page()
    guest.goto(link)
    expect(guest.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    guest.get_by_label("New password", exact=True).fill("a long pass phrase for Amina 2019")
    guest.get_by_label("New password again").fill("a long pass phrase for Amina 2019")
    shot(guest, "8-set-password")
    guest.get_by_role("button", name="Set the password").click()
    guest.goto(f"{live_server.url}/accounts/login/")
    guest.get_by_label("Username").fill("amina")
    guest.get_by_label("Password").fill("a long pass phrase for Amina 2019")
    guest.get_by_role("button", name="Log in").click()
    guest.wait_for_load_state()
    assert "/accounts/login/" not in guest.url
    expect(guest.locator(".who")).to_have_text("Amina Diallo")
    assert Membership.objects.get(user__username="amina").group == world.group
    shot(guest, "9-invited-user-dashboard")
