"""Traditional Chinese through the official OpenCC binding, one test per configuration; the
default configuration; the archivists' phrase corrections, applied through OpenCC's own
configuration files."""
import json

import opencc
import pytest

from build_scripts import settings
from build_scripts.record import Variant
from build_scripts.variants import VariantSettings, make_variants, type_label
from build_scripts.variants.traditional import (SUPPORTED_CONFIGS, PhraseCorrections, corrected_config,
                                                default_corrections, opencc_data_dir, opencc_version, to_traditional,
                                                traditional_converter, traditional_variant)

# from source/001_…: the opening of the reply, with doc-number, date and phone spans added
SEED = "关于壮大“专精特新”企业群体,加快制造业转型升级、创新驱动的建议提案收悉。非常感谢你长期以来对我市中小企业发展的重视和关心"
PROTECTED = "金经信办建〔2023〕22号 2023年7月13日 电话0663-8222345 PE管 2+4+X"


def test_the_pinned_official_binding_is_installed():
    assert opencc_version() == "1.4.2"
    import opencc

    assert hasattr(opencc, "OpenCC") and not hasattr(opencc, "__reimplemented__")


def test_s2t_converts_characters_and_keeps_the_wording():
    out = to_traditional(SEED + "。信息里面着力,软件", "s2t")
    for simplified, traditional in [("发展", "發展"), ("关于", "關於"), ("专精特新", "專精特新"),
                                    ("转型升级", "轉型升級"), ("驱动", "驅動")]:
        assert simplified in SEED and traditional in out
    assert "信息裏面着力,軟件" in out  # no Taiwan vocabulary, no Taiwan forms


def test_s2tw_uses_taiwan_character_forms_only():
    out = to_traditional("信息里面着力,软件群众", "s2tw")
    assert out == "信息裡面著力,軟件群眾"


def test_s2twp_also_swaps_taiwan_vocabulary():
    out = to_traditional("关于发展信息,软件", "s2twp")
    assert out == "關於發展資訊,軟體"


def test_s2hk_uses_hong_kong_forms():
    out = to_traditional("群众为了台湾的发展", "s2hk")
    assert out == "羣眾為了台灣的發展"


@pytest.mark.parametrize("config", SUPPORTED_CONFIGS)
def test_doc_numbers_dates_phones_and_latin_are_kept(config):
    out = to_traditional(PROTECTED + " 关于", config)
    assert out == "金经信办建〔2023〕22号 2023年7月13日 電話0663-8222345 PE管 2+4+X 關於"


def test_unknown_configuration_is_refused():
    with pytest.raises(ValueError):
        to_traditional("发展", "t2s")


def test_variant_record_converts_fields_and_records_the_config(record_of):
    record = record_of("004_a4924afafe98401d.txt")  # 金华市经信局's reply, with a document number
    assert record.doc_type == "suggestion_reply"
    label = type_label(record.doc_type, "zh-Hant")
    assert label == "建議答覆"  # doc_types.yaml's own Traditional label
    page = traditional_variant(record, "s2twp", label)
    assert isinstance(page, Variant)
    assert page.lang == "zh-Hant"
    assert page.title == "關於對金華市八屆人大三次會議武14號建議答覆的函"
    assert page.agency == "金華市經濟和資訊化局"  # s2twp: Taiwan vocabulary (信息 → 資訊)
    assert page.addressee == "徐**代表:"
    assert page.region == "浙江省金華市"
    assert page.region_path == ["浙江省", "金華市"]
    assert page.doc_type_label == "建議答覆"
    assert page.doc_number == "金经信办建〔2023〕22号" == record.doc_number  # kept as issued
    assert page.index_number == "1133070000259288XD/2023-04645" == record.index_number
    assert page.blocks[1].text.startswith("您提出的《關於促進傳統工業企業創新發展的建議》")
    assert [b.kind for b in page.blocks] == [b.kind for b in record.blocks]
    assert [b.level for b in page.blocks] == [b.level for b in record.blocks]
    assert page.variant["method"] == "opencc" and page.variant["config"] == "s2twp"
    assert page.variant["opencc_version"] == opencc_version()
    assert page.variant["machine_translated"] is False and page.variant["translation_missing"] is False
    assert "0579-82469741" in page.body
    assert record.title == "关于对金华市八届人大三次会议武14号建议答复的函"  # the record itself is left as it was
    # the type label given is the one used; without one, OpenCC converts the record's own label
    assert traditional_variant(record, "s2t", "某類型").doc_type_label == "某類型"
    assert traditional_variant(record, "s2t").doc_type_label == "建議答覆"


