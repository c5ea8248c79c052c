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


def translator_name(page) -> str:
    """How a page names what translated it: "Argos Translate (translate-zh_en 1.9)". Variants made
    before the engine was recorded name only the model, and those were all Argos Translate's."""
    if page.variant.get("translator"):
        return page.variant["translator"]
    model = page.variant.get("model")
    return f"Argos Translate ({model})" if model else "Argos Translate"
