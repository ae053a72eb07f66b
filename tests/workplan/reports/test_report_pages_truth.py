"""The meeting page says what is true about its reports (issue 17): the message after
"Generate report" is the row's state (failed when the broker is down), Retry is offered for
failed and stale reports, and the page polls only while a report is live."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.support.factories import MembershipFactory, UserFactory
from tests.support.job_workers import broker_down
from tests.support.seed_plan import build_seed_world
from workplan.plan.models import Membership
from workplan.reports.models import Report


@pytest.fixture
def plan(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    plan = build_seed_world()
    plan["secretariat"] = UserFactory(username="secretariat-truth")
    MembershipFactory(user=plan["secretariat"], group=plan["group"], role=Membership.Role.SECRETARIAT)
    return plan


@pytest.mark.worker  # not eager: the request really talks to a (dead) broker
@pytest.mark.django_db(transaction=True)
def test_generate_with_the_broker_down_says_failed_and_offers_retry(plan, client):
    """Issue 17: with the broker down, the row is marked failed and the message says so
    (it used to say "Version 1 of the report is queued"); the page does not poll."""
    client.force_login(plan["secretariat"])
    with broker_down():
        response = client.post(reverse("workplan:report-generate", args=[plan["meeting"].pk]), {}, follow=True)
    page = response.content.decode()
    report = Report.objects.get()
    assert report.state == "failed" and "task queue could not be reached" in report.error
    assert "Connection refused" in report.error or "Error 111" in report.error, report.error
    assert "Version 1 of the report could not be started" in page
    assert "is queued" not in page
    assert "Retry version 1" in page and "data-live" not in page


@pytest.mark.django_db
def test_stale_reports_stop_the_polling_offer_retry_and_never_block_a_new_version(plan, client, settings,
                                                                                   django_capture_on_commit_callbacks):
    """Issue 17: a report queued or rendering past its bound is stale: the status JSON says
    pending false (the script stops polling), the page offers Retry, a new version is not
    refused, and Retry renders it."""
    now = timezone.now()
    queued = Report.objects.create(meeting=plan["meeting"], version=1, enqueued_at=now - dt.timedelta(hours=1),
                                   requested_at=now - dt.timedelta(hours=1))
    rendering = Report.objects.create(meeting=plan["meeting"], version=2, state="rendering",
                                      started_at=now - dt.timedelta(hours=1), requested_at=now - dt.timedelta(hours=1))
    client.force_login(plan["secretariat"])
    status = client.get(reverse("workplan:report-status", args=[plan["meeting"].pk])).json()
    assert status["pending"] is False
    assert {r["version"]: r["stale"] for r in status["reports"]} == {1: True, 2: True}
    page = client.get(reverse("workplan:meeting-detail", args=[plan["meeting"].pk])).content.decode()
    assert "Retry version 1" in page and "Retry version 2" in page and "data-live" not in page
    assert "No worker has started this report" in page and "No worker has finished this report in time" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workplan:report-retry", args=[rendering.pk]), follow=True)
    rendering.refresh_from_db()
    # (The test's transaction runs the render after the view has answered, so the message
    # said "queued", which was true then.)
    assert rendering.state == "ready" and "Version 2 of the report is queued" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workplan:report-generate", args=[plan["meeting"].pk]), {})
    assert Report.objects.filter(version=3, state="ready").exists()
    queued.refresh_from_db()
    assert queued.state == "queued"  # untouched: the sweep sends it again or Retry does


@pytest.mark.django_db
def test_a_live_report_is_polled_and_blocks_a_double_click(plan, client):
    live = Report.objects.create(meeting=plan["meeting"], version=1, enqueued_at=timezone.now())
    client.force_login(plan["secretariat"])
    assert client.get(reverse("workplan:report-status", args=[plan["meeting"].pk])).json()["pending"] is True
    page = client.get(reverse("workplan:meeting-detail", args=[plan["meeting"].pk])).content.decode()
    assert f'id="report-{live.pk}"' in page and 'data-live="1"' in page and "Retry version 1" not in page
    response = client.post(reverse("workplan:report-generate", args=[plan["meeting"].pk]), {}, follow=True)
    assert "Version 1 of this report is still being prepared." in response.content.decode()
    retry = client.post(reverse("workplan:report-retry", args=[live.pk]), follow=True)
    assert "Only a failed report, or one no worker has finished in time, can be retried." in retry.content.decode()
