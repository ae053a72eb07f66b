"""The French catalogue is complete: every message translated, none fuzzy, and none of the
strings marked in our templates and Python code left out of it."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CATALOGUE = ROOT / "wgec" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# What makemessages reads: our code and templates (not the virtualenv, caches or outputs).
SOURCES = ["manage.py", "wgec", "workplan", "intersessional", "templates"]

needs_gettext = pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext is not installed")


@needs_gettext
def test_msgfmt_reports_no_untranslated_and_no_fuzzy_message():
    """`msgfmt --statistics` on the French catalogue says only "N translated messages"."""
    run = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    stats = run.stderr.strip().splitlines()[-1]
    assert "translated message" in stats
    assert "untranslated" not in stats and "fuzzy" not in stats, stats


def test_every_plural_has_both_french_forms_and_keeps_its_placeholders():
    """French has two plural forms (n > 1); each keeps the msgid's %(name)s and {name}."""
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")
    po = polib.pofile(str(CATALOGUE))
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            assert entry.msgstr_plural.get(0) and entry.msgstr_plural.get(1), entry.msgid
            assert set(placeholder.findall(entry.msgstr_plural[1])) == set(
                placeholder.findall(entry.msgid_plural)), entry.msgid
        else:
            assert set(placeholder.findall(entry.msgstr)) == set(placeholder.findall(entry.msgid)), entry.msgid


@needs_gettext
def test_a_marked_string_without_its_french_fails(tmp_path):
    """makemessages, run on a copy of the code with the catalogue, finds nothing new: every
    {% translate %} and gettext string of ours already has its French. Add a string without
    its French and this test names it."""
    copy = tmp_path / "src"
    copy.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, copy / name, ignore=ignore)
        else:
            shutil.copy2(src, copy / name)
    run = subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "fr", "-v0"],
                         cwd=copy, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    po = polib.pofile(str(copy / "wgec" / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not missing, f"marked for translation but not in French: {missing}"
    assert not fuzzy, f"French to check (fuzzy): {fuzzy}"


GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def test_no_translated_string_hides_inside_an_f_string():
    """xgettext (makemessages) does not look inside f-strings: a `_("...")` there is never
    extracted and stays English on French pages. Translate it before the f-string."""
    import ast

    hidden = []
    for name in SOURCES:
        for path in sorted((ROOT / name).rglob("*.py")) if (ROOT / name).is_dir() else [ROOT / name]:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.JoinedStr):
                    continue
                for inner in ast.walk(node):
                    if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name)
                            and inner.func.id in GETTEXT_NAMES):
                        hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not hidden, f"translation calls inside f-strings (never extracted): {hidden}"
