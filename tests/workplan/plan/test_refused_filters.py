"""Issue 12, filters: a filter value that cannot be read never widens a result. The
list and /timeline/ answer 400 with the error and no rows (a valid subset of the filters
is not applied on its own); CSV and XLSX exports answer 400 naming the parameter instead
of a file. Every aria-describedby on these pages points at an id that exists."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.roles import world  # noqa: F401

LIST = reverse("workplan:activity-list")
TIMELINE = reverse("workplan:timeline")

BAD = [
    ({"status": "finished"}, "status"),
    ({"party": "999999"}, "party"),
    ({"party": "x"}, "party"),
    ({"timeline_from": "2018-13"}, "timeline_from"),
    ({"timeline_from": "2019-03", "timeline_to": "2018-10"}, "timeline_to"),
]


@pytest.fixture
def client_of(world):
    def make(who="delegate"):
        client = Client()
        client.force_login(getattr(world.users, who))
        return client
    return make


def _dangling_describedby(html: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    refs = [ref for value in re.findall(r'aria-describedby="([^"]*)"', html) for ref in value.split()]
    return [ref for ref in refs if ref not in ids]


@pytest.mark.parametrize("params, field", BAD)
def test_list_shows_the_error_and_no_rows(client_of, world, params, field):
    """A bad value with a valid topic filter beside it: 400, the error, no rows at all."""
    response = client_of().get(LIST, {**params, "topic": world.topics.t1.pk})
    assert response.status_code == 400
    assert field in response.context["filter"].form.errors
    assert list(response.context["table"].paginated_rows) == []
    html = response.content.decode()
    assert "no activities are shown" in html
    assert f'id="id_{field}_error"' in html
    assert _dangling_describedby(html) == []


@pytest.mark.parametrize("params, field", BAD)
def test_timeline_shows_the_error_and_no_bars(client_of, params, field):
    response = client_of().get(TIMELINE, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and 'data-activity="' not in html
    assert _dangling_describedby(html) == []


@pytest.mark.parametrize("export", ["csv", "xlsx"])
@pytest.mark.parametrize("params, field", BAD)
def test_exports_answer_400_naming_the_parameter(client_of, params, field, export):
    response = client_of().get(LIST, {**params, "_export": export})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "Content-Disposition" not in response
    text = response.content.decode()
    assert "nothing was exported" in text and f"{field}: " in text


def test_valid_filters_still_export_and_list(client_of, world):
    client = client_of()
    response = client.get(LIST, {"topic": world.topics.t1.pk, "_export": "csv"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert len(list(client.get(LIST, {"topic": world.topics.t1.pk}).context["table"].paginated_rows)) == 2


def test_form_pages_have_no_dangling_describedby(client_of, world):
    """The status form with errors (a timeline the parser refuses) and the plain pages."""
    secretariat = client_of("secretariat")
    url = reverse("workplan:activity-detail", args=[world.a1.pk])
    response = secretariat.post(url, {"status": "nope", "progress_note": "", "timeline_text": "after the meeting",
                                      "version": world.a1.version})
    assert response.status_code == 400
    assert _dangling_describedby(response.content.decode()) == []
    for page in (LIST, TIMELINE, url, reverse("workplan:my-items"), reverse("workplan:reviews")):
        assert _dangling_describedby(secretariat.get(page).content.decode()) == [], page
    coordinator = client_of("coord1")
    response = coordinator.post(reverse("workplan:progress-submit", args=[world.a1.pk]),
                                {"status": "in_progress", "note": ""})
    assert response.status_code == 400
    assert _dangling_describedby(response.content.decode()) == []
    assert _dangling_describedby(coordinator.get(reverse("workplan:my-items")).content.decode()) == []
