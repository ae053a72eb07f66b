"""Loading Annex III (the TFA mapping) from the seed and from Annex III table files."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from workplan.framework.importer import FrameworkImportError, parse_annex_iii
from workplan.framework.loading import framework_load_seed
from workplan.models import Principle, Standard, TfaArticle, TfaMappingRow
from tests.support.paths import ROOT

SEED = ROOT / "fixtures" / "wgec-workplan-2018-09-21.txt"

# --- the seed's Annex III written out by hand, cell by cell -------------------------
# Standard texts exactly as the seed quotes them.
T1 = ("A legal and regulatory framework should be established for requiring advance electronic exchange of data "
      "between relevant parties involved in the E-Commerce supply chain, and Customs administrations and other "
      "relevant government agencies to enhance facilitation and control measures, taking into account applicable "
      "laws, inter alia, those related to competition (anti-trust), and data security, privacy, protection, "
      "ownership.")
T2 = ("Relevant WCO and other international standards and guidance should be implemented in accordance with "
      "national policy, in an effective and harmonized manner, to facilitate the exchange of advance electronic "
      "data.")
T3 = ("Customs administrations should develop and apply dynamic risk management techniques that are specific to "
      "the E-Commerce context to identify shipments that present a risk.")
T4 = ("Customs administrations should use data analytics and screening methodologies in conjunction with "
      "non-intrusive inspection equipment, across all modes of transportation and operators, as part of risk "
      "management, with a view to facilitating cross-border E-Commerce flows and strengthening Customs controls.")
T5 = ("Customs administrations, working in coordination with other relevant government agencies as appropriate, "
      "should establish and maintain simplified clearance formalities/procedures utilizing pre-arrival processing "
      "and risk assessment of cross-border E-Commerce shipments, and procedures for immediate release of low-risk "
      "shipments on arrival or departure. Simplified clearance formalities/procedures should include, as "
      "appropriate, an account-based system for collecting duties and/or taxes and handling return shipments.")
T6 = ("Customs administrations should explore the possibilities of applying AEO Programmes and Mutual Recognition "
      "Arrangements/Agreements in the context of cross-border E-Commerce, including leveraging the role of "
      "intermediaries, to enable Micro, Small and Medium-sized Enterprises (MSMEs) and individuals to fully benefit "
      "from the opportunities of cross-border E-Commerce.")
T7 = ("Customs administrations, working with appropriate agencies or Ministries, should consider applying, as "
      "appropriate, various types of models of revenue collection (e.g., vendor, intermediary, buyer or consumer, "
      "etc.) for duties and/or taxes. In order to ensure the revenue collection, Customs administrations should "
      "offer electronic payment options, provide relevant information online, allow for flexible payment types and "
      "ensure fairness and transparency in its processes. Models that are applied should be effective, efficient, "
      "scalable, and flexible, supporting various business models and contributing to a level playing field for "
      "and among the various E-Commerce stakeholders.")
T10 = ("Governments should establish cooperation frameworks between and among various national agencies through "
       "relevant electronic mechanisms including Single Window, as appropriate, in order to provide cohesive and "
       "coordinated response to safety and security risks stemming from cross-border E-Commerce, thus facilitating "
       "legitimate trade.")
T12 = ("Customs administrations should expand Customs cooperation and partnerships to the cross-border E-Commerce "
       "environment in order to ensure compliance and facilitation.")
T13 = ("Customs administrations should make consumers, the public and other stakeholders aware of the regulatory "
       "requirements, risks and responsibilities associated with cross-border E-commerce through comprehensive "
       "awareness raising, communication, education and outreach programmes.")
P1 = "Principle I: Advance Electronic Data and Risk Management"
P2 = "Principle II: Facilitation and Simplification"
ART8_NOTE = ("There are many Standards in the Framework that requires close coordination between Customs "
             "administration and other relevant government agencies. These standards include: Standard 5, "
             "Standard 7, Standard 9, Standard 13, Standard 14, and Standard 15.")

# One entry per Annex III row: (articles [(number, as written)], right cell in order, note).
# Right cell items: ("P", principle number, as written) or ("S", standard number,
# heading as written, text as written, italic?, principle it follows) or ("N", standard
# number) for a standard named in the note.
EXPECTED_ROWS = [
    ([("1", "Article 1: Publication and availability of information"),
      ("2", "Article 2: Opportunity to comment, information before entry into force and consultations")],
     [("P", 6, "Principle VI: Public Awareness, Outreach and Capacity building."),
      ("S", 13, "Standard 13: Communication, Public Awareness and Outreach.", T13, True, 6)], ""),
    ([("7", "Article 7: Release and Clearance of Goods"), ("7.1", "7.1: Pre-arrival processing")],
     [("P", 1, P1),
      ("S", 1, "Standard 1: Legal Framework of Advance Electronic Data", T1, True, 1),
      ("P", 2, P2),
      ("S", 5, "Standard 5 Simplified Clearance Procedures", T5, True, 2)], ""),
    ([("7.2", "7.2: Electronic Payment")],
     [("P", 3, "Principle III: Fair and Efficient Revenue Collection"),
      ("S", 7, "Standard 7: Models of Revenue Collection", T7, True, 3)], ""),
    ([("7.4", "7.4: Risk Management")],
     [("P", 1, P1),
      ("S", 3, "Standard 3: Risk Management for Facilitation and Control", T3, True, 1),
      ("S", 4, "Standard 4: Use of Non-Intrusive Inspection Technologies and Data Analytics", T4, True, 1)], ""),
    ([("7.7", "7.7: Trade Facilitation Measures for Authorized Operators")],
     [("P", 2, P2),
      ("S", 6, "Standard 6: Expanding the Concept of Authorized Economic Operator (AEO) to Cross-Border "
               "E-Commerce", T6, True, 2)], ""),
    ([("7.8", "7.8: Expedited Shipment")],
     [("P", 2, P2),
      ("S", 5, "Standard 5: Simplified Clearance Procedure", T5, True, 2)], ""),
    # No heading and no principle in the seed: the text is Standard 5's, word for word.
    ([("7.9", "7.9: Perishable Goods")],
     [("S", 5, "", T5, True, None)], ""),
    ([("8", "Article 8: Border Agency Cooperation")],
     [("N", 5), ("N", 7), ("N", 9), ("N", 13), ("N", 14), ("N", 15)], ART8_NOTE),
    ([("10", "Article 10: Formalities connected with importation and exportation and transit"),
      ("10.1", "10.1: Formalities and Documentation Requirements")],
     [("P", 1, P1),
      ("S", 1, "Standard 1: Legal Framework for Advance Electronic Data", "", False, 1),
      ("P", 2, P2),
      ("S", 5, "Standard 5: Simplified Clearance and Procedure", "", False, 2)], ""),
    ([("10.3", "10.3: Use of international standards")],
     [("P", 1, P1),
      ("S", 2, "Standard 2: Use of International Standards for Advance Electronic Data", T2, True, 1)], ""),
    ([("10.4", "10.4: Single Window")],
     [("P", 4, "Principle IV: Safety and Security"),
      ("S", 10, "Standard 10: Inter-Agency Cooperation and Information Sharing", T10, False, 4)], ""),
    ([("10.8", "10.8: Rejected Goods")],
     [("P", 2, "Principle II"),
      ("S", 5, "Standard 5: Simplified Clearance Procedures", T5, False, 2)], ""),
    ([("12", "Article 12: Customs Cooperation")],
     [("P", 5, "Principle V: Partnerships"),
      ("S", 12, "Standard 12: International Cooperation", T12, True, 5)], ""),
]

EXPECTED_PRINCIPLES = [
    (1, "I", "Advance Electronic Data and Risk Management"),
    (2, "II", "Facilitation and Simplification"),
    (3, "III", "Fair and Efficient Revenue Collection"),
    (4, "IV", "Safety and Security"),
    (5, "V", "Partnerships"),
    (6, "VI", "Public Awareness, Outreach and Capacity Building"),
]

# (number, canonical title, text, principle number)
EXPECTED_STANDARDS = [
    (1, "Legal Framework for Advance Electronic Data", T1, 1),
    (2, "Use of International Standards for Advance Electronic Data", T2, 1),
    (3, "Risk Management for Facilitation and Control", T3, 1),
    (4, "Use of Non-Intrusive Inspection Technologies and Data Analytics", T4, 1),
    (5, "Simplified Clearance Procedures", T5, 2),
    (6, "Expanding the Concept of Authorized Economic Operator (AEO) to Cross-Border E-Commerce", T6, 2),
    (7, "Models of Revenue Collection", T7, 3),
    (8, "", "", None),
    (9, "", "", None),
    (10, "Inter-Agency Cooperation and Information Sharing", T10, 4),
    (11, "", "", None),
    (12, "International Cooperation", T12, 5),
    (13, "Communication, Public Awareness and Outreach", T13, 6),
    (14, "", "", None),
    (15, "", "", None),
]


def loaded_rows():
    """The mapping as stored, in the EXPECTED_ROWS shape."""
    out = []
    for row in TfaMappingRow.objects.order_by("position"):
        articles = [(e.article.number, e.label) for e in row.article_entries.order_by("position")]
        items = [(e.position, ("P", e.principle.number, e.label)) for e in row.principle_entries.all()]
        for e in row.standard_entries.all():
            if e.in_note:
                items.append((e.position, ("N", e.standard.number)))
            else:
                items.append((e.position, ("S", e.standard.number, e.heading, e.text, e.text_italic,
                                           e.under.principle.number if e.under else None)))
        out.append((articles, [item for _pos, item in sorted(items, key=lambda t: t[0])], row.note))
    return out


@pytest.mark.django_db
def test_seed_mapping_matches_annex_iii_cell_by_cell():
    framework_load_seed()
    rows = loaded_rows()
    assert len(rows) == len(EXPECTED_ROWS) == 13
    for index, (got, expected) in enumerate(zip(rows, EXPECTED_ROWS), start=1):
        assert got[0] == expected[0], f"row {index}: articles"
        assert len(got[1]) == len(expected[1]), f"row {index}: number of items"
        for item_no, (g, e) in enumerate(zip(got[1], expected[1]), start=1):
            assert g == e, f"row {index}, item {item_no}"
        assert got[2] == expected[2], f"row {index}: note"


@pytest.mark.django_db
def test_seed_principles_standards_and_articles():
    framework_load_seed()
    assert list(Principle.objects.values_list("number", "roman", "title")) == EXPECTED_PRINCIPLES
    assert [(s.number, s.title, s.text, s.principle.number if s.principle else None)
            for s in Standard.objects.select_related("principle")] == EXPECTED_STANDARDS
    assert list(TfaArticle.objects.values_list("number", flat=True)) == [
        "1", "2", "7", "7.1", "7.2", "7.4", "7.7", "7.8", "7.9", "8", "10", "10.1", "10.3", "10.4", "10.8", "12"]
    assert TfaArticle.objects.get(number="7.9").title == "Perishable Goods"
    assert TfaArticle.objects.get(number="12").label == "Article 12: Customs Cooperation"


@pytest.mark.django_db
def test_text_cut_by_the_page_break_is_joined_keeping_the_hyphen():
    """Row 7.1's Standard 5 text runs on into the next table ("low-" + "risk ...")."""
    framework_load_seed()
    entry = TfaMappingRow.objects.get(position=2).standard_entries.get(standard__number=5)
    assert "immediate release of low-risk shipments on arrival" in entry.text
    assert entry.text == T5


