"""System checks for the PDF reports: fonts for every script the plan's names use (Chinese and Arabic
names must not print as blank boxes).

Registered as a deploy check, so ``manage.py check --deploy`` (run by ``make test``)
fails on a machine where reports would print Chinese or Arabic names as blank boxes.
"""

import shutil
import subprocess

from django.core.checks import Error, register

# Fontconfig languages a report needs beyond Latin/Cyrillic, and the Debian package
# that provides a Noto font for each (the Makefile's system-deps installs them).
REQUIRED_SCRIPTS = {
    "zh": ("Chinese (CJK)", "fonts-noto-cjk"),
    "ar": ("Arabic", "fonts-noto-core"),
}


def fonts_for_language(lang: str) -> list[str]:
    """Family names fontconfig has for ``lang`` (``fc-list :lang=<lang> family``).

    Returns [] when fc-list is missing or fails: WeasyPrint finds fonts through the
    same fontconfig, so an unusable fontconfig means no fonts either.
    """
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    try:
        result = subprocess.run([fc_list, f":lang={lang}", "family"], capture_output=True, text=True,
                                timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return sorted({line.strip() for line in result.stdout.splitlines() if line.strip()})


@register("reports", deploy=True)
def check_report_fonts(app_configs=None, **kwargs):
    """workplan.E101/E102: no font for Chinese / Arabic, so the PDF reports would show boxes."""
    errors = []
    for number, (lang, (script, package)) in enumerate(REQUIRED_SCRIPTS.items(), start=101):
        if not fonts_for_language(lang):
            errors.append(Error(
                f"No {script} font is installed (fc-list :lang={lang} lists nothing): PDF reports would "
                f"print such names as blank boxes.",
                hint=f"Install the Debian package {package} (make system-deps) and check with "
                     f"`fc-list :lang={lang}`.",
                id=f"workplan.E{number}",
            ))
    return errors
