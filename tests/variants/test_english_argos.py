"""The real argostranslate code path with a tiny .argosmodel built here, offline.

The model translates into nonsense; what is asserted is what the pipeline controls:
paragraph alignment, the machine-translation notice and link, glossary terms and
numbers, the translation cache, offline sentence splitting and no network.
"""
import json
import re
import zipfile


from build_scripts.commands.variants import VariantSettings, build_variants
from build_scripts.render.markdown import render_page
from build_scripts.variants import argos_setup
from build_scripts.variants.english import ArgosTranslator


def _settings(tmp_path, packages_dir):
    return VariantSettings(packages_dir=packages_dir, cache_dir=tmp_path / "cache")


def _build(tmp_path, records_dir, packages_dir, logs=None):
    return build_variants(
        records_dir, tmp_path / "variants", tmp_path / "docs", _settings(tmp_path, packages_dir),
        log=(logs.append if logs is not None else lambda m: None),
    )


def _load(tmp_path, lang, slug):
    return json.loads((tmp_path / "variants" / lang / f"{slug}.json").read_text(encoding="utf-8"))


def test_the_tiny_package_is_a_valid_argos_package(tiny_model_file, tiny_packages_dir):
    names = zipfile.ZipFile(tiny_model_file).namelist()
    for expected in ("metadata.json", "model/model.bin", "sentencepiece.model", "spacy/config.cfg"):
        assert any(n.endswith(expected) for n in names), expected
    info = argos_setup.find_package(tiny_packages_dir)
    assert info is not None and info.package_version == "0.0.1-tiny"
    translation = argos_setup.load_translation(tiny_packages_dir, tiny_packages_dir.parent / "cache")
    from argostranslate.translate import PackageTranslation

    assert isinstance(translation.underlying, PackageTranslation)
    output = translation.translate("关于做强制造业企业,提供高质量供给。")
    assert isinstance(output, str) and output.strip()


def test_sentence_splitting_is_spacy_offline_and_deterministic(tiny_packages_dir, no_network):
    translation = argos_setup.load_translation(tiny_packages_dir, tiny_packages_dir.parent / "cache")
    from argostranslate.sbd import SpacySentencizerSmall

    sentencizer = translation.underlying.sentencizer
    assert isinstance(sentencizer, SpacySentencizerSmall)
    text = "一是完善培育体系。二是加大支持力度!三是优化服务?四是加强宣传"
    first = sentencizer.split_sentences(text)
    assert first == ["一是完善培育体系。", "二是加大支持力度!", "三是优化服务?", "四是加强宣传"]
    assert sentencizer.split_sentences(text) == first
    assert no_network == []


def test_unpatched_argos_would_reach_for_spacys_model_table(tmp_path, no_network):
    """The network attempt argostranslate makes for SPACY chunking, which we replace."""
    from argostranslate import settings

    from argostranslate import networking

    original = argos_setup.ORIGINAL_CACHE_SPACY or networking.cache_spacy
    saved = settings.cache_dir
    settings.cache_dir = tmp_path  # empty: no cached xx_sent_ud_sm
    try:
        assert original() is None  # the download failed ...
    finally:
        settings.cache_dir = saved
    assert no_network, "... because it tried to use the network"


def test_english_pages_through_argos(tmp_path, records, records_dir, tiny_packages_dir, no_network):
    report = _build(tmp_path, records_dir, tiny_packages_dir)
    assert report.errors == [] and report.warnings == []
    assert report.translator_calls > 0
    for record in records:
        slug = record["slug"]
        page = _load(tmp_path, "en", slug)
        # paragraph-aligned: one English block per source block, same order, kind, level
        assert len(page["blocks"]) == len(record["blocks"])
        for source, english in zip(record["blocks"], page["blocks"]):
            assert english["kind"] == source["kind"]
            assert english.get("level") == source.get("level")
            assert english["original"] == source["text"]
            assert english["text"] != source["text"]
        assert [h["level"] for h in page["headings"]] == [h["level"] for h in record["headings"]]
        assert page["variant"]["method"] == "argos" and page["variant"]["machine_translated"] is True
        assert page["variant"]["translation_missing"] is False
        assert page["doc_number"] == record["doc_number"]
        markdown = (tmp_path / "docs" / "en" / "documents" / f"{slug}.md").read_text(encoding="utf-8")
        assert markdown == render_page(page, "en")
        body = markdown.split("\n---\n", 1)[1]
        # the notice comes before the document text, with the link to the original
        notice_at = body.index("**Machine translation.**")
        assert f'href="../../documents/{slug}.html"' in body
        assert notice_at < body.index(re.sub(r"[\\()]", "", page["blocks"][0]["text"])[:10])
    blocks = _load(tmp_path, "en", "doc_a")["blocks"]
    assert blocks[0]["text"] == "Member Liu Kaibin"
    assert blocks[-2]["text"] == "Jieyang Municipal Bureau of Industry and Information Technology"
    assert blocks[-1]["text"] == "13 July 2023"
    reward = blocks[4]["text"]
    for fixed in ("specialized, refined, distinctive and innovative (SRDI)", "little giant",
                  "1 million yuan", "200,000 yuan"):
        assert reward.count(fixed) == 1, (fixed, reward)
    assert "41,400 households" in blocks[5]["text"] and "23.25%" in blocks[5]["text"]
    figures = _load(tmp_path, "en", "doc_b")["blocks"][2]["text"]
    for fixed in ("January–May", "200.6 billion yuan", "73.3%", "0.5 percentage points", "industry above designated size"):
        assert figures.count(fixed) == 1, (fixed, figures)
    assert "0579-82468123" in _load(tmp_path, "en", "doc_b")["blocks"][3]["text"]
    meta = _load(tmp_path, "en", "doc_b")
    assert meta["agency"] == "Municipal Bureau of Economy and Information Technology"
    assert meta["addressee"] == "Deputy Xu**"
    assert meta["region"] == "Jinhua City, Zhejiang Province"
    assert no_network == []


def test_cache_second_build_translates_nothing_and_a_changed_paragraph_only(
    tmp_path, records, records_dir, tiny_packages_dir, no_network
):
    first = _build(tmp_path, records_dir, tiny_packages_dir)
    pages = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "docs").rglob("*.md")}
    assert first.translator_calls > 0

    second = _build(tmp_path, records_dir, tiny_packages_dir)
    assert second.translator_calls == 0
    assert second.written == 0
    assert {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "docs").rglob("*.md")} == pages

    record = records[0]
    record["blocks"][5]["text"] = "当年新增市场主体5.2万户,同比增长25%。"
    (records_dir / "doc_a.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    third = _build(tmp_path, records_dir, tiny_packages_dir)
    assert third.translator_calls == 1
    changed = _load(tmp_path, "en", "doc_a")["blocks"][5]
    assert "52,000 households" in changed["text"] and "25%" in changed["text"]
    assert no_network == []


def test_translator_is_not_loaded_when_everything_is_cached(tmp_path, records_dir, tiny_packages_dir, monkeypatch):
    _build(tmp_path, records_dir, tiny_packages_dir)

    def must_not_load(self):
        raise AssertionError("model loaded on a no-change rebuild")

    monkeypatch.setattr(ArgosTranslator, "load", must_not_load)
    assert _build(tmp_path, records_dir, tiny_packages_dir).errors == []
