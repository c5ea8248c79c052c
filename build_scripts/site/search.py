"""The site's search: Pagefind indexes each language's built site; Material's search box asks
the archive's own search worker (overrides/assets/javascripts/archive-search.js), which asks
Pagefind.

What the build adds to Pagefind, and why:
- **Keys** (`search_keys`): a document number or index number is found exactly, whatever
  brackets and widths a reader types (`金经信办建[2023]22号` finds `金经信办建〔2023〕22号`).
  Both sides are normalised the same way (NFKC, lower case, Traditional→Simplified, letters
  and digits only) and hashed into one ASCII word, which every segmenter keeps whole. The
  worker computes the same word from a query (`normalise_key`/`key_word` here and there must
  agree; the browser tests search real numbers in both bracket styles).
- **Script table** (render/search_data.py): the worker turns a query into the other script
  before it searches (a query in either script finds the document on either site).
- **Classic script** (`classic_script`): Pagefind's browser code is an ES module, and a module
  cannot be loaded from file://; the worker loads the same code as a classic script, so that
  the unpacked snapshot searches too (see snapshot.py).

The page markup Pagefind reads (body, filters, meta, keys) is in overrides/partials/content.html.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import time
import unicodedata
from pathlib import Path

from ..render.search_data import opencc_tables

# Pagefind's folder in every language's site.
PAGEFIND_DIR = "pagefind"
# Page furniture inside the indexed body that is not the document's words: heading permalinks
# (¶), the card's labels (its values are indexed: that is how English metadata is found), the
# source-file line.
NOT_INDEXED = (".headerlink", ".archive-card dt", ".doc-source")
CLASSIC_NAME = "archive-pagefind.js"

KEY_PREFIX = "ak"
_FNV_PRIME = 0x01000193
# Two FNV-1a hashes with different offsets: 64 bits, so keys of 100,000 documents don't collide.
_FNV_OFFSETS = (0x811C9DC5, 0x050C5D1F)


def normalise_key(text: str) -> str:
    """A document or index number as readers may type it, reduced to what identifies it."""
    t2s = opencc_tables()["t2s"]
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(t2s.get(ch, ch) for ch in text if unicodedata.category(ch)[0] in "LN")


def _fnv1a(data: bytes, offset: int) -> int:
    h = offset
    for byte in data:
        h = ((h ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return h


def _base36(n: int, width: int) -> str:
    digits = ""
    while n:
        n, r = divmod(n, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[r] + digits
    return digits.rjust(width, "0")


def key_word(normalised: str) -> str:
    data = normalised.encode("utf-8")
    return KEY_PREFIX + "".join(_base36(_fnv1a(data, offset), 7) for offset in _FNV_OFFSETS)


def search_keys(*values: str | None) -> list[str]:
    """The key words of a document's identifying numbers (empty values skipped)."""
    return list(dict.fromkeys(key_word(n) for n in (normalise_key(v) for v in values if v) if len(n) >= 4))


_EXPORT = re.compile(r"\bexport\s*\{([^}]*)\}\s*;?\s*$")


def classic_script(module: str, source: str = "pagefind.js") -> str:
    """Pagefind's ES module as a classic script that sets `self.ArchivePagefind`: its exports,
    and its main-thread `Pagefind` class, which the worker runs itself (the exported wrapper
    would take the page's language from `<html lang>`, which a worker has not got).

    Pagefind's module has one `export { … }` at its end and reads `import.meta.url` only to
    guess its own folder (the worker passes it instead). Anything else is refused, naming the
    file: a new Pagefind whose module looks different must be looked at, not half-converted."""
    match = _EXPORT.search(module)
    body = module[:match.start()] if match else ""
    if not match or re.search(r"^\s*(import|export)\b", body, re.M) or "import(" in body \
            or not re.search(r"\bvar Pagefind\s*=\s*class\b", body):
        raise ValueError(f"{source}: not the module shape build_scripts/site/search.py converts "
                         "(one `export {…}` at the end, no imports, a `Pagefind` class)")
    names = [("Pagefind", "Pagefind")]
    for item in match.group(1).split(","):
        parts = item.split(" as ")
        if item.strip():
            names.append((parts[-1].strip(), parts[0].strip()))
    body = body.replace("import.meta.url", "undefined")
    exports = ", ".join(f"{public}: {local}" for public, local in names)
    return f"(function () {{\n{body}\nself.ArchivePagefind = {{ {exports} }};\n}})();\n"


def file_script(name: str, data: bytes) -> bytes:
    """Pagefind file `name` (relative to pagefind/) as a script the worker can load from
    file://, where it cannot fetch: `archiveSearchFile(name, base64)`."""
    return f"archiveSearchFile({json.dumps(name)},\"{base64.b64encode(data).decode('ascii')}\");\n".encode("ascii")


# Pagefind's own UI bundles and worker are not used: the site has Material's box, and the
# archive's worker runs Pagefind itself.
UNUSED = ("pagefind-worker.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
# In each language's pagefind/: the list of shard indexes the worker merges (units.py)
SHARDS_NAME = "archive-shards.js"


def index_site(pagefind: Path, site: Path) -> tuple[float, str | None]:
    """Run Pagefind over one built site (a shard's pages) into site/pagefind/. Returns
    (seconds, error or None)."""
    started = time.perf_counter()
    process = subprocess.run(
        [str(pagefind), "--site", str(site), "--output-subdir", PAGEFIND_DIR, "--quiet",
         *(arg for selector in NOT_INDEXED for arg in ("--exclude-selectors", selector))],
        capture_output=True, text=True)
    if process.returncode != 0:
        return time.perf_counter() - started, f"pagefind failed on {site}:\n{(process.stderr + process.stdout).strip()[-3000:]}"
    for name in UNUSED:
        (site / PAGEFIND_DIR / name).unlink(missing_ok=True)
    return time.perf_counter() - started, None


def write_search_scripts(folder: Path, shards: list[str]) -> None:
    """A language's pagefind/ folder, whose sub-folders are the shards' indexes: Pagefind's
    module (from the first shard, which the worker starts Pagefind on; the others are merged
    into it), its classic twin, and the list of shards."""
    (folder / SHARDS_NAME).write_text(f"self.archiveSearchShards = {json.dumps(shards)};\n", encoding="utf-8")
    if not shards:  # no document: nothing to search
        return
    module = folder / shards[0] / "pagefind.js"
    text = module.read_text(encoding="utf-8")
    (folder / "pagefind.js").write_text(text, encoding="utf-8")
    (folder / CLASSIC_NAME).write_text(classic_script(text, str(module)), encoding="utf-8")
