"""The WCO Framework of Standards on Cross-Border E-Commerce and its TFA mapping.

Shapes come from the seed document's Annex III ("Relationship between the WTO TFA
measures and the WCO Framework of Standards on Cross-Border E-Commerce"): a two-column
table whose left cell names TFA articles ("Article 7: Release and Clearance of Goods",
"7.1: Pre-arrival processing") and whose right cell quotes principles ("Principle I:
Advance Electronic Data and Risk Management"), standards ("Standard 1: ...") and each
standard's text (in italics, mostly), or, for Article 8, a sentence listing standards.

Principles, standards and TFA articles are shared by every working group (they belong to
the WCO instrument, not to one group's plan). A ``TfaMappingRow`` is one row of that
table, one per left-hand cell; its entries keep the text exactly as the row writes it
(headings differ from row to row), while ``Standard.title`` and ``Standard.text`` hold
the one canonical form (see ``workplan.framework.importer`` for how it is chosen).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workplan.plan.limits import STANDARD_TEXT_MAX_LENGTH

__all__ = [
    "Principle", "Standard", "StandardTag", "TfaArticle", "TfaMappingRow", "TfaMappingArticle",
    "TfaMappingPrinciple", "TfaMappingStandard",
]

_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(number: int) -> str:
    """1 -> "I", 6 -> "VI"; numbers 1 to 39 (the Framework has far fewer principles)."""
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


class Principle(models.Model):
    """A principle of the Framework ("Principle II: Facilitation and Simplification")."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    roman = models.CharField(_("roman numeral"), max_length=8, unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("principle")
        verbose_name_plural = _("principles")

    def __str__(self):
        head = _("Principle %(roman)s") % {"roman": self.roman}
        return f"{head}: {self.title}" if self.title else head


