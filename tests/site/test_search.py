"""The search build (build_scripts/site/search.py): Pagefind's index of each language's pages,
what the pages give it, the key words of document numbers, the script table, the classic
script, and the snapshot's file twins. (What a reader finds: test_browser.py.)"""

from __future__ import annotations

import base64
import html as html_lib
import json
import re
import zipfile

import opencc
import pytest

from build_scripts.render.search_data import FACETS_PATH, SCRIPTS_PATH, filters_of, opencc_tables
from build_scripts import settings
from build_scripts.settings import LANGUAGES as LANGS
from build_scripts.site import units
from build_scripts.site.config import SITE_DIR
from build_scripts.site.search import (CLASSIC_NAME, PAGEFIND_DIR, SHARDS_NAME, classic_script, file_script, key_word,
                                       normalise_key, search_keys)
from build_scripts.site.snapshot import TOP


def test_a_number_has_one_key_whatever_brackets_widths_and_script():
    key = search_keys("金经信办建〔2023〕22号")
    for typed in ("金经信办建[2023]22号", "金经信办建【2023】22号", "金经信办建［２０２３］２２号",
                  "金經信辦建〔2023〕22號", " 金经信办建 (2023) 22 号 "):
        assert search_keys(typed) == key, typed
    assert search_keys("金经信办建〔2023〕23号") != key
    assert search_keys("1133070000259288XD/2023-04645") == search_keys("1133070000259288xd 2023 04645")
    assert search_keys(None, "", "号") == []  # nothing to identify a document by
    # one ASCII word, which every segmenter keeps whole
    assert re.fullmatch(r"ak[0-9a-z]{14}", key[0])


def test_keys_do_not_collide_across_many_numbers():
    numbers = [f"{city}政发〔{year}〕{n}号" for city in "金杭宁温湖嘉绍舟台丽衢" for year in range(2000, 2025)
               for n in range(1, 200)]
    assert len({key_word(normalise_key(number)) for number in numbers}) == len(numbers)


def test_script_table_follows_opencc():
    table = opencc_tables()
    from build_scripts.variants.traditional import traditional_converter  # what the pages are made with

    s2t, t2s = traditional_converter(), opencc.OpenCC("t2s")
    for simplified, options in list(table["s2t"].items())[::50]:
        assert options[0] == s2t.convert(simplified), simplified  # the pages' converter's choice first
        for option in options[1:]:
            assert t2s.convert(option) == simplified
    assert table["s2t"]["发"][0] == "發" and "髮" in table["s2t"]["发"]
    assert table["t2s"]["應"] == "应" and table["t2s"]["鏈"] == "链"


def spellings(word: str, s2t: dict[str, str], limit: int = 16) -> set[str]:
    """The Traditional spellings the worker tries (archive-search.js: forms): each character's
    first option, then one, then two characters changed to another option, `limit` in all."""
    options = [s2t.get(ch, ch) for ch in word]
    first = [o[0] for o in options]
    singles = [(i, o) for i, opts in enumerate(options) for o in opts[1:]]
    out = ["".join(first)] + ["".join(first[:i] + [o] + first[i + 1:]) for i, o in singles]
    for x, (i, a) in enumerate(singles):
        for j, b in singles[x + 1:]:
            if i != j and len(set(out)) < limit - 1:  # one place of the limit: the query as typed
                chars = first.copy()
                chars[i], chars[j] = a, b
                out.append("".join(chars))
    return set(list(dict.fromkeys(out))[:limit - 1])


def test_simplified_words_find_the_traditional_pages(built):
    """Every 2- to 4-character run of the archive's Simplified text, typed on the Traditional
    site, is searched in the spelling its Traditional page has (OpenCC chose it by phrase)."""
    text = (built.site / "zh-Hant" / SCRIPTS_PATH).read_text("utf-8")
    table = json.loads(text[text.index("=") + 1:].strip().rstrip(";"))
    words = missed = 0
    examples = []
    for languages in built.documents.values():
        for a, b in zip(languages["zh"].blocks, languages["zh-Hant"].blocks):
            if len(a.text) != len(b.text):
                continue
            for n in (2, 3, 4):
                for i in range(len(a.text) - n + 1):
                    word, page = a.text[i:i + n], b.text[i:i + n]
                    if word != page:
                        words += 1
                        if page not in spellings(word, table["s2t"]):
                            missed += 1
                            examples.append((word, page))
    assert words > 10_000
    assert missed == 0, f"{missed} of {words}: {examples[:20]}"
    # OpenCC's phrases choose characters its character table does not offer
    assert opencc.OpenCC("s2t").convert("答复") == "答覆" and "覆" not in opencc_tables()["s2t"]["复"]
    assert "答覆" in spellings("答复", table["s2t"])


