"""Data files that archivists extend: chrome rules, document types, place names, labels."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"
# the site's languages: Simplified (the original, at the site's root), Traditional, English
LANGUAGES = ("zh", "zh-Hant", "en")

try:  # the C loader is ~10x faster on the large place-name file
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Load `build_scripts/data/<name>.yaml` once per process."""
    with open(DATA_DIR / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)