class Standard(models.Model):
    """A standard of the Framework, numbered 1 to 15 in the seed.

    ``title`` and ``text`` are blank for the standards the seed names only by number
    (8, 9, 11, 14, 15); the Secretariat fills them in. ``principle`` is null where the
    seed does not say which principle a standard falls under.
    """

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=STANDARD_TEXT_MAX_LENGTH)
    principle = models.ForeignKey(Principle, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="standards", verbose_name=_("principle"))
    # Tags: which standards an activity or an intersessional group serves.
    activities = models.ManyToManyField("workplan.Activity", blank=True, related_name="standards",
                                        through="StandardTag", verbose_name=_("activities"))
    intersessional_groups = models.ManyToManyField("intersessional.IntersessionalGroup", blank=True,
                                                   related_name="standards",
                                                   verbose_name=_("intersessional groups"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")

    def __str__(self):
        head = _("Standard %(number)s") % {"number": self.number}
        return f"{head}: {self.title}" if self.title else head

    def get_absolute_url(self):
        return reverse("workplan:framework") + f"#standard-{self.number}"

    @property
    def anchor(self) -> str:
        return f"standard-{self.number}"


class StandardTag(models.Model):
    """One tag: ``standard`` is served by ``activity`` (the Standard.activities link).

    An explicit link row, kept in the table Django made for the plain many-to-many
    field, so that every tag added or removed is a history row (who, when): the plan as
    of a past date reads its tags from there. Write tags with
    ``framework_services.activity_set_standards``, which saves and deletes rows one by
    one; ``add()``/``remove()`` on the relation would bypass the history.
    """

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey("workplan.Activity", on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        db_table = "workplan_standard_activities"
        unique_together = [("standard", "activity")]
        verbose_name = _("standard tag")
        verbose_name_plural = _("standard tags")

    def __str__(self):
        return f"{self.standard} – {self.activity_id}"


class TfaArticle(models.Model):
    """An article ("1", "8") or paragraph ("7.4", "10.1") of the WTO Trade Facilitation
    Agreement, numbered and titled as Annex III writes it."""

    number = models.CharField(_("number"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    # Sort key: "7.10" after "7.9"; (7, 0) for Article 7 itself.
    major = models.PositiveSmallIntegerField(_("article"), editable=False)
    minor = models.PositiveSmallIntegerField(_("paragraph"), default=0, editable=False)

    class Meta:
        ordering = ["major", "minor"]
        verbose_name = _("TFA article")
        verbose_name_plural = _("TFA articles")

    def __str__(self):
        return self.label

    @property
    def is_paragraph(self) -> bool:
        return "." in self.number

    @property
    def label(self) -> str:
        """"Article 8: Border Agency Cooperation" or "7.4: Risk Management"."""
        head = self.number if self.is_paragraph else _("Article %(number)s") % {"number": self.number}
        return f"{head}: {self.title}" if self.title else head

    @staticmethod
    def sort_key(number: str) -> tuple[int, int]:
        major, _dot, minor = number.partition(".")
        return int(major), int(minor or 0)


class TfaMappingRow(models.Model):
    """One row of Annex III: the TFA articles of one left-hand cell and what the
    right-hand cell maps them to, in the order written.

    ``note`` is prose the right cell holds besides principle and standard quotations
    (the Article 8 row); ``source_line`` is the file line where the row starts.
    """

    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    note = models.TextField(_("note"), blank=True)
    source_line = models.PositiveIntegerField(_("source line"), null=True, blank=True)
    articles = models.ManyToManyField(TfaArticle, through="TfaMappingArticle", related_name="mapping_rows")
    principles = models.ManyToManyField(Principle, through="TfaMappingPrinciple", related_name="mapping_rows")
    standards = models.ManyToManyField(Standard, through="TfaMappingStandard", related_name="mapping_rows")

    class Meta:
        ordering = ["position"]
        verbose_name = _("TFA mapping row")
        verbose_name_plural = _("TFA mapping rows")

    def __str__(self):
        return _("Annex III row %(position)s") % {"position": self.position}


class TfaMappingArticle(models.Model):
    """An article named in a row's left cell; ``label`` as written."""

    row = models.ForeignKey(TfaMappingRow, on_delete=models.CASCADE, related_name="article_entries")
    article = models.ForeignKey(TfaArticle, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("as written"), max_length=400)

    class Meta:
        ordering = ["row", "position"]
        constraints = [models.UniqueConstraint(fields=["row", "position"], name="tfa_mapping_article_pos")]


class TfaMappingPrinciple(models.Model):
    """A principle heading in a row's right cell ("Principle II" or "Principle VI:
    Public Awareness, Outreach and Capacity building."), ``label`` as written."""

    row = models.ForeignKey(TfaMappingRow, on_delete=models.CASCADE, related_name="principle_entries")
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("as written"), max_length=400)

    class Meta:
        ordering = ["row", "position"]
        constraints = [models.UniqueConstraint(fields=["row", "position"], name="tfa_mapping_principle_pos")]


class TfaMappingStandard(models.Model):
    """A standard a row maps to, in order across the row's right cell.

    ``heading`` is the row's own heading ("Standard 5 Simplified Clearance Procedures"),
    blank where the row quotes the text with no heading (7.9 Perishable Goods) or names
    the standard in prose (``in_note``, Article 8). ``text`` is the quotation as written,
    ``text_italic`` whether the seed sets it in italics. ``under`` is the principle
    heading the standard follows in that row, if any.
    """

    row = models.ForeignKey(TfaMappingRow, on_delete=models.CASCADE, related_name="standard_entries")
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))
    heading = models.CharField(_("heading as written"), max_length=400, blank=True)
    text = models.TextField(_("text as written"), blank=True)
    text_italic = models.BooleanField(_("text in italics"), default=False)
    in_note = models.BooleanField(_("named in the note"), default=False)
    under = models.ForeignKey(TfaMappingPrinciple, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="standard_entries")

    class Meta:
        ordering = ["row", "position"]
        constraints = [models.UniqueConstraint(fields=["row", "position"], name="tfa_mapping_standard_pos")]

