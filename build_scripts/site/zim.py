"""ZIM file (Kiwix): the built trilingual site/ as one .zim with its own full-text index.

    python -m build_scripts zim --site site --out dist/archive.zim

Every file of site/ becomes an entry at its path (index.html is the main entry). Document,
browse and home pages are front articles and go into libzim's Xapian index; the text indexed
is what Pagefind indexes on the site (the `data-pagefind-body` element less its
`data-pagefind-ignore` parts), or the page's <article> where it has none.

Chinese: libzim indexes CJK text as character unigrams and bigrams (Xapian's
FLAG_CJK_NGRAM, whatever the indexing language) and parses queries the same way, so
专精特新 matches pages holding all of 专 专精 精 精特 …; the indexing language only picks the
stemmer and the stop words. "eng" is used: English pages get stemmed, Chinese is untouched
(no stemmer, no stop words drop single characters such as 上 or 不 from queries).

The ZIM is written in a temporary folder beside `out` and renamed over it when complete; a
fingerprint of site/ and of the settings, stored in `out`.fingerprint, skips an unchanged run.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import shutil
import struct
import sys
import tempfile
import time
import unicodedata
import zlib
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import Callable

from libzim.writer import Creator, FileProvider, Hint, IndexData, Item

from ..files import Fingerprint
from ..render.labels import t
from ..settings import LANGUAGES, SITE_DIR
from .snapshot import SKIP_SUFFIXES

FINGERPRINT_SUFFIX = ".fingerprint"
# Bumped by hand when what goes into the ZIM changes without site/ changing.
RECIPE = "1"
INDEX_LANGUAGE = "eng"

# A fixed table, not the mimetypes module: that one reads /etc/mime.types, which differs
# between machines.
MIMETYPES = {
    ".html": "text/html", ".css": "text/css", ".js": "application/javascript",
    ".json": "application/json", ".map": "application/json", ".xml": "application/xml",
    ".txt": "text/plain;charset=UTF-8", ".bib": "text/x-bibtex;charset=UTF-8",
    ".ris": "application/x-research-info-systems", ".svg": "image/svg+xml",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".ico": "image/x-icon", ".woff2": "font/woff2", ".woff": "font/woff",
    ".ttf": "font/ttf", ".wasm": "application/wasm",
}
# Text worth compressing; images, fonts and Pagefind's files (gzipped already) are not.
COMPRESSED = {".html", ".css", ".js", ".json", ".map", ".xml", ".txt", ".bib", ".ris", ".svg"}


def mimetype(rel: str) -> str:
    return MIMETYPES.get(Path(rel).suffix.lower(), "application/octet-stream")


def _lang_of(rel: str) -> str:
    for lang in LANGUAGES:
        if SITE_DIR[lang] and rel.startswith(SITE_DIR[lang]):
            return lang
    return next(lang for lang in LANGUAGES if not SITE_DIR[lang])


def is_front(rel: str) -> bool:
    """Document, browse and home pages, in every language."""
    rest = rel[len(SITE_DIR[_lang_of(rel)]):]
    return rest == "index.html" or bool(re.fullmatch(r"(documents|browse)/[^/]+\.html", rest))


# ---------------------------------------------------------------- the HTML pages

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
# Elements whose text no reader sees as text.
_NO_TEXT = {"script", "style", "template", "svg", "noscript", "head"}
# Block boundaries become spaces; inline ones must not, or 专精<a>特新</a> would lose 精特.
_BLOCK = {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
          "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
          "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr",
          "ul", "caption", "tbody", "thead"}
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
# What a viewer loads by itself when it shows the page (not links a reader may follow).
_LOADED = {"script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
           "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
           "embed": ("src",), "object": ("data",), "track": ("src",), "input": ("src",)}
_LOADED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
                 "apple-touch-icon"}


@dataclass
class Page:
    """What the ZIM needs from an HTML page: its title, the text to index, and the remote
    resources it would load."""

    title: str = ""
    body: str = ""          # the data-pagefind-body text ("" when the page has none)
    article: str = ""       # the <article> text
    keywords: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.body or self.article


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._title: list[str] | None = None
        self._body: list[str] = []
        self._article: list[str] = []
        # (tag, no_text, in_pagefind_body, in_article) of each open element
        self._stack: list[tuple[str, bool, bool, bool]] = []

    def _state(self) -> tuple[bool, bool, bool]:
        return self._stack[-1][1:] if self._stack else (False, False, False)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._check_remote(tag, a)
        for value in (a.get("data-pagefind-filter"), a.get("data-pagefind-meta")):
            if value and ":" in value and not value.startswith(("title:", "date:")):
                self.page.keywords.append(value.split(":", 1)[1])
        no_text, body, article = self._state()
        if tag == "title" and self.page.title == "" and self._title is None and "svg" not in (s[0] for s in self._stack):
            self._title = []
        if tag in _BLOCK:
            self._text(" ")
        if tag in _VOID:
            return
        no_text = no_text or tag in _NO_TEXT or "hidden" in a or "data-pagefind-ignore" in a
        self._stack.append((tag, no_text, body or "data-pagefind-body" in a, article or tag == "article"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "title" and self._title is not None:
            self.page.title = " ".join("".join(self._title).split())
            self._title = None
        if tag in _BLOCK:
            self._text(" ")
        # unclosed children (<p> without </p>) close with their parent
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._title is not None:
            self._title.append(data)
            return
        self._text(data)

    def _text(self, data: str) -> None:
        no_text, body, article = self._state()
        if no_text:
            return
        if body:
            self._body.append(data)
        if article:
            self._article.append(data)

    def _check_remote(self, tag: str, a: dict) -> None:
        names = _LOADED.get(tag, ())
        if tag == "link" and _LOADED_LINKS & set((a.get("rel") or "").lower().split()):
            names = ("href",)
        for name in names:
            value = a.get(name) or ""
            urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
            self.page.remote += [f"<{tag} {name}={url}>" for url in urls if _REMOTE.match(url)]

    def result(self) -> Page:
        self.close()
        self.page.body = " ".join("".join(self._body).split())
        self.page.article = " ".join("".join(self._article).split())
        return self.page


def parse_page(html: str) -> Page:
    parser = _PageParser()
    parser.feed(html)
    return parser.result()


def unaccent(text: str) -> str:
    """As libzim does to queries (and to the text of its default index data): decomposed,
    marks dropped, recomposed. Custom index data must do the same to match."""
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.category(c).startswith("M")))


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def word_count(text: str) -> int:
    """Latin words plus CJK characters (a Chinese text has no spaces to count)."""
    return len(_CJK.findall(text)) + len(_CJK.sub(" ", text).split())


# ---------------------------------------------------------------- libzim items

class _IndexData(IndexData):
    def __init__(self, page: Page):
        self.title = unaccent(page.title)
        self.content = unaccent(page.text)
        self.keywords = unaccent(" ".join(dict.fromkeys(page.keywords)))
        self.words = word_count(page.text)

    def has_indexdata(self):
        return bool(self.content or self.title)

    def get_title(self):
        return self.title

    def get_content(self):
        return self.content

    def get_keywords(self):
        return self.keywords

    def get_wordcount(self):
        return self.words

    def get_geoposition(self):
        return None


class _FileItem(Item):
    def __init__(self, file: Path, rel: str, title: str = "", index: Page | None = None):
        super().__init__()
        self.file, self.rel, self.title, self.index = file, rel, title, index

    def get_path(self):
        return self.rel

    def get_title(self):
        return self.title

    def get_mimetype(self):
        return mimetype(self.rel)

    def get_contentprovider(self):
        return FileProvider(str(self.file))

    def get_hints(self):
        return {Hint.FRONT_ARTICLE: int(self.index is not None),
                Hint.COMPRESS: int(Path(self.rel).suffix.lower() in COMPRESSED)}

    def get_indexdata(self):
        # None: libzim would otherwise index every HTML page (404, search) with its own parser
        return _IndexData(self.index) if self.index is not None else None


# ---------------------------------------------------------------- illustration

def png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def make_png(width: int, height: int, pixel: Callable[[int, int], tuple[int, int, int, int]]) -> bytes:
    """An RGBA PNG, with no imaging library."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    rows = b"".join(b"\0" + bytes(v for x in range(width) for v in pixel(x, y)) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def default_illustration() -> bytes:
    """48×48: a white page with text lines on the site's indigo."""
    def pixel(x: int, y: int) -> tuple[int, int, int, int]:
        if 13 <= x <= 34 and 8 <= y <= 39:
            if 17 <= x <= 30 and y in (14, 15, 20, 21, 26, 27, 32, 33):
                return (64, 81, 181, 255)
            return (255, 255, 255, 255)
        return (64, 81, 181, 255)
    return make_png(48, 48, pixel)


