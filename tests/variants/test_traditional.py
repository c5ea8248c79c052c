"""Traditional Chinese through the official OpenCC binding, one test per configuration."""
import pytest

from build_scripts.record import Variant
from build_scripts.variants import type_label
from build_scripts.variants.traditional import SUPPORTED_CONFIGS, opencc_version, to_traditional, traditional_variant

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
