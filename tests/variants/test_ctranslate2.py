"""The ``ctranslate2`` engine with tiny random-weight models built here (tests/helpers/tiny_ct2.py), offline.

The models translate into nonsense; what is asserted is what the pipeline controls: the
tokens each convention sends to CTranslate2 (Marian/quickmt: ``… </s>``; NLLB: ``zho_Hans …
</s>`` with ``eng_Latn`` forced and dropped), paragraph alignment, protected numbers and
names, the model's identity and the translation cache it keys, batching, sentence splitting.
"""
from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

from build_scripts.settings import CTranslate2Options, English
from build_scripts.variants import VariantSettings, make_variants
from build_scripts.variants.ct2_backend import SENTENCE_SPLITTER, CTranslate2Translator, find_spec, split_sentences
from build_scripts.variants.glossary import load_glossary
from build_scripts.variants.protect import has_cjk, mask
from build_scripts.variants.translators import NoModel, TranslatorSpec

REPO = Path(__file__).resolve().parents[2]
GUANGZHOU = "000_bef68711d2b2d5e8.txt"  # rewards of 100万元、20万元
JIEYANG = "001_ee64e7c325dd4286.txt"  # to 柳楷斌委员
ANKANG = "002_425556da689228ab.txt"  # 新增市场主体4.14万户,同比增长23.25%
JINHUA = "004_a4924afafe98401d.txt"  # 1-5月 figures, a phone number
FUJIAN = "26_fujian_gov_reply.txt"  # "2017919": a line with no Chinese in it
PLACEHOLDER = re.compile(r"\[P\d+\]")


