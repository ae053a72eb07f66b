"""PTC progress reports through a real Celery worker on Redis (issue 5, case P4).

The worker (tests/conftest.py ``celery_worker``) is a separate process reading the test
database, so rows are committed (``transaction=True``) and the PDF is read back from the
MEDIA_ROOT it shares with this process.
"""

import time
from pathlib import Path

import pytest
from django.urls import reverse

from tests.support.factories import MembershipFactory, UserFactory
from tests.support.pdf_reading import pdf_pages_text, squash
from tests.support.seed_plan import ANNEX_I, ANNEX_II, build_seed_world
from workplan.models import Activity, Membership, Report

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for_state(report: Report, states: set[str], timeout: float = 180) -> Report:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.state in states:
            return report
        time.sleep(0.25)
    raise AssertionError(f"report {report.pk} still {report.state} after {timeout} s")


def test_generate_through_the_worker_and_read_the_pdf_back(celery_worker, client, tmp_path):
    """The POST returns at once with a queued row; the worker renders; the PDF holds the
    header, every topic and activity, the groups, page numbers and the change made here."""
    plan = build_seed_world()
    secretariat = UserFactory(username="secretariat-w", first_name="Anne", last_name="Secretariat")
    MembershipFactory(user=secretariat, group=plan["group"], role=Membership.Role.SECRETARIAT)
    changed = plan["activities"][4]  # 2.1 Refine and further develop Flow Chart
    changed.status = Activity.Status.COMPLETED
    changed._history_user = secretariat
    changed.save()

    client.force_login(secretariat)
    started = time.monotonic()
    response = client.post(reverse("workplan:report-generate", args=[plan["meeting"].pk]), {"agenda_item": "V.b"})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    report = Report.objects.get(meeting=plan["meeting"])
    # Rendering this plan takes seconds; the request did not wait for it.
    assert report.state in {"queued", "rendering"}, report.state
    assert elapsed < 2, f"the request took {elapsed:.1f} s"

    status_url = reverse("workplan:report-status", args=[plan["meeting"].pk])
    report = wait_for_state(report, {"ready", "failed"})
    assert report.state == "ready", f"{report.error}\nworker log: {celery_worker.log_path}"
    data = client.get(status_url).json()
    assert data["pending"] is False and data["reports"][0]["state"] == "ready"

    pdf = Path(report.file.path).read_bytes()
    assert len(pdf) == report.size
    pages = pdf_pages_text(pdf, tmp_path)
    text = " ".join(pages)
    assert "WORLD CUSTOMS ORGANIZATION" in pages[0] and "(Item V.b on the Agenda)" in pages[0]
    assert "PTC, 221st/222nd Sessions" in pages[0] and "WORKING GROUP ON E-COMMERCE (WGEC)" in pages[0]
    for number, topic, rows in ANNEX_I:
        assert squash(f"{number}. {topic}") in text
        for description, _responsible, _timeline in rows:
            assert squash(description) in text, description
    for item, coordinators, volunteers in ANNEX_II:
        assert squash(item) in text
        assert all(squash(name) in text for name in coordinators + volunteers)
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))
    changes = text.split("Changes since the previous session", 1)[1].split("Annex I", 1)[0]
    assert "Refine and further develop Flow Chart" in changes
    assert "Status: Not started → Completed" in changes and "Anne Secretariat" in changes

    download = client.get(reverse("workplan:report-download", args=[report.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf


def test_regenerate_through_the_worker_keeps_version_one(celery_worker, client):
    plan = build_seed_world()
    secretariat = UserFactory(username="secretariat-w2")
    MembershipFactory(user=secretariat, group=plan["group"], role=Membership.Role.SECRETARIAT)
    client.force_login(secretariat)
    url = reverse("workplan:report-generate", args=[plan["meeting"].pk])
    client.post(url, {})
    first = wait_for_state(Report.objects.get(version=1), {"ready", "failed"})
    client.post(url, {})
    second = wait_for_state(Report.objects.get(version=2), {"ready", "failed"})
    assert first.state == second.state == "ready"
    first.refresh_from_db()
    assert Path(first.file.path).exists() and Path(second.file.path).exists()