@pytest.mark.django_db
def test_load_seed_is_idempotent():
    first = framework_load_seed()
    assert first.rows_replaced and first.standards_created == 15
    ids = list(TfaMappingRow.objects.values_list("pk", flat=True))
    before = loaded_rows()
    second = framework_load_seed()
    assert not second.rows_replaced
    assert (second.principles_created, second.standards_created, second.articles_created,
            second.fields_filled) == (0, 0, 0, 0)
    assert list(TfaMappingRow.objects.values_list("pk", flat=True)) == ids
    assert loaded_rows() == before
    assert (Principle.objects.count(), Standard.objects.count(), TfaArticle.objects.count()) == (6, 15, 16)


@pytest.mark.django_db
def test_reload_keeps_what_the_secretariat_filled_in():
    framework_load_seed()
    Standard.objects.filter(number=8).update(title="Duty/Tax Relief")
    Standard.objects.filter(number=1).update(title="Edited by the Secretariat")
    framework_load_seed()
    assert Standard.objects.get(number=8).title == "Duty/Tax Relief"
    assert Standard.objects.get(number=1).title == "Edited by the Secretariat"


# --- the import command: the Annex III table form, errors with line numbers ---------

TABLE_HEAD = (
    "Some prose before the table.\n"
    "\n"
    "| TFA Articles | Corresponding expanded Principles and Standards |\n"
    "|---|---|\n"
)


