"""Every word of the site's own pages, one file per language: build_scripts/data/labels/<lang>.yaml."""
from __future__ import annotations

from .. import settings


def labels(lang: str) -> dict[str, str]:
    return dict(settings.labels(lang).words)


def t(lang: str, key: str, **values) -> str:
    """The label `key` in `lang`, with `values` filled in; a missing key names the file."""
    words = settings.labels(lang).words
    if key not in words:
        raise KeyError(f"{settings.DATA_DIR / 'labels' / f'{lang}.yaml'}: no label '{key}'")
    return words[key].format(**values) if values else words[key]
