"""Issue 15, done when: every page, as each role with a French profile (and an English
browser), shows none of our English catalogue's strings.

The pages are the access matrix's GET rows (tests/access/test_access_matrix.py, which lists every
URL name) and, for the Secretariat, the admin's pages. Our strings are the French
catalogue's msgids whose French differs; to avoid matching ordinary words, a msgid counts
when it has at least two words, and a msgid with placeholders counts by its fixed pieces
of at least three words. User-written content (English here) is not ours and may appear.
"""

import html
import re
from pathlib import Path

import polib
import pytest
from django.db import transaction
from django.urls import reverse

from tests.support.roles import world  # noqa: F401
from tests.access.test_access_matrix import REQUESTS, ROWS, USERS, _admin_urls, ready_report
from workplan.models import Profile

CATALOGUE = Path(__file__).resolve().parents[2] / "wgec" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|%%|<[^>]+>")
# Known files, skipped without a request: exports, feeds, the PDF, the report state (JSON);
# any other response that is not text is skipped too.
NOT_PAGES = {"workplan:activity-list[csv]", "workplan:activity-list[xlsx]", "workplan:calendar-user-feed",
             "workplan:calendar-group-feed", "workplan:report-download", "workplan:report-status",
             "healthz"}  # JSON for load balancers


def _squash(text: str) -> str:
    return " ".join(text.split())


def english_strings() -> set[str]:
    """Our English strings that a French page must not show."""
    found = set()
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        pairs = [(entry.msgid, entry.msgstr)] if not entry.msgid_plural else [
            (entry.msgid, entry.msgstr_plural.get(0, "")), (entry.msgid_plural, entry.msgstr_plural.get(1, ""))]
        for msgid, msgstr in pairs:
            if _squash(msgid) == _squash(msgstr):
                continue
            pieces = PLACEHOLDER.split(msgid)
            minimum = 2 if len(pieces) == 1 else 3
            for piece in pieces:
                piece = _squash(piece).strip(" .,:;()")
                if len(piece.split()) >= minimum and piece not in _squash(msgstr):
                    found.add(piece)
    return found


ENGLISH = english_strings()


def page_text(response) -> str:
    """The page as a reader and a screen reader get it: text and attribute values, with
    entities decoded; the hidden CSRF token and the language switcher's own names aside."""
    body = response.content.decode()
    body = re.sub(r"<script\b.*?</script>", " ", body, flags=re.S)
    return _squash(html.unescape(body))


def user_content(w) -> list[str]:
    """What people wrote in the roles world (English, and not ours to translate), longest
    first so a title is removed before a piece of it."""
    from intersessional.models import IntersessionalGroup
    from workplan.models import Activity, Meeting, Standard, Topic

    texts = [*Topic.objects.values_list("title", flat=True),
             *[t for row in Activity.objects.values_list("description", "responsible", "remarks", "progress_note")
               for t in row],
             *[t for row in IntersessionalGroup.objects.values_list("item_of_work", "volunteers_text") for t in row],
             *Meeting.objects.values_list("title", flat=True), *Standard.objects.values_list("title", flat=True)]
    return sorted({_squash(t) for t in texts if t and t.strip()}, key=len, reverse=True)


def test_the_english_strings_are_many():
    assert len(ENGLISH) > 400
    assert "Send to the Secretariat" in ENGLISH and "Item of work" in ENGLISH
    assert "activities in all" in ENGLISH  # a piece of a longer message


@pytest.mark.parametrize("who", [u for u in USERS if u != "anonymous"] + ["anonymous"])
def test_every_page_in_french_shows_none_of_our_english_strings(who, world, client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    ready_report(world)
    if who == "anonymous":
        client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    else:
        user = getattr(world.users, who)
        Profile.objects.filter(user=user).update(language="fr")
        client.force_login(user)
    urls = []
    for row, (method, expected) in ROWS.items():
        if method != "GET" or row in NOT_PAGES or expected[who] == "login":
            continue
        kwargs, data = REQUESTS.get(row, lambda w: ({}, {}))(world)
        urls.append((row, reverse(row.split("[")[0], kwargs=kwargs), data))
    if who == "secretariat":
        urls += [(url, url, {}) for url in _admin_urls(world)]
    content = user_content(world)
    failures, seen = [], 0
    for row, url, data in urls:
        with transaction.atomic():
            response = client.get(url, data, HTTP_ACCEPT_LANGUAGE="en")
            transaction.set_rollback(True)
        kind = response.get("Content-Type", "")
        if response.status_code >= 500:
            failures.append(f"{row}: {response.status_code}")
            continue
        if not kind.startswith(("text/html", "text/plain")):
            continue  # files (exports, feeds, PDFs) are read by their own tests
        seen += 1
        text = page_text(response)
        for written in content:
            text = text.replace(written, " ")
        if 'class="language-switcher"' in response.content.decode():  # our pages, not Django's bare 404
            assert '<html lang="fr">' in response.content.decode(), row
        left = sorted(s for s in ENGLISH if s in text)
        if left:
            failures.append(f"{row}: {left}")
    assert seen >= (5 if who == "anonymous" else 25)
    assert not failures, "\n".join(failures)
