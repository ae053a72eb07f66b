"""HTML to PDF with WeasyPrint, fetching nothing but the project's own static files."""

from __future__ import annotations

import contextlib
import gc
import mimetypes
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in the report HTML ("/static/css/report.css") resolve against this origin.
# ".invalid" (RFC 2606) can never be a real host, so nothing here can reach a network.
REPORT_BASE_URL = "https://wgec-report.invalid/"


class StaticOnlyURLFetcher(URLFetcher):
    """WeasyPrint URL fetcher that serves the project's own static files and nothing else.

    Allowed: URLs under ``STATIC_URL`` resolved against ``REPORT_BASE_URL`` (or an
    absolute STATIC_URL), read from STATIC_ROOT (collected, manifest names) or the
    static finders; and ``data:`` URIs. Everything else (file://, http(s) to any other
    place, ftp, path traversal out of the static folders) is refused with ValueError,
    which WeasyPrint logs and skips. ``attempts`` and ``refused`` record every URL asked
    for, so tests can show that nothing was fetched.
    """

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols={"data"}, allow_redirects=False,
                         fail_on_errors=False)
        self.attempts: list[str] = []
        self.refused: list[str] = []
        self.static_prefix = urljoin(REPORT_BASE_URL, settings.STATIC_URL)

    def fetch(self, url, headers=None):
        self.attempts.append(url)
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"The report renderer loads only the project's static files, not {url[:200]}")
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        with open(path, "rb") as fh:
            body = fh.read()
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime_type})

    def _static_path(self, url: str) -> str | None:
        """The file a static URL names, or None when the URL is not one of ours."""
        parts = urlsplit(url)
        if parts.query or parts.fragment:
            url = url.split("?", 1)[0].split("#", 1)[0]
        if not url.startswith(self.static_prefix):
            return None
        relative = unquote(url[len(self.static_prefix):])
        if not relative or "\x00" in relative or relative.startswith("/") or ".." in relative.split("/"):
            return None
        try:
            if staticfiles_storage.exists(relative):
                return staticfiles_storage.path(relative)
        except (SuspiciousFileOperation, NotImplementedError, ValueError):
            return None
        try:
            return finders.find(relative)
        except SuspiciousFileOperation:
            return None


@contextlib.contextmanager
def fewer_collections():
    """Run the garbage collector less often while WeasyPrint lays out.

    Layout makes millions of short-lived objects, so the default thresholds run a
    collection every 700 allocations, each one also walking the long-lived objects of
    Django and the worker. Freezing those and raising the first threshold saved about
    10 % of CPU time in bench/report.py at the same peak memory. Process-wide: used only
    in the worker and in commands, never in a web process.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def html_to_pdf(html: str, *, url_fetcher: StaticOnlyURLFetcher | None = None) -> tuple[bytes, int]:
    """Lay out ``html`` with WeasyPrint and return (PDF bytes, number of pages).

    Always uses a ``StaticOnlyURLFetcher`` (a new one unless given).
    """
    fetcher = url_fetcher or StaticOnlyURLFetcher()
    with fewer_collections():
        document = HTML(string=html, base_url=REPORT_BASE_URL, url_fetcher=fetcher).render()
        return document.write_pdf(), len(document.pages)
