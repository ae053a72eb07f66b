"""Loading a read Annex III (``workplan.framework.importer.parse_annex_iii``) into the
Framework models: principles, standards, TFA articles and the mapping rows.

Loading never overwrites what is already filled in (a title or text the Secretariat
wrote, a standard's principle): it fills blanks, creates what is missing, numbers
standards 1..N without gaps (standards the seed never quotes, 8 and 11, or names only
by number, 9, 14 and 15, exist with an empty title), and replaces the mapping rows
when they differ from the file. Errors come as ``FrameworkImportError`` listing
``(line, reason)`` pairs; nothing is written when there is any (one transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from workplan.framework.importer import (
    SEED_CANONICAL_TITLES,
    SEED_PATH,
    FrameworkImportError,
    ParsedMapping,
    parse_annex_iii,
)
from workplan.framework.models import (
    Principle, Standard, TfaArticle, TfaMappingArticle, TfaMappingPrinciple, TfaMappingRow,
    TfaMappingStandard, to_roman,
)

__all__ = ["ImportSummary", "framework_import_text", "framework_load_seed"]


@dataclass
class ImportSummary:
    """What a load did: counts of rows created and of blanks filled."""

    principles_created: int = 0
    standards_created: int = 0
    articles_created: int = 0
    fields_filled: int = 0
    rows: int = 0
    rows_replaced: bool = False

    def __str__(self):
        return _("%(rows)s Annex III rows (%(state)s); created %(p)s principles, %(s)s standards, "
                 "%(a)s TFA articles; filled %(f)s blank fields") % {
            "rows": self.rows, "state": _("replaced") if self.rows_replaced else _("unchanged"),
            "p": self.principles_created, "s": self.standards_created, "a": self.articles_created,
            "f": self.fields_filled}


def _row_signature_parsed(parsed: ParsedMapping) -> list:
    return [(
        row.note,
        [(a.number, a.label) for a in row.articles],
        [(p.position, p.number, p.label) for p in row.principles],
        [(s.position, s.number, s.heading, s.text, s.italic, s.in_note, s.under.position if s.under else None)
         for s in row.standards],
    ) for row in parsed.rows]


def _row_signature_db() -> list:
    rows = TfaMappingRow.objects.prefetch_related(
        "article_entries__article", "principle_entries__principle", "standard_entries__standard",
        "standard_entries__under").order_by("position")
    return [(
        row.note,
        [(a.article.number, a.label) for a in row.article_entries.all()],
        [(p.position, p.principle.number, p.label) for p in row.principle_entries.all()],
        [(s.position, s.standard.number, s.heading, s.text, s.text_italic, s.in_note,
          s.under.position if s.under else None) for s in row.standard_entries.all()],
    ) for row in rows]


def _fill(obj, changes: dict, summary: ImportSummary) -> None:
    """Set the fields of ``changes`` that are blank on ``obj`` (never overwrite)."""
    fields = [name for name, value in changes.items() if value and not getattr(obj, name)]
    for name in fields:
        setattr(obj, name, changes[name])
    if fields:
        obj.save(update_fields=fields)
        summary.fields_filled += len(fields)


def framework_import_text(*, text: str, canonical_titles: dict | None = None) -> ImportSummary:
    """Load the Annex III table in ``text`` (see the module docstring for what is
    filled, created and replaced). ``canonical_titles`` overrides the derived canonical
    titles: ``{"standard": {number: title}, "principle": {number: title}}``.

    Atomic; raises ``FrameworkImportError`` (nothing written) with ``(line, reason)``s.
    """
    canonical_titles = canonical_titles or {}
    summary = ImportSummary()
    with transaction.atomic():
        known = dict(Standard.objects.exclude(text="").values_list("number", "text"))
        parsed = parse_annex_iii(text, known_texts=known)
        errors: list[tuple[int, str]] = []

        principle_numbers = sorted({p.number for row in parsed.rows for p in row.principles}
                                   | {n for n, _line in parsed.standard_principles.values()})
        principles = {p.number: p for p in Principle.objects.select_for_update().filter(number__in=principle_numbers)}
        for number in principle_numbers:
            title = canonical_titles.get("principle", {}).get(number) or parsed.principle_titles.get(number, "")
            if number not in principles:
                principles[number] = Principle.objects.create(number=number, roman=to_roman(number), title=title)
                summary.principles_created += 1
            else:
                _fill(principles[number], {"title": title}, summary)

        highest = max([*parsed.standard_numbers(), *Standard.objects.values_list("number", flat=True)], default=0)
        standards = {s.number: s for s in Standard.objects.select_for_update().all()}
        for number in range(1, highest + 1):
            title = canonical_titles.get("standard", {}).get(number) or parsed.standard_titles.get(number, "")
            text_ = parsed.standard_texts.get(number, "")
            principle_number, line = parsed.standard_principles.get(number, (None, 0))
            principle = principles.get(principle_number)
            if number not in standards:
                standards[number] = Standard.objects.create(number=number, title=title, text=text_,
                                                            principle=principle)
                summary.standards_created += 1
                continue
            standard = standards[number]
            if principle and standard.principle_id and standard.principle_id != principle.pk:
                errors.append((line, _("Standard %(standard)s is under Principle %(old)s in the framework; the file "
                                       "puts it under Principle %(new)s") % {
                    "standard": number, "old": standard.principle.roman, "new": principle.roman}))
                continue
            _fill(standard, {"title": title, "text": text_, "principle": principle}, summary)

        articles = {a.number: a for a in TfaArticle.objects.all()}
        for row in parsed.rows:
            for a in row.articles:
                if a.number not in articles:
                    major, minor = TfaArticle.sort_key(a.number)
                    articles[a.number] = TfaArticle.objects.create(number=a.number, title=a.title,
                                                                   major=major, minor=minor)
                    summary.articles_created += 1
                else:
                    _fill(articles[a.number], {"title": a.title}, summary)
        if errors:
            raise FrameworkImportError(errors)

        summary.rows = len(parsed.rows)
        if _row_signature_db() != _row_signature_parsed(parsed):
            TfaMappingRow.objects.all().delete()
            for position, row in enumerate(parsed.rows, start=1):
                db_row = TfaMappingRow.objects.create(position=position, note=row.note, source_line=row.line)
                TfaMappingArticle.objects.bulk_create(
                    TfaMappingArticle(row=db_row, article=articles[a.number], position=i, label=a.label)
                    for i, a in enumerate(row.articles, start=1))
                under = {}
                for p in row.principles:
                    under[p.position] = TfaMappingPrinciple.objects.create(
                        row=db_row, principle=principles[p.number], position=p.position, label=p.label)
                TfaMappingStandard.objects.bulk_create(
                    TfaMappingStandard(row=db_row, standard=standards[s.number], position=s.position,
                                       heading=s.heading, text=s.text, text_italic=s.italic, in_note=s.in_note,
                                       under=under[s.under.position] if s.under else None)
                    for s in row.standards)
            summary.rows_replaced = True
    return summary


def framework_load_seed(*, path: Path | str | None = None) -> ImportSummary:
    """Load the seed's Annex III (default: fixtures/wgec-workplan-2018-09-21.txt) with
    the seed decisions of ``SEED_CANONICAL_TITLES``. Idempotent: a second call changes
    nothing. Raises ``FrameworkImportError`` or ``OSError``."""
    path = Path(path) if path else Path(settings.BASE_DIR) / SEED_PATH
    return framework_import_text(text=path.read_text(encoding="utf-8"), canonical_titles=SEED_CANONICAL_TITLES)
