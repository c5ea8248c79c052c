"""The real pipeline on the five seed documents (records → variants → site), read in
Chromium from the unpacked snapshot: search finds the expected seed in each language."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from build_scripts.commands import snapshot as snapshot_cmd
from build_scripts.site.i18n import LANGS, SITE_DIR

ROOT = Path(__file__).resolve().parents[2]
# 链长制 (the chain-chief system) appears in one seed only: the Guangzhou reply.
TERM = {"zh": "链长制", "zh-Hant": "鏈長制"}
SEED = "000_bef68711d2b2d5e8"


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    from build_scripts.commands import build

    work = tmp_path_factory.mktemp("seeds")
    code = build.main(ROOT / "source", work / "docs", work / "site", work / "build")
    assert code == 0, "the pipeline reported problems on the seeds (see stderr)"
    out = work / "snapshot.zip"
    assert snapshot_cmd.run(work / "site", out) == []
    with zipfile.ZipFile(out) as zf:
        zf.extractall(work / "unpacked")
    return {"work": work, "site": work / "site", "snapshot": work / "unpacked" / snapshot_cmd.TOP}


def search_hrefs(pg, url, query):
    pg.goto(url)
    pg.keyboard.press("s")
    box = pg.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    pg.wait_for_selector(f".md-search-result__link[href*='documents/{SEED}.html']", timeout=20000)
    return pg.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")


def test_seed_search_and_switcher_from_file(seed_site, browser):
    base = seed_site["snapshot"].as_uri() + "/"
    en = json.loads((seed_site["work"] / "build" / "variants" / "en" / f"{SEED}.json").read_text("utf-8"))
    terms = dict(TERM)
    # English: a word of the translated title when there is a translation; otherwise the
    # English site shows the Chinese text and is searched with the Chinese term.
    translated = en["variant"].get("machine_translated")
    terms["en"] = "chain" if translated else "链长制"
    ctx = browser.new_context()
    pg = ctx.new_page()
    errors = []
    pg.on("console", lambda m: m.type == "error" and errors.append(m.text))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    outside = []
    pg.on("request", lambda r: r.url.startswith(("http:", "https:")) and outside.append(r.url))
    for lang in LANGS:
        root = base + SITE_DIR[lang]
        hrefs = search_hrefs(pg, root + "index.html", terms[lang])
        docs = {h.split("?")[0].split("#")[0] for h in hrefs}
        assert root + f"documents/{SEED}.html" in docs, (lang, docs)
        assert all(d.startswith(root) for d in docs), (lang, docs)
        for other in LANGS:  # the root (Simplified) tree holds the others: exclude them
            if other != lang and SITE_DIR[other]:
                assert not any(d.startswith(base + SITE_DIR[other]) for d in docs), (lang, docs)
        if lang in TERM:
            assert len(docs) == 1, docs  # no other seed uses the term
    # switcher on a seed page, and the machine-translation notice on the English one
    pg.goto(base + f"documents/{SEED}.html")
    for other in ("zh-Hant", "en"):
        href = pg.locator(f"a.md-select__link[data-archive-lang='{other}']").get_attribute("href")
        assert href == f"../{SITE_DIR[other]}documents/{SEED}.html"
    pg.goto(base + f"en/documents/{SEED}.html")
    assert pg.locator("[data-archive-mt-notice]").first.is_visible()
    ctx.close()
    assert errors == [] and outside == []
