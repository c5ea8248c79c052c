"""Read stage: bytes on disk → normalised text lines.

Decoding trusts a byte-order mark, then strict UTF-8, then charset-normalizer restricted
to the encodings Chinese government pages are published in (see data/read.yaml).
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from . import settings


class ReadError(Exception):
    """A source file that cannot become text; the message names the problem."""


@dataclass
class SourceText:
    source_file: str
    encoding: str
    lines: list[str]  # normalised, not stripped: leading indentation is a layout clue


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# Spaces that renderers show as blanks: NBSP, ideographic space, the U+2000 block…
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Invisible format characters a copy-paste leaves behind; they carry no text.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_HTML_PAGE = re.compile(r"\s*(?:<!DOCTYPE\s+html|<html[\s>]|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise ReadError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise ReadError(f"has a {encoding} byte-order mark but is not valid {encoding}: {error.reason}")
    if b"\x00" in data:
        raise ReadError("is a binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = f"invalid UTF-8 at byte {error.start}"
    candidates = list(settings.read().candidate_encodings)
    best = from_bytes(data, cp_isolation=candidates).best()
    if best is None:
        raise ReadError(f"cannot be decoded: {utf8_error}, and not valid in " + ", ".join(candidates))
    return str(best), best.encoding


def normalise(text: str) -> list[str]:
    """NFC, one kind of line end, every blank-like character a plain space."""
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    return [line.rstrip() for line in text.split("\n")]


def read_text(source_file: str, data: bytes) -> SourceText:
    text, encoding = decode(data)
    limits = settings.read()
    control = len(_CONTROL.findall(text))
    if control > limits.max_control_characters and control > len(text) * limits.max_control_ratio:
        raise ReadError(f"looks binary ({control} control characters in {len(text)})")
    text = _CONTROL.sub("", text)
    lines = normalise(text)
    if not any(line.strip() for line in lines):
        raise ReadError("is empty (no text after decoding)")
    if _HTML_PAGE.match(text):
        raise ReadError("is a saved HTML page, not the page's text (save it as text, or copy its text)")
    return SourceText(source_file=source_file, encoding=encoding, lines=lines)


def read_file(path: Path) -> SourceText:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"cannot be read: {error.strerror}") from error
    return read_text(path.name, data)


def source_files(source_dir: Path) -> tuple[list[Path], list[Path]]:
    """(documents, ignored): *.txt in any case and extensionless files are documents; the
    provenance manifest (provenance.py) is neither."""
    documents, ignored = [], []
    manifests = set(settings.read().manifest_files)
    for path in sorted(Path(source_dir).iterdir()):
        if not path.is_file() or path.name.startswith(".") or path.name in manifests:
            continue
        (documents if path.suffix.lower() in (".txt", "") else ignored).append(path)
    return documents, ignored
