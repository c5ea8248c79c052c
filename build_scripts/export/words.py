"""Chinese text cut into words for the SQLite word index: jieba's `cut_for_search` (a long word
and the shorter words inside it: 中小企业 → 中小 企业 小企业 中小企业), joined by spaces, so
SQLite's own unicode61 tokenizer finds 融资 as a word. jieba's dictionary ships in the package:
nothing is downloaded. Each document's words are kept in a store by its text, so a build where
one document changed cuts one document again.
"""
from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

from ..incremental import Store, key_of, make_missing

WORDS_FILE = "words.txt"
_tokenizer = None


@functools.cache  # asked once per document: importlib's lookup costs a millisecond
def jieba_version() -> str:
    from importlib import metadata

    return metadata.version("jieba")


def segmenter() -> str:
    """What cut the words, as the README and the `meta` table name it."""
    return f"jieba {jieba_version()} cut_for_search (HMM on, its bundled dictionary)"


def _start(cache_dir: str | None) -> None:
    """Load the dictionary once per process, without jieba's log lines on stderr."""
    global _tokenizer
    if _tokenizer is not None:
        return
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    if cache_dir:
        # its prefix-dictionary cache (a marshal dump, specific to the Python and jieba
        # versions) kept with ours, not in the shared temporary folder
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = cache_dir
        tokenizer.cache_file = f"jieba-{jieba_version()}-py{sys.version_info[0]}{sys.version_info[1]}.cache"
    tokenizer.initialize()
    _tokenizer = tokenizer


def cut(text: str) -> str:
    """`text` as words separated by spaces (one line per line of the text)."""
    _start(None)
    return "\n".join(" ".join(word for word in _tokenizer.cut_for_search(line) if word.strip())
                     for line in text.split("\n"))


def segment_all(texts: list[str], store_dir: Path | None, *, jobs: int | None = None) -> list[str]:
    """Every text cut into words, in order; from the store when it was cut before. The store
    is then left with these texts' entries only."""
    store = Store(store_dir / "words") if store_dir else None
    keys = [key_of("words", segmenter(), text) for text in texts]
    found: dict[int, str] = {}
    for index, key in enumerate(keys):
        entry = store.get(key) if store else None
        if entry is not None:
            found[index] = (entry / WORDS_FILE).read_text(encoding="utf-8")
    missing = [index for index in range(len(texts)) if index not in found]
    cache = str(store_dir / "jieba") if store_dir else None
    made = make_missing(cut, [texts[index] for index in missing], jobs=jobs, initializer=_start, initargs=(cache,))
    for index, words in zip(missing, made):
        found[index] = words
        if store:
            store.put(keys[index], {WORDS_FILE: words})
    if store:
        store.prune(set(keys))
    return [found[index] for index in range(len(texts))]