def test_classic_script_exposes_pagefind_and_refuses_another_shape(built):
    module = (built.site / PAGEFIND_DIR / "pagefind.js").read_text("utf-8")
    script = (built.site / PAGEFIND_DIR / CLASSIC_NAME).read_text("utf-8")
    assert script == classic_script(module)
    assert "import.meta" not in script and not re.search(r"^\s*export\b", script, re.M)
    assert "self.ArchivePagefind = { Pagefind: Pagefind," in script
    with pytest.raises(ValueError, match="other.js"):
        classic_script("import x from './y.js';\nexport { x };\n", "other.js")


def test_each_language_has_a_pagefind_index_of_its_documents_in_shards(built):
    shard_count = units.shard_count(len(built.documents), settings.site().documents_per_shard)
    assert shard_count > 1  # the tests' archive is cut into several shards (tests/conftest.py)
    for lang in LANGS:
        folder = built.site / SITE_DIR[lang] / PAGEFIND_DIR
        listed = json.loads(re.search(r"= (.*);", (folder / SHARDS_NAME).read_text("utf-8")).group(1))
        assert listed == sorted(p.name for p in folder.iterdir() if p.is_dir())
        indexed = []
        for shard in listed:
            entry = json.loads((folder / shard / "pagefind-entry.json").read_text("utf-8"))
            assert entry["version"] == "1.6.0"
            [(index_lang, index)] = entry["languages"].items()  # one language per site
            assert index_lang == lang.lower()
            assert list((folder / shard).glob("index/*.pf_index")) and list((folder / shard).glob("fragment/*.pf_fragment"))
            indexed.append((shard, index["page_count"]))
        # each document is indexed once, in the shard its slug hashes to (document pages only)
        expected = {}
        for slug in built.documents:
            name = units.shard_name(units.shard_of(slug, shard_count))
            expected[name] = expected.get(name, 0) + 1
        assert dict(indexed) == expected
        # only the first shard carries Pagefind's code; the others are merged into it
        assert (folder / listed[0] / "pagefind.js").is_file()
        assert not any((folder / shard / "pagefind.js").exists() for shard in listed[1:])
        # Material's own index is empty: readers never download the archive's text whole
        lunr = json.loads((built.site / SITE_DIR[lang] / "search" / "search_index.json").read_text("utf-8"))
        assert lunr["docs"] == [] and lunr["config"]["archive"] == {"lang": lang}


def test_document_pages_give_pagefind_their_filters_meta_and_keys(built):
    for slug, languages in built.documents.items():
        for lang in LANGS:
            variant = languages[lang]
            html = (built.site / SITE_DIR[lang] / "documents" / f"{slug}.html").read_text("utf-8")
            assert html.count("data-pagefind-body") == 1
            filters = set(re.findall(r'data-pagefind-filter="([^"]*)"', html))
            expected = {f"{name}:{value}" for name, value in filters_of(lambda f: getattr(variant, f, None))}
            assert {html_lib.unescape(f) for f in filters} == expected
            keys = re.search(r'class="archive-search-keys">([^<]*)<', html)
            assert (keys.group(1).split() if keys else []) == search_keys(variant.doc_number, variant.index_number)
            # the notice, the cite block and the downloads are not the document's words
            for marker in ("data-archive-notice", "data-archive-cite", "data-archive-downloads"):
                if marker in html:
                    tag = html[html.rindex("<", 0, html.index(marker)):html.index(">", html.index(marker))]
                    assert "data-pagefind-ignore" in tag, (lang, slug, marker)


def test_the_filter_menus_offer_exactly_the_indexed_values(built):
    for lang in LANGS:
        text = (built.site / SITE_DIR[lang] / FACETS_PATH).read_text("utf-8")
        data = json.loads(text[text.index("=") + 1:].strip().rstrip(";"))
        indexed: dict[str, set] = {}
        for languages in built.documents.values():
            for name, value in filters_of(lambda f: getattr(languages[lang], f, None)):
                indexed.setdefault(name, set()).add(value)
        assert {name: set(values) for name, values in data["values"].items() if values} == indexed
        # the filter words of every language lead to the same filters
        assert data["tokens"]["年份"] == data["tokens"]["year"] == "year"
        assert data["tokens"]["機關"] == data["tokens"]["机关"] == "agency"


def test_the_snapshot_has_a_script_twin_of_every_index_file(built, snapshot):
    with zipfile.ZipFile(snapshot["zip"]) as zf:
        names = set(zf.namelist())
        for lang in LANGS:
            folder = f"{TOP}/{SITE_DIR[lang]}{PAGEFIND_DIR}/"
            files = [n for n in names if n.startswith(folder) and not n.endswith(".js")]
            assert any(n.endswith(".pf_meta") for n in files)
            for name in files:
                twin = zf.read(name + ".js").decode("ascii")
                relative = name[len(folder):]
                assert twin == file_script(relative, zf.read(name)).decode("ascii")
                assert base64.b64decode(twin.split('"')[3]) == zf.read(name)
