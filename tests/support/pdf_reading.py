"""Reading PDFs back in tests: poppler's pdftotext/pdffonts and pdfminer/pdfplumber."""

import re
import subprocess
from pathlib import Path


def pdf_pages_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """Text of each page in content-stream order (``pdftotext -raw``), so the text of one
    table cell stays together; whitespace collapsed to single spaces."""
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [squash(p) for p in pages]


def pdf_reading_order_text(pdf: bytes, tmp_path: Path) -> str:
    """Text in reading order (``pdftotext`` default mode): right-to-left runs come out in
    logical order, as typed; the bidi embedding marks poppler adds are dropped."""
    path = tmp_path / "read-order.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    return squash(re.sub("[\u202a-\u202e\u2066-\u2069\u200e\u200f]", "", out))


def squash(text: str) -> str:
    """Whitespace collapsed; none kept after "-" or "/", where lines may break mid-word.
    Apply to both the PDF text and the expected text."""
    text = re.sub(r"(?<=[-/])\s+", "", re.sub(r"\s+", " ", text))
    # Chinese lines break between any two characters and put no space there.
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text).strip()


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_fonts(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout


def glyphs(pdf: bytes) -> list[tuple[int, str, int, str]]:
    """Every glyph drawn: (page number from 1, font name, CID, text).

    WeasyPrint embeds CID fonts with Identity-H, so the CID is the glyph id and 0 is
    ``.notdef``, the blank box drawn for a character no font has.
    """
    from io import BytesIO

    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    seen = []

    class Recorder(PDFLayoutAnalyzer):
        page_number = 0

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            try:
                text = font.to_unichr(cid)
            except Exception:
                text = ""
            seen.append((self.page_number, font.fontname, cid, text))
            return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)

    manager = PDFResourceManager()
    device = Recorder(manager)
    interpreter = PDFPageInterpreter(manager, device)
    for number, page in enumerate(PDFPage.get_pages(BytesIO(pdf)), start=1):
        device.page_number = number
        interpreter.process_page(page)
    return seen
