"""Secretariat-only fields never reach a delegate or coordinator, by any path.

Plants secrets (an activity's internal note, every user's e-mail address), then fetches
every GET row of the access matrix, and each with ``_export=csv|xlsx|json|pdf``, as the
two coordinators and the delegate, and searches what comes back: HTML and JSON as text,
XLSX by unzipping every part, PDF through pdftotext. The Secretariat, asked the same,
does see the internal note (so the search is not vacuous).
"""

import io
import shutil
import subprocess
import zipfile

import pytest
from django.urls import reverse

from tests.support.roles import world  # noqa: F401
from tests.access.test_access_matrix import REQUESTS, ROWS, ready_report

NOTE = "SECRET-INTERNAL-NOTE-7f3a"
MAIL_DOMAIN = "secret-mail.invalid"
EXPORTS = ("", "csv", "xlsx", "json", "pdf")


def body_text(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw[:4] == b"PK\x03\x04":  # XLSX (a zip of XML parts)
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    if raw[:5] == b"%PDF-":
        assert shutil.which("pdftotext"), "poppler-utils is needed to read PDFs back"
        return subprocess.run(["pdftotext", "-", "-"], input=raw, capture_output=True, check=True).stdout.decode()
    return raw.decode("utf-8", "replace")


def get_urls(w):
    for row, (method, _expected) in ROWS.items():
        if method != "GET":
            continue
        kwargs, query = REQUESTS.get(row, lambda w: ({}, {}))(w)
        yield row, reverse(row.split("[")[0], kwargs=kwargs), query


@pytest.fixture
def secrets_planted(world, settings, tmp_path):
    world.a1.internal_note = NOTE
    world.a1.save()
    for user in vars(world.users).values():
        user.email = f"{user.username}@{MAIL_DOMAIN}"
        user.save()
    settings.MEDIA_ROOT = str(tmp_path)
    ready_report(world)  # rendered after the secrets were planted: the PDF is searched too
    return world


@pytest.mark.parametrize("who", ["coord1", "coord4", "delegate"])
def test_no_secret_reaches_coordinators_or_delegates(secrets_planted, client, who):
    w = secrets_planted
    client.force_login(getattr(w.users, who))
    leaks = []
    for row, url, query in get_urls(w):
        for export in EXPORTS:
            params = {**query, **({"_export": export} if export else {})}
            text = body_text(client.get(url, params))
            if NOTE in text:
                leaks.append(f"{row} {export or 'page'}: internal note")
            # Their own address may be shown to them; nobody else's.
            others = [u for u in vars(w.users).values() if u.username != who]
            if any(u.email in text for u in others):
                leaks.append(f"{row} {export or 'page'}: e-mail address")
    assert not leaks, leaks


def test_secretariat_sees_the_internal_note(secrets_planted, client):
    client.force_login(secrets_planted.users.secretariat)
    response = client.get(secrets_planted.a1.get_absolute_url())
    assert NOTE in body_text(response)