def illustration(site_dir: Path) -> bytes:
    """The site's favicon when it is a 48×48 PNG, else a drawn one."""
    favicon = site_dir / "assets" / "images" / "favicon.png"
    if favicon.is_file():
        data = favicon.read_bytes()
        if png_size(data) == (48, 48):
            return data
    return default_illustration()


# ---------------------------------------------------------------- the ZIM

@dataclass
class ZimSettings:
    title: str = ""            # default: the Simplified site name
    description: str = ""      # default: the Simplified site description
    long_description: str = ""  # default: the English site description
    language: str = "zho,eng"
    creator: str = "Chinese local governments"
    publisher: str = ""        # default: the English site name
    name: str = "cn-government-documents_mul_all"
    tags: str = "China;government;documents;Chinese;English"
    date: str | None = None    # YYYY-MM-DD; None: SOURCE_DATE_EPOCH's day, else today (UTC)

    def resolved(self) -> ZimSettings:
        return replace(
            self, title=self.title or t("zh", "site_name"),
            description=self.description or t("zh", "site_description"),
            long_description=self.long_description or " ".join(t("en", "site_description").split()),
            publisher=self.publisher or t("en", "site_name"))


def zim_date(date: str | datetime.date | None) -> tuple[str, bool]:
    """(YYYY-MM-DD, whether it was given): a given date (or SOURCE_DATE_EPOCH) is part of the
    fingerprint; today's is not, so that an unchanged site is not rewritten every day."""
    if isinstance(date, datetime.date):
        return date.strftime("%Y-%m-%d"), True
    if date:
        return datetime.date.fromisoformat(date).isoformat(), True
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y-%m-%d"), True
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"), False