@pytest.mark.django_db
def test_import_command_reads_the_annex_iii_table_form(tmp_path):
    path = tmp_path / "annex.txt"
    path.write_text(TABLE_HEAD + (
        "| 7.4: Risk Management | <p>Principle I: Advance Electronic Data and Risk Management</p> "
        "<p>Standard 3: Risk Management for Facilitation and Control</p> <p><i>Apply risk management.</i></p> |\n"
        "| Article 12: Customs Cooperation | Principle V: Partnerships Standard 12: International Cooperation "
        "<i>Expand cooperation.</i> |\n"
        "\n"
        "Prose after the table ends it.\n"
        "| 9.9: Not read | <p>Standard 99</p> |\n"), encoding="utf-8")
    call_command("import_framework", str(path))
    assert list(Standard.objects.values_list("number", flat=True)) == list(range(1, 13))
    s12 = Standard.objects.get(number=12)
    assert (s12.title, s12.text, s12.principle.roman) == ("International Cooperation", "Expand cooperation.", "V")
    assert TfaMappingRow.objects.count() == 2


BAD_TABLE = TABLE_HEAD + (
    "| 7.4: Risk Management | <p>Principle I: Advance Electronic Data</p> <p>Standard 3: Risk</p> |\n"  # line 5
    "| Paragraph seven | <p>Principle II: Facilitation</p> |\n"  # line 6: not an article
    "| 7.8: Expedited | <p>Principle IIII: Bad</p> |\n"  # line 7: not a roman numeral
    "| 7.9: Perishable | <p><i>A text that is no standard's.</i></p> |\n"  # line 8: headless, unmatched
    "| 7.4: Again | <p>Principle II: Facilitation</p> <p>Standard 3: Risk</p> |\n"  # line 9: dup, principle
    "| 10.1: Three | cells | here |\n"  # line 10
)


