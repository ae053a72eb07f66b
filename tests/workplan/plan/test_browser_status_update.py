"""In chromium: a Secretariat member logs in, updates an activity's status with a progress
note, then finds it in the activity list and in the activity's history."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.support.factories import (PASSWORD, ActivityFactory, IntersessionalGroupFactory, MembershipFactory,
                       ParticipationFactory, PartyFactory, TopicFactory, UserFactory,
                       WorkingGroupFactory)
from intersessional.models import Participation
from workplan.models import Activity, Membership
from workplan.plan.services import activity_update_status

pytestmark = [pytest.mark.browser]


@pytest.fixture
def seed_like_plan(transactional_db):
    """A few rows of the seed's Annex I and II, enough to look like the real plan."""
    group = WorkingGroupFactory(acronym="WGEC", name="Working Group on E-Commerce")
    user = UserFactory(username="secretariat", first_name="Sam", last_name="Secretariat")
    MembershipFactory(user=user, group=group, role=Membership.Role.SECRETARIAT)
    t1 = TopicFactory(group=group, number=1, title="Technical Specifications")
    t2 = TopicFactory(group=group, number=2, title="Flow Chart and Data Elements")
    rows = [
        (t1, "Review current draft text and identify gaps/concerns and suggest amendments",
         "Co-Chairs, Co-Leads and interested Members and stakeholders", "May 2018", (2018, 5), (2018, 5)),
        (t1, "Disseminate updated draft text for comments and feedback", "Secretariat", "June 2018",
         (2018, 6), (2018, 6)),
        (t1, "Discuss and potentially finalize Technical Specifications", "WGEC",
         "September/October 2018", (2018, 9), (2018, 10)),
        (t2, "Refine and further develop Flow Chart", "Co-Leads (CBSA and IFCBA)", "May 2018",
         (2018, 5), (2018, 5)),
        (t2, "Continue consultations and further work", "Co-Chairs and Sub-Group Co-Leads", "", None, None),
        (t2, "Finalize Flow Chart and Data Elements", "WGEC", "March/April 2019", (2019, 3), (2019, 4)),
    ]
    made = []
    for order, (topic, desc, resp, text, first, last) in enumerate(rows, start=1):
        made.append(ActivityFactory(
            topic=topic, order=order, description=desc, responsible=resp, timeline_text=text,
            first_month=dt.date(*first, 1) if first else None,
            last_month=dt.date(*last, 1) if last else None))
    made[1].status = Activity.Status.COMPLETED
    made[1].save()
    made[3].parties.add(PartyFactory(short_name="CBSA"), PartyFactory(short_name="IFCBA"))
    ig = IntersessionalGroupFactory(working_group=group, number=2, item_of_work="Flow Charts and Data Elements")
    ig.topics.add(t2)
    for pos, name in enumerate(["Canada", "China"]):
        ParticipationFactory(group=ig, party=PartyFactory(short_name=name),
                             role=Participation.Role.COORDINATOR, position=pos)
    for pos, name in enumerate(["GEA", "UK", "Japan", "IATA", "Amazon", "FIATA", "UNECE"]):
        ParticipationFactory(group=ig, party=PartyFactory(short_name=name),
                             role=Participation.Role.VOLUNTEER, position=pos)
    return {"user": user, "activity": made[2]}


def test_secretariat_updates_status_in_the_browser(page, live_server, seed_like_plan, screenshot_dir,
                                                    settings):
    user = seed_like_plan["user"]
    user.set_password(PASSWORD)
    user.save()
    activity = seed_like_plan["activity"]
    page.set_viewport_size({"width": 1280, "height": 900})

    # Log in through the form, by keyboard.
    page.goto(f"{live_server.url}/workplan/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill("secretariat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="Work Plan for the Working Group on E-Commerce")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "workplan.png"), full_page=True)

    # Open the activity from the plan.
    page.get_by_role("link", name="Discuss and potentially finalize Technical Specifications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Discuss and potentially finalize Technical Specifications")
    page.get_by_label("Status", exact=True).select_option(label="In progress")
    page.get_by_label("Progress note").fill("Draft circulated to Members; comments due 30 September.")
    page.screenshot(path=str(screenshot_dir / "activity_form.png"), full_page=True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The activity was saved.")).to_be_visible()

    history = page.locator("section.history")
    expect(history).to_contain_text("Sam Secretariat")
    expect(history).to_contain_text("Not started → In progress")
    expect(history).to_contain_text("Draft circulated to Members; comments due 30 September.")
    page.screenshot(path=str(screenshot_dir / "activity_saved.png"), full_page=True)

    # The list shows the new status, and filtering by it finds the activity.
    page.get_by_role("link", name="Activities", exact=True).click()
    row = page.get_by_role("row").filter(has_text="Discuss and potentially finalize Technical Specifications")
    expect(row).to_contain_text("In progress")
    page.get_by_label("Status", exact=True).select_option(label="In progress")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.activities tbody tr")).to_have_count(1)
    expect(page.locator("table.activities tbody")).to_contain_text(
        "Discuss and potentially finalize Technical Specifications")
    page.get_by_role("link", name="Clear").click()
    page.locator("table.activities thead").get_by_role("link", name=re.compile("^Timeline")).click()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Timeline")
    page.screenshot(path=str(screenshot_dir / "activity_list.png"), full_page=True)

    # A form opened before someone else saved is refused, and keeps what was typed.
    page.goto(f"{live_server.url}/activities/{activity.pk}/")
    page.get_by_label("Status", exact=True).select_option(label="Completed")
    page.get_by_label("Progress note").fill("Finalized at the 4th WGEC meeting.")
    other = UserFactory(username="colleague", first_name="Alex", last_name="Colleague")
    activity_update_status(activity=activity, status=Activity.Status.POSTPONED,
                           note="Moved to the next PTC session.", by=other, expected_version=2)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("This activity was changed by Alex Colleague")
    # S3: the form now holds the other person's values, with mine beside them; saving
    # mine again is a deliberate choice.
    expect(page.get_by_label("Progress note")).to_have_value("Moved to the next PTC session.")
    expect(page.get_by_label("Status", exact=True)).to_have_value("postponed")
    expect(page.locator(".your-input").first).to_contain_text("Completed")
    expect(page.locator(".your-input").nth(1)).to_contain_text("Finalized at the 4th WGEC meeting.")
    expect(page.locator("dl.facts")).to_contain_text("Moved to the next PTC session.")
    page.screenshot(path=str(screenshot_dir / "activity_stale.png"), full_page=True)
    page.get_by_label("Status", exact=True).select_option(label="Completed")
    page.get_by_label("Progress note").fill("Finalized at the 4th WGEC meeting.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The activity was saved.")).to_be_visible()
    expect(history).to_contain_text("Postponed → Completed")

    page.goto(f"{live_server.url}/groups/2/")
    expect(page.get_by_role("heading", level=1)).to_have_text("2. Flow Charts and Data Elements")
    page.screenshot(path=str(screenshot_dir / "group_detail.png"), full_page=True)
    page.goto(f"{live_server.url}/groups/")
    page.screenshot(path=str(screenshot_dir / "group_list.png"), full_page=True)

    activity.refresh_from_db()
    assert activity.status == Activity.Status.COMPLETED
    assert activity.progress_note == "Finalized at the 4th WGEC meeting."
    assert activity.changed_by == user and activity.version == 4