def site_files(site_dir: Path) -> list[tuple[Path, str]]:
    return [(path, path.relative_to(site_dir).as_posix()) for path in sorted(site_dir.rglob("*"))
            if path.is_file() and not path.name.endswith(SKIP_SUFFIXES)]


def fingerprint(files: list[tuple[Path, str]], settings: ZimSettings, date: str | None) -> str:
    fp = Fingerprint()
    fp.add("recipe", RECIPE)
    fp.add("code", Path(__file__).read_bytes())
    fp.add("libzim", metadata.version("libzim"))
    fp.add("settings", repr(settings))
    fp.add("date", date or "")
    for path, rel in files:
        fp.add_file(path, f"site/{rel}")
    return fp.hexdigest()


def check_site(site_dir: Path) -> list[str]:
    return [f"zim: {site_dir / SITE_DIR[lang]}index.html is missing (run the site build first)"
            for lang in LANGUAGES if not (site_dir / f"{SITE_DIR[lang]}index.html").is_file()]


def check_metadata(s: ZimSettings, date: str) -> list[str]:
    """openZIM's metadata rules (wiki.openzim.org/wiki/Metadata)."""
    errors = []
    for name, value, limit in (("Title", s.title, 30), ("Description", s.description, 80),
                               ("LongDescription", s.long_description, 4000)):
        if len(value) > limit:
            errors.append(f"zim: {name} is {len(value)} characters, more than {limit}")
    if not s.title or not s.description:
        errors.append("zim: Title and Description may not be empty")
    if not re.fullmatch(r"[a-z]{3}(,[a-z]{3})*", s.language):
        errors.append(f"zim: Language must be ISO 639-3 codes separated by commas, not {s.language!r}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        errors.append(f"zim: Date must be YYYY-MM-DD, not {date!r}")
    return errors


@contextlib.contextmanager
def _stdout_to_stderr():
    """libzim prints its progress on the process's stdout (std::cout, each line flushed), which
    a command's stdout should not carry: fd 1 points at stderr meanwhile."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _log(message: str) -> None:
    print(message, file=sys.stderr)


def write_zim(site_dir: Path, out: Path, *, title: str = "", description: str = "",
              settings: ZimSettings | None = None, date: str | datetime.date | None = None,
              force: bool = False, log: Callable[[str], None] = _log) -> list[str]:
    """Write the ZIM of `site_dir` to `out`; the errors, [] when it was written or unchanged."""
    site_dir, out = Path(site_dir), Path(out)
    base = settings or ZimSettings()
    settings = replace(base, title=title or base.title, description=description or base.description).resolved()
    try:
        day, given = zim_date(date if date is not None else settings.date)
    except ValueError as exc:
        return [f"zim: bad date: {exc}"]
    settings = replace(settings, date=None)  # fingerprinted on its own, only when given
    errors = check_site(site_dir) + check_metadata(settings, day)
    if errors:
        return errors

    files = site_files(site_dir)
    stamp = out.with_name(out.name + FINGERPRINT_SUFFIX)
    digest = fingerprint(files, settings, day if given else None)
    if not force and out.is_file() and stamp.is_file() and stamp.read_text("utf-8").strip() == digest:
        log("zim: unchanged")
        return []

    pages: dict[str, Page] = {}
    for path, rel in files:
        if rel.endswith(".html"):
            pages[rel] = parse_page(path.read_text("utf-8", errors="replace"))
            errors += [f"zim: {rel} loads {what} from the network" for what in pages[rel].remote]
    if errors:
        return errors

    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    # libzim writes `name`.tmp, `name`_title.idx … beside its target: all of it goes in a
    # folder beside `out`, removed whatever happens; `out` is replaced only when complete.
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))
    try:
        tmp = work / out.name
        creator = Creator(tmp).config_indexing(True, INDEX_LANGUAGE).config_verbose(False)
        creator.config_nbworkers(max(1, os.cpu_count() or 1)).set_mainpath("index.html")
        # (python-libzim finishes the file even when the block raises: it is thrown away below)
        with _stdout_to_stderr(), creator:
            creator.add_illustration(48, illustration(site_dir))
            for key, value in (("Title", settings.title), ("Description", settings.description),
                               ("LongDescription", settings.long_description),
                               ("Language", settings.language), ("Creator", settings.creator),
                               ("Publisher", settings.publisher), ("Date", day),
                               ("Name", settings.name), ("Tags", settings.tags),
                               ("Scraper", "build_scripts zim")):
                if value:
                    creator.add_metadata(key, value)
            for path, rel in files:
                page = pages.get(rel)
                creator.add_item(_FileItem(path, rel, page.title if page else "",
                                           page if page is not None and is_front(rel) else None))
        os.chmod(tmp, 0o644)
        stamp.unlink(missing_ok=True)  # never a stamp that describes another file
        os.replace(tmp, out)
    except OSError as exc:  # a full disk, an unreadable file: the old ZIM stays
        return [f"zim: could not write {out}: {exc}"]
    except RuntimeError as exc:  # libzim's own failures come as RuntimeError
        return [f"zim: could not write {out}: {exc}"]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stamp.write_text(digest + "\n", "utf-8")
    seconds = time.perf_counter() - started
    front = sum(1 for rel in pages if is_front(rel))
    log(f"zim: wrote {out} ({out.stat().st_size / 1e6:.1f} MB, {len(files)} entries, "
        f"{front} indexed pages) in {seconds:.1f} s")
    return []
