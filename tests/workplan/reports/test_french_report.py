"""The PDF report's frame in French (issue 15): the seed plan rendered with
``language="fr"`` reads back with the French date line, agenda item, headings, annexes,
dates and page numbers, while the plan's own English texts stay as written; the English
report of the same plan is unchanged by a French request around it."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.support.pdf_reading import pdf_pages_text, squash
from tests.support.seed_plan import ANNEX_I, build_seed_world
from workplan.reports.build import render_report

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2018, 9, 21, 10, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def plan(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_seed_world()


def test_french_report_frame_reads_back_in_french(plan, tmp_path, screenshot_dir):
    rendered = render_report(meeting=plan["meeting"], agenda_item="V.b", now=NOW, language="fr")
    (screenshot_dir / "report-fr.pdf").write_bytes(rendered.pdf)  # for people to look at
    pages = pdf_pages_text(rendered.pdf, tmp_path)
    text = " ".join(pages)
    assert "ORGANISATION MONDIALE DES DOUANES" in pages[0]
    assert "COMITÉ TECHNIQUE PERMANENT" in pages[0]
    assert "Bruxelles, le 21 septembre 2018." in pages[0] or "Brussels, le 21 septembre 2018." in pages[0]
    assert "(Point V.b de l'ordre du jour)" in pages[0]
    assert "Avancement du programme de travail" in pages[0]
    assert "Résumé" in pages[0] and "Modifications depuis la session précédente" in text
    assert "Annexe I" in text and "Annexe II" in text and "Travaux intersessions" in text
    assert "septembre/octobre 2018" in text  # a seed timeline, in French
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} sur {len(pages)}" in page
        assert "Généré le 21 septembre 2018 à 12:00 (Europe/Brussels)" in page
    # The plan's texts are the English as written.
    number, topic, rows = ANNEX_I[0]
    assert squash(f"{number}. {topic}") in text and squash(rows[0][0]) in text
    for english in ("Summary", "Annex I ", "on the Agenda", "Page 1 of"):
        assert english not in text


def test_english_report_ignores_the_language_of_the_request_around_it(plan, tmp_path):
    with translation.override("fr"):
        rendered = render_report(meeting=plan["meeting"], agenda_item="V.b", now=NOW)
    first = pdf_pages_text(rendered.pdf, tmp_path)[0]
    assert "WORLD CUSTOMS ORGANIZATION" in first and "(Item V.b on the Agenda)" in first
    assert "Brussels, 21 September 2018." in first


def test_render_report_command_takes_a_known_language(plan, tmp_path):
    out = tmp_path / "fr.pdf"
    call_command("render_report", plan["meeting"].pk, "-o", str(out), "--language", "fr")
    assert "Résumé" in " ".join(pdf_pages_text(out.read_bytes(), tmp_path))
    with pytest.raises(CommandError, match="--language must be one of en, fr"):
        call_command("render_report", plan["meeting"].pk, "-o", str(out), "--language", "xx")