def _helper():
    # by path: `import tests.helpers` finds argostranslate's own top-level `tests` package
    spec = importlib.util.spec_from_file_location("_tests_helpers_tiny_ct2", REPO / "tests" / "helpers" / "tiny_ct2.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TINY = _helper()


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tiny-ct2")
    return {"marian": TINY.build_marian(root / "marian", REPO / "source"),
            "nllb": TINY.build_nllb(root / "nllb", REPO / "source")}


def english(model_dir: Path, kind: str = "marian", **overrides) -> English:
    """settings.English for the ctranslate2 engine on a tiny model; short outputs keep it fast."""
    options = {**(TINY.MARIAN_OPTIONS if kind == "marian" else TINY.NLLB_OPTIONS),
               "model_dir": str(model_dir), "label": f"tiny-{kind}", "beam_size": 2, "max_decoding_length": 24,
               **overrides}
    return English(engine="ctranslate2", ctranslate2=CTranslate2Options(**options))


def build(tmp_path, records, settings: English):
    return make_variants(records, VariantSettings(cache_dir=tmp_path / "cache", english=settings), log=lambda m: None)


class Spy:
    """Stands for the loaded ctranslate2.Translator (a C++ class: not patchable) and records
    what translate_batch is given and gives back; the real model still translates."""

    def __init__(self, model):
        self.model = model
        self.calls: list[dict] = []

    def translate_batch(self, source, **kwargs):
        results = self.model.translate_batch(source, **kwargs)
        self.calls.append({"source": source, **kwargs, "hypotheses": [r.hypotheses[0] for r in results]})
        return results


@pytest.fixture
def spies(monkeypatch) -> list[Spy]:
    made: list[Spy] = []
    real = CTranslate2Translator._open_model

    def open_spied(self):
        made.append(Spy(real(self)))
        return made[-1]

    monkeypatch.setattr(CTranslate2Translator, "_open_model", open_spied)
    return made


def _block(record, needle: str) -> int:
    found = [i for i, block in enumerate(record.blocks) if needle in block.text]
    assert len(found) == 1, (record.source_file, needle)
    return found[0]


def _count(text: str, phrase: str) -> int:
    return len(re.findall(rf"(?<![\w.,]){re.escape(phrase)}(?![\w])", text))


# --- finding the model -------------------------------------------------------------------

def test_a_missing_model_is_no_model_with_the_fetch_hint(tmp_path, tiny_models):
    found = find_spec(English(engine="ctranslate2", ctranslate2=CTranslate2Options(model_dir="models/nowhere")),
                      tmp_path)
    assert isinstance(found, NoModel) and found.where == REPO / "models" / "nowhere"  # relative to the project
    assert "make models ENGINE=quickmt" in found.message()
    partial = tmp_path / "partial"
    shutil.copytree(tiny_models["marian"], partial)
    (partial / "tgt.spm.model").unlink()
    found = find_spec(english(partial), tmp_path)
    assert isinstance(found, NoModel) and "tgt.spm.model missing" in found.message()
    assert "make models ENGINE=quickmt" in found.message()


def test_the_spec_names_the_model_and_every_setting_that_changes_the_english(tmp_path, tiny_models):
    spec = find_spec(english(tiny_models["marian"]), tmp_path)
    assert isinstance(spec, TranslatorSpec) and spec.engine == "ctranslate2"
    assert spec.name == "CTranslate2 (tiny-marian)" and spec.option("sentence_splitter") == SENTENCE_SPLITTER
    assert spec.option("source_suffix") == ("</s>",) and spec.option("beam_size") == 2
    assert isinstance(spec.open(), CTranslate2Translator)


def test_model_identity_follows_options_and_files(tmp_path, tiny_models):
    model = tmp_path / "model"
    shutil.copytree(tiny_models["marian"], model)
    first = find_spec(english(model), tmp_path).model_id
    assert find_spec(english(model), tmp_path).model_id == first
    ids = {first}
    for change in ({"beam_size": 3}, {"compute_type": "float32"}, {"max_decoding_length": 25},
                   {"source_suffix": []}, {"target_prefix": ["x"]}):
        ids.add(find_spec(english(model, **change), tmp_path).model_id)
    assert len(ids) == 6
    for name in ("tgt.spm.model", "target_vocabulary.json", "model.bin"):
        with open(model / name, "ab") as handle:
            handle.write(b"\n")
        ids.add(find_spec(english(model), tmp_path).model_id)
    assert len(ids) == 9


# --- sentences -----------------------------------------------------------------------------

def test_the_splitter_cuts_after_end_marks_and_keeps_closers():
    assert split_sentences("一是完善培育体系。二是加大支持力度!三是优化服务?四是加强宣传") == [
        "一是完善培育体系。", "二是加大支持力度!", "三是优化服务?", "四是加强宣传"]
    assert split_sentences("他说:“请放心。”随后离开!?(完)") == ["他说:“请放心。”", "随后离开!?", "(完)"]
    assert split_sentences("  ") == [] and split_sentences("无标点") == ["无标点"]
    short = "一是加强领导;二是加强宣传。"
    assert split_sentences(short) == [short]  # a short clause list stays one sentence
    long = "一是" + "加" * 40 + ";二是加强宣传。"
    assert split_sentences(long) == ["一是" + "加" * 40 + ";", "二是加强宣传。"]


def test_the_splitter_keeps_placeholders_whole(records):
    text = "奖励[P0]。[P12]万元![P3]"
    assert split_sentences(text) == ["奖励[P0]。", "[P12]万元!", "[P3]"]
    glossary = load_glossary()
    seen = 0
    for record in records:
        for block in record.blocks:
            masked = mask(block.text or "", glossary).text
            sentences = split_sentences(masked)
            assert [p for s in sentences for p in PLACEHOLDER.findall(s)] == PLACEHOLDER.findall(masked)
            assert "".join(sentences) == re.sub(r"\s+", "", masked) or " " in masked
            for sentence in sentences:
                assert "[P" not in PLACEHOLDER.sub("", sentence)  # no half placeholder
            seen += len(PLACEHOLDER.findall(masked))
    assert seen > 50


# --- translating ---------------------------------------------------------------------------

def _masked_paragraphs(records, count=12) -> list[str]:
    glossary = load_glossary()
    texts = [mask(block.text, glossary).text for record in records for block in record.blocks if block.text]
    return [text for text in texts if has_cjk(text)][:count]


@pytest.mark.parametrize("kind", ["marian", "nllb"])
def test_translate_batch_is_translate_one_by_one(tmp_path, tiny_models, records, kind, no_network):
    spec = find_spec(english(tiny_models[kind], kind), tmp_path)
    texts = _masked_paragraphs(records, 80) + ["", "第二段。"]  # more sentences than one CTranslate2 batch
    one, batch = spec.open(), spec.open()
    singly = [one.translate(text) for text in texts]
    assert batch.translate_batch(texts) == singly
    assert one.calls == batch.calls == len(texts)
    assert singly[-2] == "" and all(singly[:-2])
    assert no_network == []


def test_marian_convention_tokens(tmp_path, tiny_models, spies):
    translator = find_spec(english(tiny_models["marian"]), tmp_path).open()
    assert spies == []  # nothing loaded before the first translation
    out = translator.translate("一是完善培育体系。二是加大支持力度!")
    (spy,) = spies
    (call,) = spy.calls  # both sentences in one CTranslate2 call
    assert len(call["source"]) == 2 and all(tokens[-1] == "</s>" and tokens[0] != "</s>" for tokens in call["source"])
    assert call["target_prefix"] is None and call["beam_size"] == 2 and call["max_decoding_length"] == 24
    assert call["disable_unk"] is True
    assert out and "</s>" not in out


def test_nllb_gets_its_language_tokens_and_eng_latn_is_dropped(tmp_path, tiny_models, spies):
    translator = find_spec(english(tiny_models["nllb"], "nllb"), tmp_path).open()
    texts = ["关于做强制造业企业,提供高质量供给。奖励[P0]!", "市场主体[P1]户"]
    out = translator.translate_batch(texts)
    (call,) = spies[0].calls
    assert len(call["source"]) == 3
    for tokens in call["source"]:
        assert tokens[0] == "zho_Hans" and tokens[-1] == "</s>" and "eng_Latn" not in tokens
    assert call["target_prefix"] == [["eng_Latn"]] * 3
    assert all(hypothesis[0] == "eng_Latn" for hypothesis in call["hypotheses"])  # CTranslate2 gives it back ...
    assert all(text and "eng_Latn" not in text for text in out)  # ... and it is not in the English


@pytest.mark.parametrize("kind", ["marian", "nllb"])
def test_english_pages_through_ctranslate2(tmp_path, records, record_of, tiny_models, kind, spies, no_network):
    settings = english(tiny_models[kind], kind)
    spec = find_spec(settings, tmp_path)
    variants, report = build(tmp_path, records, settings)
    assert report.errors == [] and report.warnings == []
    assert report.translator_calls > 0 and report.model == f"CTranslate2 (tiny-{kind})"
    assert report.documents == len(records) == len(variants)
    rule_only = 0
    for record in records:
        page = variants[record.slug]["en"]
        assert len(page.blocks) == len(record.blocks)
        for source, translated in zip(variants[record.slug]["zh"].blocks, page.blocks):
            assert translated.kind == source.kind and translated.level == source.level
            if has_cjk(source.text):
                assert translated.original == source.text and translated.text != source.text
                assert "eng_Latn" not in translated.text and "zho_Hans" not in translated.text
            else:
                assert translated.text == source.text and translated.original is None
                rule_only += 1
        assert page.variant["method"] == "ctranslate2" and page.variant["machine_translated"] is True
        assert page.variant["translation_missing"] is False
        assert page.variant["model"] == f"tiny-{kind}" and page.variant["model_id"] == spec.model_id
        assert page.variant["translator"] == f"CTranslate2 (tiny-{kind})"
        assert page.variant["sentence_splitter"] == SENTENCE_SPLITTER
    assert rule_only == 1 and record_of(FUJIAN).blocks[-1].text == "2017919"

    # what the glossary and the protected spans decide, whatever the engine
    blocks = variants[record_of(JIEYANG).slug]["en"].blocks
    assert blocks[0].kind == "addressee" and blocks[0].text == "Member Liu Kaibin"
    guangzhou = record_of(GUANGZHOU)
    blocks = variants[guangzhou.slug]["en"].blocks
    assert blocks[-3].text == "Guangzhou Municipal Bureau of Industry and Information Technology"
    assert blocks[-2].text == "1 August 2023"
    at = _block(guangzhou, "100万元、20万元")
    source, reward = guangzhou.blocks[at].text, blocks[at].text
    for chinese, fixed in (("专精特新", "specialized, refined, distinctive and innovative (SRDI)"),
                           ("小巨人", "little giant"), ("100万元", "1 million yuan"), ("20万元", "200,000 yuan"),
                           ("3亿元", "300 million yuan")):
        assert source.count(chinese) >= 1 and _count(reward, fixed) == source.count(chinese), (fixed, reward)
    ankang = record_of(ANKANG)
    growth = variants[ankang.slug]["en"].blocks[_block(ankang, "4.14万户")].text
    assert _count(growth, "41,400 households") == 1 and _count(growth, "23.25%") == 1
    jinhua = record_of(JINHUA)
    figures = variants[jinhua.slug]["en"].blocks[_block(jinhua, "2006亿元")].text
    for fixed in ("January–May", "200.6 billion yuan", "73.3%", "0.5 percentage points"):
        assert _count(figures, fixed) >= 1, (fixed, figures)
    meta = variants[jinhua.slug]["en"]
    assert "0579-82469741" in meta.blocks[_block(jinhua, "0579-82469741")].text
    assert meta.addressee == "Deputy Xu**" and meta.blocks[-1].text == "10 July 2023"

    # every model call framed each sentence in the convention's tokens
    calls = [call for spy in spies for call in spy.calls]
    assert calls
    for call in calls:
        for tokens in call["source"]:
            assert tokens[-1] == "</s>" and (tokens[0] == "zho_Hans") == (kind == "nllb")
    assert no_network == []


def test_the_cache_follows_the_model_identity(tmp_path, records, tiny_models, monkeypatch):
    model = tmp_path / "model"
    shutil.copytree(tiny_models["marian"], model)
    first, report = build(tmp_path, records, english(model))
    assert report.translator_calls > 0

    again, report = build(tmp_path, records, english(model))
    assert report.translator_calls == 0 and report.reused == len(records)
    assert again == first
    # and from the translation cache alone, the model never loaded
    with monkeypatch.context() as patched:
        patched.setattr(CTranslate2Translator, "load", lambda self: pytest.fail("model loaded with all cached"))
        shutil.rmtree(tmp_path / "cache" / "variants")
        again, report = build(tmp_path, records, english(model))
        assert (report.translator_calls, report.reused, report.converted) == (0, 0, len(records))
        assert report.errors == [] and report.warnings == []
        assert again == first

    # another beam size is another model identity: translated again, under its own keys
    wider, report = build(tmp_path, records, english(model, beam_size=3))
    assert report.translator_calls > 0 and report.reused == 0
    some = next(iter(wider))
    assert wider[some]["en"].variant["model_id"] != first[some]["en"].variant["model_id"]
    _, report = build(tmp_path, records, english(model, beam_size=3))
    assert report.translator_calls == 0
    _, report = build(tmp_path, records, english(model))  # the first one's entries are still there
    assert report.translator_calls == 0

    # a changed model file too
    with open(model / "config.json", "a", encoding="utf-8") as handle:
        handle.write("\n")  # still valid JSON: the model loads, under a new identity
    _, report = build(tmp_path, records, english(model))
    assert report.translator_calls > 0 and report.reused == 0 and report.warnings == []
