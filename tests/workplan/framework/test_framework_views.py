"""Framework pages and tagging, tried as the Secretariat, a coordinator, a delegate and
an anonymous visitor."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.support.factories import (
    ActivityFactory, IntersessionalGroupFactory, MembershipFactory, PartyFactory, TopicFactory, UserFactory,
    WorkingGroupFactory,
)
from workplan.framework.forms import standard_fingerprint
from workplan.framework.loading import framework_load_seed
from workplan.framework.selectors import filter_by_standard, mapping_rows
from workplan.models import Activity, Membership, Profile, Standard

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    framework_load_seed()


@pytest.fixture
def wgec():
    return WorkingGroupFactory()


@pytest.fixture
def secretariat(wgec):
    return MembershipFactory(group=wgec, role=Membership.Role.SECRETARIAT, user=UserFactory(username="sec")).user


@pytest.fixture
def delegate(wgec):
    return MembershipFactory(group=wgec, role=Membership.Role.DELEGATE, user=UserFactory(username="del")).user


@pytest.fixture
def coordinator(wgec):
    user = MembershipFactory(group=wgec, user=UserFactory(username="coord")).user
    party = PartyFactory(short_name="Canada")
    Profile.objects.get_or_create(user=user)[0].parties.add(party)
    return user


@pytest.fixture
def activity(wgec):
    act = ActivityFactory(topic=TopicFactory(group=wgec, number=2, title="Flow Chart and Data Elements"),
                          order=1, description="Refine and further develop Flow Chart",
                          status=Activity.Status.IN_PROGRESS)
    return act


def standard_section(html: str, number: int) -> str:
    match = re.search(rf'<article class="standard" id="standard-{number}".*?</article>', html, re.S)
    assert match, f"no section for Standard {number}"
    return match.group(0)


@pytest.mark.parametrize("name", ["workplan:framework", "workplan:framework-tfa", "workplan:framework-tag-overview"])
def test_anonymous_visitor_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_visitor_cannot_reach_the_tag_form(client, seed, activity):
    response = client.get(reverse("workplan:framework-tag-activity", args=[activity.pk]))
    assert response.status_code == 302


def test_framework_page_renders_for_a_delegate(client, seed, delegate):
    client.force_login(delegate)
    response = client.get(reverse("workplan:framework"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Principle VI: Public Awareness, Outreach and Capacity Building" in html
    section = standard_section(html, 5)
    assert "Standard 5: Simplified Clearance Procedures" in section
    assert "immediate release of low-risk shipments" in section
    # The TFA articles that map to Standard 5, from its rows.
    for number in ("7.1", "7.8", "7.9", "8", "10.1", "10.8"):
        assert f">{number}</a>" in section
    assert "title not yet given" in standard_section(html, 14)
    assert "Edit standards" not in html and "Edit Standard" not in html


def test_tfa_page_renders_the_annex_for_a_delegate(client, seed, delegate):
    client.force_login(delegate)
    response = client.get(reverse("workplan:framework-tfa"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<tr id="tfa-row-') == 13
    assert "7.9: Perishable Goods" in html
    assert "Standard 5 Simplified Clearance Procedure" in html  # the 7.1 row's heading as written
    assert "Standard 5: Simplified Clearance and Procedure" in html  # the 10.1 row's
    assert 'href="/framework/#standard-12"' in html
    assert "These standards include: Standard 5, Standard 7" in html


def test_tagging_an_activity_shows_it_under_its_standard(client, seed, secretariat, activity):
    client.force_login(secretariat)
    url = reverse("workplan:framework-tag-activity", args=[activity.pk])
    assert client.get(url).status_code == 200
    s5, s1 = Standard.objects.get(number=5), Standard.objects.get(number=1)
    response = client.post(url, {"standards": [s5.pk, s1.pk], "shown": ""})
    assert response.status_code == 302
    assert set(activity.standards.values_list("number", flat=True)) == {1, 5}
    html = client.get(reverse("workplan:framework")).content.decode()
    for number in (1, 5):
        section = standard_section(html, number)
        assert "2.1 Refine and further develop Flow Chart" in section
        assert "In progress" in section
    assert "Refine and further develop" not in standard_section(html, 3)


def test_delegate_and_coordinator_cannot_tag(client, seed, delegate, coordinator, activity):
    activity.parties.add(PartyFactory(short_name="Canada"))  # the coordinator is responsible
    s5 = Standard.objects.get(number=5)
    group = IntersessionalGroupFactory(working_group=activity.topic.group)
    for user in (delegate, coordinator):
        client.force_login(user)
        for url in (reverse("workplan:framework-tag-activity", args=[activity.pk]),
                    reverse("workplan:framework-tag-group", args=[group.pk])):
            assert client.get(url).status_code == 403
            assert client.post(url, {"standards": [s5.pk], "shown": ""}).status_code == 403
        assert client.get(reverse("workplan:framework-tag-overview")).status_code == 403
        assert client.post(reverse("workplan:framework-standard-edit", args=[8]), {"title": "x"}).status_code == 403
    assert not activity.standards.exists() and not group.standards.exists()
    assert Standard.objects.get(number=8).title == ""


def test_two_secretariat_members_tagging_at_once_keep_both_changes(client, seed, secretariat, activity):
    s1, s3, s5 = (Standard.objects.get(number=n) for n in (1, 3, 5))
    activity.standards.add(s1)
    client.force_login(secretariat)
    url = reverse("workplan:framework-tag-activity", args=[activity.pk])
    # Both opened the form showing Standard 1; one adds 3, the other removes 1 and adds 5.
    client.post(url, {"standards": [s1.pk, s3.pk], "shown": str(s1.pk)})
    client.post(url, {"standards": [s5.pk], "shown": str(s1.pk)})
    assert set(activity.standards.values_list("number", flat=True)) == {3, 5}


def test_bad_tag_form_is_a_400_and_changes_nothing(client, seed, secretariat, activity):
    client.force_login(secretariat)
    url = reverse("workplan:framework-tag-activity", args=[activity.pk])
    assert client.post(url, {"standards": ["999999"], "shown": ""}).status_code == 400
    assert client.post(url, {"standards": [Standard.objects.get(number=2).pk], "shown": "x"}).status_code == 400
    assert not activity.standards.exists()
    assert client.get(reverse("workplan:framework-tag-activity", args=[999999])).status_code == 404


def test_tagging_an_intersessional_group_shows_it_on_the_framework_page(client, seed, secretariat, wgec):
    group = IntersessionalGroupFactory(working_group=wgec, number=4, item_of_work="Revenue Collection Models")
    client.force_login(secretariat)
    s7 = Standard.objects.get(number=7)
    response = client.post(reverse("workplan:framework-tag-group", args=[group.pk]),
                           {"standards": [s7.pk], "shown": ""})
    assert response.status_code == 302
    html = client.get(reverse("workplan:framework")).content.decode()
    assert "4. Revenue Collection Models" in standard_section(html, 7)
    overview = client.get(reverse("workplan:framework-tag-overview")).content.decode()
    assert "Revenue Collection Models" in overview


def test_secretariat_fills_in_a_standard_named_only_by_number(client, seed, secretariat):
    client.force_login(secretariat)
    url = reverse("workplan:framework-standard-edit", args=[8])
    assert client.get(url).status_code == 200
    opened = standard_fingerprint(Standard.objects.get(number=8))
    response = client.post(url, {"title": "Duty/Tax Relief", "text": "", "principle": "", "opened": opened})
    assert response.status_code == 302
    assert Standard.objects.get(number=8).title == "Duty/Tax Relief"
    fresh = standard_fingerprint(Standard.objects.get(number=8))
    assert client.post(url, {"title": "x" * 400, "opened": fresh}).status_code == 400


def test_a_standard_changed_since_the_form_opened_is_not_overwritten(client, seed, secretariat):
    client.force_login(secretariat)
    url = reverse("workplan:framework-standard-edit", args=[9])
    opened = standard_fingerprint(Standard.objects.get(number=9))
    Standard.objects.filter(number=9).update(title="Prevention of Fraud and Illicit Trade")  # someone else
    response = client.post(url, {"title": "Mine", "text": "", "principle": "", "opened": opened})
    assert response.status_code == 400
    assert "Someone changed this standard" in response.content.decode()
    assert Standard.objects.get(number=9).title == "Prevention of Fraud and Illicit Trade"


def test_activities_of_another_working_group_are_not_listed(client, seed, delegate, activity):
    other = ActivityFactory(topic=TopicFactory(group=WorkingGroupFactory(acronym="WGX", name="Other")),
                            description="Another group's activity")
    Standard.objects.get(number=5).activities.add(activity, other)
    client.force_login(delegate)
    section = standard_section(client.get(reverse("workplan:framework")).content.decode(), 5)
    assert "Refine and further develop Flow Chart" in section
    assert "Another group's activity" not in section


def test_framework_page_query_count_does_not_grow_with_tags(client, seed, delegate, wgec,
                                                            django_assert_max_num_queries):
    client.force_login(delegate)
    topic = TopicFactory(group=wgec)
    standards = list(Standard.objects.all())

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("workplan:framework")).status_code == 200
        return len(ctx)

    ActivityFactory(topic=topic).standards.add(standards[0])
    few = count_queries()
    for i in range(30):
        ActivityFactory(topic=topic).standards.add(*standards[i % 15:i % 15 + 3])
        IntersessionalGroupFactory(working_group=wgec).standards.add(standards[i % 15])
    assert count_queries() == few
    with django_assert_max_num_queries(few):
        client.get(reverse("workplan:framework-tfa"))


def test_filter_by_standard(seed, wgec, activity):
    other = ActivityFactory(topic=activity.topic)
    s5 = Standard.objects.get(number=5)
    s5.activities.add(activity)
    qs = Activity.objects.all()
    assert list(filter_by_standard(qs, s5)) == [activity]
    assert list(filter_by_standard(qs, s5.pk)) == [activity]
    assert set(filter_by_standard(qs, None)) == {activity, other}
    assert set(filter_by_standard(qs, "")) == {activity, other}


def test_annex_iii_fragment_renders_for_the_report(seed):
    html = render_to_string("workplan/_annex_iii.html", {"mapping_rows": mapping_rows()})
    assert html.count("<tr id=\"tfa-row-") == 13
    assert "Article 12: Customs Cooperation" in html
    assert "<i>Customs administrations should expand Customs cooperation" in html
    assert "href=" not in html  # no links unless asked for (a PDF report has no site to link to)


def test_standard_tags_fragment_for_activity_and_group_pages(seed, activity):
    """templates/workplan/framework/_standard_tags.html, for the pages that show one object."""
    Standard.objects.get(number=5).activities.add(activity)
    html = render_to_string("workplan/framework/_standard_tags.html", {
        "standards": activity.standards.all(),
        "edit_url": reverse("workplan:framework-tag-activity", args=[activity.pk])})
    assert 'href="/framework/#standard-5">Standard 5: Simplified Clearance Procedures</a>' in html
    assert f'href="/framework/tag/activity/{activity.pk}/"' in html
    empty = render_to_string("workplan/framework/_standard_tags.html", {"standards": []})
    assert "none" in empty and "Edit standards" not in empty


def test_annex_iii_fragment_in_a_pdf_keeps_its_text_inside_the_page(seed, tmp_path, screenshot_dir):
    """The fragment as the session report will use it: WeasyPrint, text read back."""
    import pdfplumber
    from weasyprint import HTML

    body = render_to_string("workplan/_annex_iii.html", {"mapping_rows": mapping_rows()})
    css = "@page { size: A4; margin: 2cm } body { font: 10pt 'Noto Sans', sans-serif }"
    pdf = tmp_path / "annex-iii.pdf"
    HTML(string=f"<html><head><style>{css}</style></head><body><h1>Annex III</h1>{body}</body></html>").write_pdf(pdf)
    left, right = [], []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            assert all(0 <= ch["x0"] and ch["x1"] <= page.width for ch in page.chars)
            # The table's two columns read apart: the left one ends where the header (repeated
            # on every page) says "Corresponding".
            split = next(w["x0"] for w in page.extract_words() if w["text"] == "Corresponding") - 2
            left.append(page.crop((0, 0, split, page.height)).extract_text() or "")
            right.append(page.crop((split, 0, page.width, page.height)).extract_text() or "")

    def joined(parts):
        return re.sub(r"- (?=[A-Za-z])", "-", " ".join(" ".join(parts).split()))

    articles, cells = joined(left), joined(right)
    for expected in ("Article 1: Publication and availability of information", "7.9: Perishable Goods",
                     "Article 12: Customs Cooperation"):
        assert expected in articles
    for expected in ("Standard 5: Simplified Clearance and Procedure", "Standard 12: International Cooperation",
                     "immediate release of low-risk shipments on arrival or departure"):
        assert expected in cells
    (screenshot_dir / "annex-iii.pdf").write_bytes(pdf.read_bytes())