def test_page_front_matter_records_the_configuration(tmp_path, record_of, records_dir):
    import yaml

    from build_scripts.__main__ import main

    slug = record_of("001_ee64e7c325dd4286.txt").slug  # 揭阳市工业和信息化局's reply
    status = main(["variants", str(records_dir), str(tmp_path / "v"), str(tmp_path / "docs"),
                   "--opencc-config", "s2tw", "--packages-dir", str(tmp_path / "none"),
                   "--cache-dir", str(tmp_path / "c"), "--jobs", "1"])
    assert status == 0
    page = (tmp_path / "docs" / "zh-Hant" / "documents" / f"{slug}.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["variant"]["method"] == "opencc"
    assert meta["variant"]["config"] == "s2tw"
    assert meta["variant"]["opencc_version"] == "1.4.2"
    assert meta["title"].startswith("揭陽市工業和資訊化局") is False  # s2tw keeps 信息
    assert meta["title"].startswith("揭陽市工業和信息化局")


# --- the default: the forms readers use --------------------------------------------

def test_the_default_is_taiwan_character_forms():
    assert settings.variants().traditional.opencc_config == "s2tw" == VariantSettings.load().opencc_config
    assert VariantSettings().opencc_config == "s2tw"
    # not OpenCC's "standard" 爲 羣 衆 裏, nor Hong Kong's 羣 着 説
    assert to_traditional("为了群众,里面着力,说明") == "為了群眾,裡面著力,說明"
    assert to_traditional("台湾") == "臺灣"


def test_the_default_changes_no_word():
    """s2tw converts characters only: the same length as the text, and no Taiwan vocabulary."""
    for text in ("信息化局", "软件和信息技术服务业", "网络"):
        assert to_traditional(text) == opencc.OpenCC("s2t").convert(text) and len(to_traditional(text)) == len(text)


# --- phrase corrections -------------------------------------------------------------

def test_the_archive_corrects_a_phrase_opencc_gets_wrong():
    phrase = "聚焦大学生发展全生命周期"  # source/004
    for config in SUPPORTED_CONFIGS:
        assert opencc.OpenCC(config).convert(phrase) == "聚焦大學生髮展全生命週期"  # 髮: hair
        assert to_traditional(phrase, config) == "聚焦大學生發展全生命週期"
    assert ("大学生发展", "大學生發展") in default_corrections().pairs


def test_the_default_is_kept_where_no_correction_applies():
    # OpenCC's own choices, the same word read another way included (头发: hair)
    assert to_traditional("头发和发展,大学生就业") == opencc.OpenCC("s2tw").convert("头发和发展,大学生就业") \
        == "頭髮和發展,大學生就業"
    # a whole seed page: the corrections change nothing but the phrases they name
    text = (settings.DATA_DIR.parents[1] / "source" / "004_a4924afafe98401d.txt").read_text(encoding="utf-8")
    corrected, plain = traditional_converter().convert(text), opencc.OpenCC("s2tw").convert(text)
    assert len(corrected) == len(plain) == len(text)
    changed = [i for i, (a, b) in enumerate(zip(corrected, plain)) if a != b]
    start = text.index("大学生发展")
    assert changed == [start + 3]  # 發, not 髮


def test_a_correction_added_to_the_data_file_takes_effect(tmp_path):
    data = tmp_path / "traditional_phrases.yaml"
    data.write_text(settings.DATA_DIR.joinpath("traditional_phrases.yaml").read_text(encoding="utf-8")
                    + "  - simplified: 负责人参加\n    traditional: 負責人參加\n    note: not ginseng (人参)\n",
                    encoding="utf-8")
    added = PhraseCorrections.load(data)
    assert len(added.pairs) == len(default_corrections().pairs) + 1
    assert added.fingerprint != default_corrections().fingerprint
    text = "请各单位负责人参加会议"  # tests/data/devset/31
    assert to_traditional(text, "s2t") == "請各單位負責人蔘加會議"  # OpenCC's s2t reads 人参, ginseng
    assert to_traditional(text, "s2t", added) == "請各單位負責人參加會議"
    assert to_traditional(text, "s2hk", added) == "請各單位負責人參加會議"
    assert to_traditional("大学生发展", "s2t", added) == "大學生發展"  # the others still apply
    assert to_traditional("大学生发展", "s2t", PhraseCorrections()) == "大學生髮展"  # none: OpenCC's own


def test_corrections_are_an_opencc_dictionary_in_the_chosen_configuration(tmp_path):
    config_file = corrected_config("s2tw", default_corrections(), tmp_path)
    config = json.loads(config_file.read_text(encoding="utf-8"))
    own = json.loads((opencc_data_dir() / "s2tw.json").read_text(encoding="utf-8"))
    first = config["conversion_chain"][0]["dict"]
    assert first["dicts"][0]["type"] == "text"
    dictionary = first["dicts"][0]["file"]
    assert open(dictionary, encoding="utf-8").read().splitlines()[0] == "大学生发展\t大學生發展"
    # then OpenCC's own phrases and characters, then its regional step, unchanged
    assert [d.get("file", "").rsplit("/", 1)[-1] for d in first["dicts"][2:]] == ["STCharacters.ocd2"]
    assert config["conversion_chain"][1:] == [
        {"dict": {**step["dict"], "dicts": [{**d, "file": str(opencc_data_dir() / d["file"])} for d in step["dict"]["dicts"]]}}
        for step in own["conversion_chain"][1:]]
    assert config["segmentation"]["dict"]["dicts"][0] == {"type": "text", "file": dictionary}
    assert opencc.OpenCC(str(config_file)).convert("大学生发展") == "大學生發展"
    # named by its content: another list, another folder
    other = corrected_config("s2tw", PhraseCorrections((("负责人参加", "負責人參加"),)), tmp_path)
    assert other.parent != config_file.parent


@pytest.mark.parametrize("entry, problem", [
    ("  - simplified: 大学生发展\n    traditional: 大學生發展展\n", "one character for each"),
    ("  - simplified: 发展\n    traditional: 發展\n  - simplified: 发展\n    traditional: 發展\n", "more than one correction"),
    ("  - simplified: 发 展\n    traditional: 發 展\n", "pattern"),
    ("  - simplified: 发展\n    tradtional: 發展\n", "did you mean 'traditional'"),
])
def test_a_wrong_correction_is_reported(tmp_path, entry, problem):
    data = tmp_path / "traditional_phrases.yaml"
    data.write_text("phrases:\n" + entry, encoding="utf-8")
    with pytest.raises(settings.SettingsError, match=problem):
        PhraseCorrections.load(data)


def test_a_changed_corrections_file_reconverts_the_pages(tmp_path, records):
    data = tmp_path / "traditional_phrases.yaml"
    data.write_text("phrases:\n  - simplified: 大学生发展\n    traditional: 大學生發展\n", encoding="utf-8")
    jinhua = [record for record in records if record.source_file == "004_a4924afafe98401d.txt"]
    settings_ = VariantSettings(packages_dir=tmp_path / "no-model", cache_dir=tmp_path / "cache",
                                phrase_corrections_path=data)
    build = lambda: make_variants(jinhua, settings_, jobs=1, log=lambda message: None)  # noqa: E731
    variants, report = build()
    page = variants[jinhua[0].slug]["zh-Hant"]
    assert report.converted == 1 and "大學生發展" in page.body
    assert page.variant["phrase_corrections"] == PhraseCorrections.load(data).fingerprint
    assert build()[1].converted == 0  # unchanged: read back
    data.write_text("phrases:\n  - simplified: 全生命周期\n    traditional: 全生命周期\n", encoding="utf-8")
    variants, report = build()
    page = variants[jinhua[0].slug]["zh-Hant"]
    assert report.converted == 1 and report.reused == 0
    assert "大學生髮展全生命周期" in page.body  # the old correction gone, the new one applied
