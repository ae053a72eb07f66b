"""Template filters for the PDF report (templates/workplan/report.html)."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# Han, kana, Hangul and CJK punctuation/full-width forms: drawn with Noto Sans CJK SC once
# tagged lang="zh" (untagged, fontconfig may pick the Japanese variant for Chinese).
_CJK = "\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
# Arabic, Arabic Supplement, Extended-A and presentation forms.
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_RUNS = re.compile(rf"(?P<zh>[{_CJK}]+(?:[\s·・][{_CJK}]+)*)|(?P<ar>[{_ARABIC}]+(?:\s+[{_ARABIC}]+)*)")


@register.filter(is_safe=True)
def scripts(value) -> str:
    """Escape ``value`` and wrap Chinese runs in <span lang="zh"> and Arabic runs in
    <span lang="ar" dir="rtl">, so each is set in its own Noto font (never a blank box in a delegate's name)."""
    text = str(value if value is not None else "")
    if not _RUNS.search(text):
        return escape(text)
    out, pos = [], 0
    for match in _RUNS.finditer(text):
        out.append(escape(text[pos:match.start()]))
        if match["zh"]:
            out.append(f'<span lang="zh">{escape(match["zh"])}</span>')
        else:
            out.append(f'<span lang="ar" dir="rtl">{escape(match["ar"])}</span>')
        pos = match.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


@register.filter(is_safe=True)
def scripts_lines(value) -> str:
    """``scripts`` then line breaks kept as <br> (progress notes and remarks)."""
    html = scripts(value)
    return mark_safe(re.sub(r"\r\n|\r|\n", "<br>", str(html)))