@pytest.mark.django_db
def test_import_errors_list_line_numbers_and_write_nothing(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text(BAD_TABLE, encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("import_framework", str(path))
    message = str(info.value)
    assert f"{path}: line 6: cannot read the TFA article \"Paragraph seven\"" in message
    assert f"{path}: line 7: \"IIII\" is not a roman numeral" in message
    assert f"{path}: line 8: a text with no \"Standard <n>\" heading" in message
    assert f"{path}: line 9: TFA article 7.4 is already mapped in the row at line 5" in message
    assert f"{path}: line 9: Standard 3 is under Principle II here but under Principle I at line 5" in message
    assert f"{path}: line 10: expected 2 cells" in message
    assert (Principle.objects.count(), Standard.objects.count(), TfaMappingRow.objects.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_import_rolls_back_on_a_conflict_found_while_writing(tmp_path):
    """The file is well formed but contradicts the database: nothing of it stays."""
    framework_load_seed()
    rows_before = loaded_rows()
    path = tmp_path / "conflict.txt"
    path.write_text(TABLE_HEAD + (
        "| 7.4: Risk Management | <p>Principle VII: Measurement and Analysis</p> "
        "<p>Standard 16: Something New</p> <p><i>New text.</i></p> |\n"
        "| 7.2: Electronic Payment | <p>Principle I: Advance Electronic Data and Risk Management</p> "
        "<p>Standard 5: Simplified</p> |\n"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 6: Standard 5 is under Principle II in the framework"):
        call_command("import_framework", str(path))
    assert not Principle.objects.filter(number=7).exists()
    assert not Standard.objects.filter(number=16).exists()
    assert loaded_rows() == rows_before


def test_a_file_without_the_table_is_refused():
    with pytest.raises(FrameworkImportError) as info:
        parse_annex_iii("Just prose.\n| No | table |\n")
    assert info.value.errors[0][0] == 1
    assert "no Annex III table" in info.value.errors[0][1]


def test_whole_seed_parses_without_database():
    parsed = parse_annex_iii(SEED.read_text(encoding="utf-8"), known_texts={})
    assert [row.line for row in parsed.rows] == [123, 124, 129, 130, 134, 135, 136, 137, 138, 143, 144, 145, 149]
    assert parsed.standard_titles[5] == "Simplified Clearance Procedures"  # written most often


@pytest.mark.django_db(transaction=True)
def test_command_prints_errors_without_a_traceback(tmp_path):
    """Run as a user would: exit status 1, the reasons with line numbers, no traceback."""
    from django.db import connection

    path = tmp_path / "bad.txt"
    path.write_text(BAD_TABLE, encoding="utf-8")
    env = dict(os.environ, WGEC_TEST_DATABASE_NAME=connection.settings_dict["NAME"])
    result = subprocess.run([sys.executable, "manage.py", "import_framework", str(path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "line 6: cannot read the TFA article" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.django_db
def test_importing_the_seed_file_gives_what_the_seed_load_gives():
    call_command("import_framework", str(SEED))
    assert loaded_rows() == [tuple(row) for row in EXPECTED_ROWS]
    assert [(s.number, s.title) for s in Standard.objects.all()] == [(n, t) for n, t, _x, _p in EXPECTED_STANDARDS]
