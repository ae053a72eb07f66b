"""Files on any host (issue 17): reports are written and read through Django's STORAGES.
With an S3-compatible store (moto in server mode, a real HTTP server on loopback) the
worker ("host B") and the web process ("host A") have different MEDIA_ROOTs and share no
disk: the report generated on B is downloaded on A, and neither disk holds a copy."""

import datetime as dt
import hashlib

import boto3
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.support.factories import MembershipFactory, UserFactory
from tests.support.job_workers import OwnWorker, moto_s3_server, routed_to, s3_env, s3_storage_settings, wait_until
from tests.support.pdf_reading import pdf_pages_text
from tests.support.seed_plan import build_seed_world
from workplan.plan.models import Membership
from workplan.reports.models import Report
from workplan.reports.sweep import reports_sweep

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BUCKET = "wgec-reports"


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with moto_s3_server(tmp_path_factory.mktemp("moto")) as endpoint:
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                              aws_access_key_id="testing", aws_secret_access_key="testing")
        client.create_bucket(Bucket=BUCKET)
        yield endpoint, client


def _local_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def test_generated_on_host_b_downloaded_on_host_a_through_s3(s3, settings, client, tmp_path):
    endpoint, s3_client = s3
    host_a, host_b = tmp_path / "host-a-media", tmp_path / "host-b-media"
    host_a.mkdir()
    host_b.mkdir()
    settings.MEDIA_ROOT = str(host_a)
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage_settings(endpoint, BUCKET)}
    worker = OwnWorker(db_name=connection.settings_dict["NAME"], media_root=host_b,
                       log_path=tmp_path / "worker.log", env=s3_env(endpoint, BUCKET)).start()
    plan = build_seed_world()
    secretariat = UserFactory(username="secretariat-s3")
    MembershipFactory(user=secretariat, group=plan["group"], role=Membership.Role.SECRETARIAT)
    client.force_login(secretariat)
    try:
        with routed_to(worker.queue):
            client.post(reverse("workplan:report-generate", args=[plan["meeting"].pk]), {"agenda_item": "V.b"})
            report = Report.objects.get()
            wait_until(lambda: Report.objects.filter(pk=report.pk, state__in=["ready", "failed"]).exists(),
                       "the worker on host B", 180, every=0.5)
    finally:
        worker.stop()
    report.refresh_from_db()
    assert report.state == "ready", f"{report.error}; worker log {worker.log_path}"
    keys = [o["Key"] for o in s3_client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert report.file.name in keys

    response = client.get(reverse("workplan:report-download", args=[report.pk]))  # on host A
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    assert len(pdf) == report.size and hashlib.sha256(pdf).hexdigest() == report.sha256
    assert "(Item V.b on the Agenda)" in pdf_pages_text(pdf, tmp_path)[0]
    assert _local_files(host_a) == [] and _local_files(host_b) == []  # nothing on either disk

    # The sweep deletes an object no row names, once older than the render bound, and
    # leaves the report's own file alone.
    orphan = f"reports/{plan['group'].acronym}/{plan['meeting'].pk}/left-behind.pdf"
    s3_client.put_object(Bucket=BUCKET, Key=orphan, Body=b"%PDF-1.7 orphan")
    assert reports_sweep().orphans == []  # too young: a render may be about to claim it
    later = timezone.now() + dt.timedelta(seconds=settings.REPORT_RENDER_TIMEOUT + 60)
    assert reports_sweep(now=later).orphans == [orphan]
    keys = [o["Key"] for o in s3_client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert keys == [report.file.name]

    # A missing object is a clear 404, never a 500.
    s3_client.delete_object(Bucket=BUCKET, Key=report.file.name)
    assert client.get(reverse("workplan:report-download", args=[report.pk])).status_code == 404
