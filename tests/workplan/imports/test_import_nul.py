"""Issue 12: an import file holding a NUL byte gives FILE:LINE: reason and exit status
1, not a traceback (PostgreSQL cannot store U+0000); nothing is written."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from workplan.imports.pipe import WorkPlanImportError, parse_workplan
from workplan.models import Standard, Topic, WorkingGroup

SEED_FILE = Path(__file__).resolve().parents[3] / "fixtures" / "wgec-workplan-2018-09-21.txt"


def _with_nul(tmp_path, needle: str) -> tuple[Path, int]:
    lines = SEED_FILE.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines) if needle in line)
    lines[number] = lines[number].replace(needle, needle[:3] + "\x00" + needle[3:], 1)
    path = tmp_path / "plan-with-nul.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, number + 1


def test_parser_names_the_line_and_column():
    with pytest.raises(WorkPlanImportError) as error:
        parse_workplan("Title\n\n| | Topic | Activity | Responsible | Timeline | Remarks |\n|---|---|---|---|---|---|\n"
                       "| 1. | Definitions | Dev\x00elop | Secretariat | August 2018 | |\n")
    assert error.value.line == 5 and "NUL character" in error.value.reason and "column 25" in error.value.reason


@pytest.mark.django_db
def test_import_workplan_prints_file_line_reason(tmp_path, capsys):
    path, line = _with_nul(tmp_path, "Develop draft definitions")
    with pytest.raises(SystemExit) as exit_:
        call_command("import_workplan", str(path), "--group", "NUL", "--name", "NUL test")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:{line}: a NUL character (byte 0x00)") and "Traceback" not in err
    assert not Topic.objects.filter(group__acronym="NUL").exists()


@pytest.mark.django_db
def test_import_framework_names_the_line(tmp_path):
    text = SEED_FILE.read_text(encoding="utf-8")
    lines = text.split("\n")
    number = max(n for n, line in enumerate(lines) if line.startswith("|") and "Article" in line)
    lines[number] = lines[number][:20] + "\x00" + lines[number][20:]
    path = tmp_path / "annex-iii-with-nul.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_framework", str(path))
    assert f"{path}: line {number + 1}: a NUL character" in str(error.value)
    assert not Standard.objects.exists() and not WorkingGroup.objects.filter(acronym="NUL").exists()
