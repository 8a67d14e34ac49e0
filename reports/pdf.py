"""Printable documents: a Django template rendered to PDF by WeasyPrint, offline.

WeasyPrint fetches the stylesheets, fonts and images a template links to. Here it may read
only our own static files, from disk: a document never reaches the network (no tracking
pixel, no slow CDN, no server-side request forgery through a URL in the data).
"""

import base64
import functools
import gc
import logging
import mimetypes
import threading
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_valid_filename
from fontTools.ttLib import woff2
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from policies.selectors import association_profile

logger = logging.getLogger(__name__)

# Relative URLs in a document resolve against this address; the fetcher below answers for it
# from disk, and nothing is ever requested from it over the network.
BASE_URL = "https://silah.invalid/"


# Images the portal itself embeds (the association's logo): decoded here, never fetched.
EMBEDDED_IMAGE_PREFIXES = ("data:image/png;base64,", "data:image/jpeg;base64,")
LOGO_MAX_BYTES = 2 * 1024 * 1024


def association_logo_data_uri(association) -> str:
    """The profile's logo as a data URI for a document, or "" when there is none or it cannot be read."""
    logo = getattr(association, "logo", None)
    if not logo:
        return ""
    try:
        with logo.open("rb") as handle:
            content = handle.read(LOGO_MAX_BYTES + 1)
    except OSError:
        logger.warning("The association's logo %r cannot be read; documents print without it.", logo.name)
        return ""
    if len(content) > LOGO_MAX_BYTES:
        return ""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif content.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    else:
        return ""
    return f"data:image/{kind};base64,{base64.b64encode(content).decode('ascii')}"


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves ``/static/…`` URLs from the static files on disk and refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=())

    def fetch(self, url, headers=None):
        if url.startswith(EMBEDDED_IMAGE_PREFIXES):
            header, _comma, data = url.partition(",")
            return URLFetcherResponse(
                url, body=base64.b64decode(data), headers={"Content-Type": header[len("data:") : -len(";base64")]}
            )
        path = static_file_path(url)
        if path is None:
            raise ValueError(f"Only the portal's static files may appear in a document, not {url!r}")
        if path.suffix == ".woff2":
            return URLFetcherResponse(url, body=decompressed_font(path, path.stat().st_mtime_ns), headers=FONT_HEADERS)
        content_type, _encoding = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type or "application/octet-stream"}
        )


FONT_HEADERS = {"Content-Type": "font/ttf"}


@functools.lru_cache(maxsize=16)
def decompressed_font(path: Path, mtime_ns: int) -> bytes:
    """The TrueType font inside a WOFF2 file, decompressed once per process.

    WeasyPrint decompresses WOFF2 with fontTools' pure-Python decoder for every document it
    prints: about a third of a second per font file, four files per document. The modification
    time is part of the cache key so that a new font version is read again.
    """
    out = BytesIO()
    with path.open("rb") as handle:
        woff2.decompress(handle, out)
    return out.getvalue()


def static_file_path(url: str) -> Path | None:
    """The file on disk behind a static URL of ours, or None for any other address."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
        return None
    prefix = urlsplit(settings.STATIC_URL).path
    path = unquote(parts.path)
    if not path.startswith(prefix):
        return None
    name = path[len(prefix) :]
    if not name or ".." in Path(name).parts:
        return None
    # Collected files (production: hashed names from the manifest) first, then the app's sources.
    try:
        collected = Path(staticfiles_storage.path(name))
    except (NotImplementedError, ValueError, OSError):
        collected = None
    if collected is not None and collected.is_file():
        return collected
    found = finders.find(name)
    return Path(found) if found else None


# WeasyPrint keeps the whole document's boxes alive while it lays them out, so Python's cycle
# collector, triggered every 700 new objects, walks that growing tree again and again and
# promotes it into full collections: a fifth of the monthly report's time (bench/RESULTS.md).
# While a document renders the collector waits for far more new objects; the garbage the
# document leaves is collected as usual afterwards. One document's garbage is a few MB.
RENDER_GC_THRESHOLD = 200_000
_collector_lock = threading.Lock()
_rendering = 0
_normal_threshold: tuple[int, ...] = ()


@contextmanager
def fewer_collections():
    """Let the cycle collector run less often for the duration of the block.

    The threshold is global to the process: with threads, the first block to enter sets it and the
    last to leave puts back what it found.
    """
    global _rendering, _normal_threshold
    with _collector_lock:
        if _rendering == 0:
            _normal_threshold = gc.get_threshold()
            gc.set_threshold(max(RENDER_GC_THRESHOLD, _normal_threshold[0]), *_normal_threshold[1:])
        _rendering += 1
    try:
        yield
    finally:
        with _collector_lock:
            _rendering -= 1
            if _rendering == 0:
                gc.set_threshold(*_normal_threshold)


def render_pdf(*, template_name: str, context: dict, request=None) -> bytes:
    """Render ``template_name`` with ``context`` (and the request's context processors) to PDF bytes.

    Every document gets the association's profile (its letterhead) and the moment it was printed.
    """
    context = {"printed_at": timezone.now(), **context}
    if "association" not in context:
        context["association"] = association_profile()
    context.setdefault("association_logo", association_logo_data_uri(context["association"]))
    html = render_to_string(template_name, context, request=request)
    with fewer_collections():
        return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnlyFetcher()).write_pdf()


def attachment_filename(stem: str) -> str:
    """A safe ``.pdf`` file name for a Content-Disposition header."""
    return f"{get_valid_filename(stem) or 'document'}.pdf"
