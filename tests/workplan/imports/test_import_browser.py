"""In chromium: the Secretariat uploads a revised work plan (.xlsx), reads the preview
(added, changed side by side, withdrawn, an unknown party), applies it, and finds the
plan changed with its statuses kept."""

import copy
import re

import pytest
from playwright.sync_api import expect

from tests.support.passwords import PASSWORD
from tests.support.factories import MembershipFactory, UserFactory, WorkingGroupFactory
from tests.workplan.imports.plan_files import ANNEX_I, build_xlsx
from workplan.imports.applying import plan_apply
from workplan.imports.reading import plan_read
from workplan.plan.models import Activity, Membership

pytestmark = [pytest.mark.browser]


@pytest.fixture
def plan_in_use(transactional_db):
    group = WorkingGroupFactory(acronym="WGEC", name="Working Group on E-Commerce")
    user = UserFactory(username="secretariat", first_name="Sam", last_name="Secretariat")
    MembershipFactory(user=user, group=group, role=Membership.Role.SECRETARIAT)
    plan_apply(group=group, parsed=plan_read(build_xlsx(), filename="seed.xlsx"))
    done = Activity.objects.get(topic__number=1, order=2)
    done.status, done.progress_note = "completed", "Sent on 5 June."
    done.save()
    return {"user": user, "done": done}


def test_secretariat_uploads_previews_and_applies_a_revised_plan(page, live_server, plan_in_use, tmp_path,
                                                                  screenshot_dir, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = plan_in_use["user"]
    user.set_password(PASSWORD)
    user.save()
    revised = copy.deepcopy(ANNEX_I)
    revised[0][2][1] = ("Disseminate the updated draft text", "Secretariat", "June 2018")
    revised[4][2].append(("Collect pilot results", "Jane Doe (UPU) and Ruritania", "mid-2019"))
    del revised[6]
    path = tmp_path / "revised plan.xlsx"
    path.write_bytes(build_xlsx(revised))
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/imports/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill("secretariat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="Import a work plan into WGEC")).to_be_visible()

    page.get_by_label("Work plan file").set_input_files(str(path))
    page.get_by_role("button", name="Show what would change").click()
    expect(page.get_by_role("heading", name="What importing revised plan.xlsx changes")).to_be_visible()
    expect(page.locator("table.added")).to_contain_text("Collect pilot results")
    changed = page.locator("table.changed")
    expect(changed.locator("td.old")).to_contain_text("Disseminate updated draft text for comments and feedback")
    expect(changed.locator("td.new")).to_contain_text("Disseminate the updated draft text")
    expect(page.locator("table.withdrawn")).to_contain_text("Consolidate and prepare the finalized document")
    expect(page.locator(".warnings")).to_contain_text('"Ruritania" is not a party the tracker knows')
    page.screenshot(path=str(screenshot_dir / "import-preview.png"), full_page=True)

    page.get_by_role("button", name="Apply these changes").click()
    expect(page).to_have_url(re.compile(r"/workplan/$"))
    expect(page.locator(".message.success")).to_contain_text("1 added, 1 changed, 1 withdrawn")
    page.screenshot(path=str(screenshot_dir / "import-applied.png"), full_page=True)

    done = Activity.objects.get(pk=plan_in_use["done"].pk)
    assert (done.description, done.status, done.progress_note) == (
        "Disseminate the updated draft text", "completed", "Sent on 5 June.")
    assert Activity.objects.get(topic__number=7, order=1).withdrawn_at is not None


def test_a_bad_file_shows_its_problems_not_an_error_page(page, live_server, plan_in_use, tmp_path, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = plan_in_use["user"]
    user.set_password(PASSWORD)
    user.save()
    path = tmp_path / "plan.docx"
    path.write_bytes(b"PK\x03\x04 not a document")
    page.goto(f"{live_server.url}/accounts/login/?next=/imports/")
    page.get_by_label("Username").fill("secretariat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.get_by_label("Work plan file").set_input_files(str(path))
    with page.expect_response(re.compile(r"/imports/$")) as response:
        page.get_by_role("button", name="Show what would change").click()
    assert response.value.status == 400
    expect(page.get_by_role("heading", name=re.compile("plan.docx cannot be imported"))).to_be_visible()
    expect(page.locator(".problems")).to_contain_text("this is not a Word document")
