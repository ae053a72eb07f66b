"""``manage.py import_workplan`` over the file readers, and ``--help`` of every command."""

import io

import pytest
from django.core.management import call_command, get_commands, load_command_class

from tests.workplan.imports.plan_files import build_csv, build_xlsx
from workplan.plan.models import Activity, Topic, WorkingGroup

pytestmark = pytest.mark.django_db


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import_workplan", *map(str, args), stdout=out, stderr=err)
    except SystemExit as e:
        code = e.code
    return code, out.getvalue(), err.getvalue()


def test_an_excel_plan_imports_and_prints_the_preview(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(build_xlsx())
    code, out, err = _run(path, "--group", "NEW", "--name", "New group")
    assert code == 0
    assert out.startswith("NEW: 26 added, 0 changed, 0 withdrawn")
    assert "+ 2.1 Refine and further develop Flow Chart" in out
    assert "Annex I!E3: a date cell (2018-05-01), read as its month: May 2018" in err
    assert Activity.objects.filter(topic__group__acronym="NEW").count() == 26


def test_dry_run_prints_the_changes_and_writes_nothing(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(build_xlsx())
    _run(path, "--group", "WGEC", "--name", "Working Group on E-Commerce")
    revised = [(1, "Technical Specifications", [("Review the draft", "Secretariat", "May 2018")])]
    path.write_bytes(build_xlsx(revised, []))
    code, out, _err = _run(path, "--group", "WGEC", "--dry-run")
    assert code == 0
    assert "~ 1.1 Review the draft" in out
    assert "    Activity: 'Review current draft text and identify gaps/concerns and suggest amendments' " \
           "-> 'Review the draft'" in out
    assert "- 1.2 Disseminate updated draft text for comments and feedback (withdrawn)" in out
    assert out.rstrip().endswith("Dry run: nothing was written.")
    assert not Activity.objects.filter(withdrawn_at__isnull=False).exists()
    assert Activity.objects.get(topic__number=1, order=1).description.startswith("Review current draft")


def test_date_order_and_start_month_are_needed_and_used(tmp_path):
    plan = [(1, "Études pilotes", [("Launch", "Secretariat", "03/05/2018"), ("Report", "Secretariat", "M18")])]
    path = tmp_path / "plan.csv"
    path.write_bytes(build_csv(plan, [], encoding="cp1252", delimiter=";"))
    code, _out, err = _run(path, "--group", "P", "--name", "Pilots")
    assert code == 1
    assert f"{path}:2: Timeline: " in err and "state the date order of the file" in err
    assert f"{path}:3: Timeline: " in err and "give the project's start month" in err
    assert not WorkingGroup.objects.filter(acronym="P").exists() and not Topic.objects.exists()
    code, out, err = _run(path, "--group", "P", "--name", "Pilots", "--date-order", "dmy", "--start", "2017-01")
    assert code == 0, err
    assert "CSV read as Windows-1252, fields separated by semicolon" in err
    months = [(a.first_month.isoformat(), a.last_month.isoformat()) for a in Activity.objects.order_by("order")]
    assert months == [("2018-05-01", "2018-05-01"), ("2018-06-01", "2018-06-01")]


def test_a_bad_start_month_is_refused(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(build_csv())
    code, _out, err = _run(path, "--group", "WGEC", "--name", "W", "--start", "June")
    assert code == 1 and '--start "June" is not a month such as 2021-01' in err


def test_a_broken_word_file_is_one_message(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"PK\x03\x04 not really")
    code, _out, err = _run(path, "--group", "WGEC", "--name", "W")
    assert code == 1
    assert err.startswith(f"{path}: this is not a Word document (.docx) that can be read")


PROJECT_APPS = ("workplan", "intersessional")


@pytest.mark.parametrize("name", sorted(n for n, app in get_commands().items() if app in PROJECT_APPS))
def test_help_works_for_every_management_command(name, capsys):
    """``--help`` formats each command's help (a lazily translated help string crashed it)."""
    command = load_command_class(get_commands()[name], name)
    command.print_help("manage.py", name)
    out = capsys.readouterr().out
    assert out.startswith(f"usage: manage.py {name}")
    assert str(command.help).split()[0] in out
