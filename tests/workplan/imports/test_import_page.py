"""The Secretariat's import page (/imports/): upload, preview, apply; bad files are a
clear 400, a plan changed since the preview a 409; never a 500."""

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.support.factories import MembershipFactory, UserFactory, WorkingGroupFactory
from tests.workplan.imports.plan_files import ANNEX_I, build_csv, build_docx, build_xlsx
from workplan.imports.applying import plan_apply
from workplan.imports.reading import plan_read
from workplan.plan.models import Activity, Membership

pytestmark = pytest.mark.django_db

URL = "/imports/"


@pytest.fixture
def secretariat(client):
    group = WorkingGroupFactory(acronym="WGEC", name="Working Group on E-Commerce")
    user = UserFactory(username="sec")
    MembershipFactory(user=user, group=group, role=Membership.Role.SECRETARIAT)
    plan_apply(group=group, parsed=plan_read(build_xlsx(), filename="seed.xlsx"))
    client.force_login(user)
    return {"group": group, "user": user, "client": client}


def _revised():
    plan = copy.deepcopy(ANNEX_I)
    plan[0][2][0] = ("Review the draft text", "Secretariat", "May 2018")
    del plan[6]
    return plan


def _upload(client, data, name, **options):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), **options})


def test_the_url_is_named():
    assert reverse("workplan:plan-import") == URL


def test_upload_shows_the_preview_with_old_and_new_text(secretariat):
    response = _upload(secretariat["client"], build_docx(_revised()), "revised.docx")
    assert response.status_code == 200
    html = response.content.decode()
    assert "What importing revised.docx changes" in html
    assert "Review current draft text and identify gaps/concerns and suggest amendments" in html
    assert "Review the draft text" in html
    assert "Consolidate and prepare the finalized document" in html  # withdrawn 7.1
    assert 'name="token"' in html
    assert Activity.objects.get(topic__number=1, order=1).description.startswith("Review current")


def test_apply_updates_the_plan_in_one_go(secretariat):
    client = secretariat["client"]
    html = _upload(client, build_docx(_revised()), "revised.docx").content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    response = client.post(reverse("workplan:plan-import-apply"), {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("workplan:workplan")
    a = Activity.objects.get(topic__number=1, order=1)
    assert a.description == "Review the draft text" and a.changed_by == secretariat["user"]
    withdrawn = Activity.objects.get(topic__number=7, order=1)
    assert withdrawn.withdrawn_by == secretariat["user"]
    again = client.post(reverse("workplan:plan-import-apply"), {"token": token})
    assert again.status_code == 400 and "There is no previewed file to apply" in again.content.decode()


def test_a_plan_changed_since_the_preview_is_a_409_with_the_new_preview(secretariat):
    from workplan.plan.services import activity_update_status

    client = secretariat["client"]
    html = _upload(client, build_docx(_revised()), "revised.docx").content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    a = Activity.objects.get(topic__number=2, order=1)
    activity_update_status(activity=a, status="completed", note="Done", by=secretariat["user"],
                           expected_version=a.version)
    response = client.post(reverse("workplan:plan-import-apply"), {"token": token})
    assert response.status_code == 409
    assert "changed after the preview was made" in response.content.decode()
    assert Activity.objects.get(topic__number=1, order=1).description.startswith("Review current")
    assert client.post(reverse("workplan:plan-import-apply"), {"token": token}).status_code == 302


@pytest.mark.parametrize(("data", "name", "expected"), [
    (b"PK\x03\x04 broken", "plan.docx", "this is not a Word document"),
    (b"garbage", "plan.xlsx", "this is not an Excel workbook"),
    (b"\x00\x01\x02\xff\xfe", "plan.bin", "a NUL character (byte 0x00)"),
    (b"\x01\x02 no table", "plan.bin", "no work plan table found"),
    (b"", "empty.csv", "The submitted file is empty."),
])
def test_a_bad_file_is_a_clear_400(secretariat, data, name, expected):
    response = _upload(secretariat["client"], data, name)
    assert response.status_code == 400
    assert expected in response.content.decode()


def test_every_problem_is_listed_with_its_place(secretariat):
    bad = copy.deepcopy(ANNEX_I)
    bad[0][2][1] = ("Disseminate", "Secretariat", "03/05/2018")
    bad[1][2][0] = ("Refine", "Co-Leads", "M3")
    response = _upload(secretariat["client"], build_csv(bad, encoding="cp1252", delimiter=";"), "bad.csv")
    html = response.content.decode()
    assert response.status_code == 400
    assert "bad.csv cannot be imported: 2 problems" in html
    assert "line 3, Timeline" in html and "state the date order of the file" in html
    assert "line 6, Timeline" in html and "start month" in html
    ok = _upload(secretariat["client"], build_csv(bad, encoding="cp1252", delimiter=";"), "bad.csv",
                 date_order="dmy", start="2018-01")
    assert ok.status_code == 200
    assert "CSV read as UTF-8, fields separated by semicolon" in ok.content.decode()


def test_a_bad_start_month_is_a_form_error(secretariat):
    response = _upload(secretariat["client"], build_csv(), "plan.csv", start="June")
    assert response.status_code == 400
    assert "Write the month as YYYY-MM" in response.content.decode()


def test_the_secretariat_of_another_group_is_refused(client):
    """Secretariat of OTHER and delegate of WGEC, looking at WGEC: 403 on both pages."""
    group = WorkingGroupFactory(acronym="WGEC", name="Working Group on E-Commerce")
    other = WorkingGroupFactory(acronym="OTHER", name="Other")
    user = UserFactory(username="other-sec")
    MembershipFactory(user=user, group=other, role=Membership.Role.SECRETARIAT)
    MembershipFactory(user=user, group=group)
    client.force_login(user)
    assert client.post(reverse("workplan:switch-group"), {"group": group.pk}).status_code == 302
    assert client.get(URL).status_code == 403
    assert _upload(client, build_csv(), "plan.csv").status_code == 403
    assert not Activity.objects.exists()
