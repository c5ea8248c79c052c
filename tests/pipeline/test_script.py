"""The script a source is written in (clean/script.py), as the records stage sets it, and the
cleaning and structure rules read a page in Traditional as they read it in Simplified."""
import json

import opencc
import pytest

from build_scripts import settings
from build_scripts.clean import clean
from build_scripts.clean.script import SIMPLIFIED, TRADITIONAL, count_script, detect_script
from build_scripts.read import read_text

from .conftest import DEVSET, ROOT, SEEDS

BIG5_NOTICE = ROOT / "tests" / "data" / "devset" / "27_govcn_big5_notice.txt"


@pytest.mark.parametrize("path", SEEDS + [p for p in DEVSET if p != BIG5_NOTICE], ids=lambda p: p.name)
def test_every_simplified_page_is_zh_hans(records, path):
    record = records(path)
    assert record.source_script == SIMPLIFIED
    assert count_script(record.body).traditional == 0  # not a close call: no Traditional character at all


def test_the_page_in_traditional_is_zh_hant(records):
    record = records(BIG5_NOTICE)
    assert record.source_script == TRADITIONAL
    count = count_script(record.body)
    assert count.traditional > 50 and count.simplified == 0


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
def test_a_simplified_text_converted_by_opencc_is_zh_hant(config):
    converter = opencc.OpenCC(config)
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        assert detect_script(text) == SIMPLIFIED
        assert detect_script(converter.convert(text)) == TRADITIONAL, path.name


@pytest.mark.parametrize("text, script", [
    ("国务院办公厅", SIMPLIFIED),
    ("國務院辦公廳", TRADITIONAL),
    ("", SIMPLIFIED),
    ("2023年7月13日 PE管 0663-8222345", SIMPLIFIED),  # no character of one script only
    ("Notice", SIMPLIFIED),
    ("發", SIMPLIFIED),  # one marked character is too few to tell (script.yaml)
    ("關於", SIMPLIFIED),
    ("關於發展", TRADITIONAL),
    ("公里", SIMPLIFIED),  # written alike in both scripts: OpenCC keeps it either way
])
def test_short_texts(text, script):
    assert detect_script(text) == script


def test_mixed_texts_go_by_the_majority():
    simplified_quoting = "关于加强两岸交流合作的通知。据《臺灣經濟研究院》报告,我市企业与台湾地区的贸易继续增长,现将有关事项通知如下。"
    count = count_script(simplified_quoting)
    assert count.traditional > 0 and count.simplified > count.traditional
    assert detect_script(simplified_quoting) == SIMPLIFIED
    traditional_with_a_simplified_name = "國務院辦公廳關於落實有關政策措施分工的通知,請各部門認真貫徹執行(来源:国务院办公厅)。"
    count = count_script(traditional_with_a_simplified_name)
    assert count.simplified > 0 and count.traditional > count.simplified
    assert detect_script(traditional_with_a_simplified_name) == TRADITIONAL
    tie = "发展發展"
    assert count_script(tie).traditional == count_script(tie).simplified
    assert detect_script(tie) == SIMPLIFIED


def test_the_thresholds_are_data():
    rules = settings.script()
    assert 0 < rules.traditional_share < 1 and rules.min_marked_characters >= 1
    with pytest.raises(settings.SettingsError, match="traditional_share"):
        settings.from_text("script", "min_marked_characters: 3\ntraditional_share: 2\n", ROOT / "script.yaml")


def test_the_record_json_ends_with_the_script(records):
    data = json.loads(records(BIG5_NOTICE).to_json())
    assert list(data)[-1] == "source_script" and data["source_script"] == "zh-Hant"


@pytest.mark.parametrize("config", ["s2tw", "s2hk"])
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_a_traditional_copy_of_a_page_gives_the_same_record(records, path, config):
    """The rules are written in Simplified and matched against a folded copy (patterns.fold):
    the page in Traditional characters has the same lines removed and lifted, the same
    blocks, dates and numbers, and the same title, agency, type and region."""
    from build_scripts.structure import structure

    simplified = records(path)
    to_hant = opencc.OpenCC(config)
    data = to_hant.convert(path.read_text(encoding="utf-8")).encode("utf-8")
    traditional = structure(clean(read_text(path.name, data)))
    assert traditional.source_script == TRADITIONAL
    assert [block.kind for block in traditional.blocks] == [block.kind for block in simplified.blocks]
    assert [item["rule"] for item in traditional.removed] == [item["rule"] for item in simplified.removed]
    assert [item["field"] for item in traditional.lifted] == [item["field"] for item in simplified.lifted]
    for name in ("date", "date_source", "publication_date", "index_number", "doc_type", "title_derived"):
        assert getattr(traditional, name) == getattr(simplified, name), name
    for name in ("title", "agency", "doc_number", "addressee"):
        value = getattr(simplified, name)
        if name == "title" and simplified.title_derived:  # made with the (Simplified) words of doc_types.yaml
            assert to_hant.convert(traditional.title) == to_hant.convert(value)
        else:
            assert getattr(traditional, name) == (value and to_hant.convert(value)), name
    # the region is named from the place list, in its (Simplified) words
    assert traditional.region_path == simplified.region_path and traditional.region
