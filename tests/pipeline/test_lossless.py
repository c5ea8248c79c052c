"""No character disappears silently: each one of the input is in the body, a removed line or a
lifted metadata line. Checked on every real page and on generated pages (hypothesis)."""
from collections import Counter

import pytest
from hypothesis import given, settings, strategies as st

from build_scripts.clean import clean
from build_scripts.read import read_text
from build_scripts.record import Record
from build_scripts.settings import chrome
from build_scripts.structure import structure

from .conftest import PAGES


def _chars(texts) -> Counter:
    return Counter(ch for text in texts for ch in text if not ch.isspace())


def _accounted(record) -> Counter:
    return _chars([record.body] + [r["line"] for r in record.removed] + [r["line"] for r in record.lifted])


def _record(name: str, text: str) -> tuple[Record, list[str]]:
    source = read_text(name, text.encode("utf-8"))
    return structure(clean(source)), source.lines


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_real_pages_are_lossless(path):
    record, lines = _record(path.name, path.read_text(encoding="utf-8"))
    assert _accounted(record) == _chars(lines)


def test_a_page_without_chrome_loses_nothing():
    text = "\n".join([
        "关于加快发展专精特新企业的通知",
        "各区人民政府:",
        "为推动中小企业高质量发展,现就有关事项通知如下。",
        "一、加强培育",
        "建立梯度培育库,分级分类给予支持,全年新增企业50家以上。",
        "某某市工业和信息化局",
        "2024年3月1日",
    ])
    record, _ = _record("plain.txt", text)
    assert record.removed == []
    assert record.body.splitlines() == text.splitlines()[1:]


def test_body_sentences_that_mention_chrome_words_stay():
    sentences = [rule_keep for rule in chrome().line_rules for rule_keep in rule.keeps]
    text = "\n".join(["关于做好政务服务工作的通知", "各有关单位:", *sentences, "某某市人民政府办公室", "2024年1月5日"])
    record, _ = _record("mentions.txt", text)
    for sentence in sentences:
        assert sentence in record.body.splitlines()


CHROME_EXAMPLES = [example for rule in chrome().line_rules if rule.zone == "anywhere"
                   for example in rule.examples]
BODY_TEXT = st.text(alphabet=st.sampled_from(list("发展企业政策支持服务工作推进建设我市年月日元亿万,。、“”《》()1234567890:;")),
                    min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(paragraphs=st.lists(BODY_TEXT, min_size=1, max_size=8),
       top=st.lists(st.sampled_from(CHROME_EXAMPLES), max_size=4),
       bottom=st.lists(st.sampled_from(CHROME_EXAMPLES), max_size=4),
       blank_runs=st.integers(min_value=0, max_value=3))
def test_generated_pages_are_lossless(paragraphs, top, bottom, blank_runs):
    title = "关于推进中小企业发展的通知"
    body = ["各有关单位:", *[p + "。" for p in paragraphs], "某某市人民政府", "2024年5月6日"]
    lines = [*top, title, *body, *bottom]
    text = ("\n" * (blank_runs + 1)).join(lines)
    record, source_lines = _record("generated.txt", text)
    assert _accounted(record) == _chars(source_lines)
    for chrome_line in top + bottom:
        assert chrome_line not in record.body.splitlines()
    assert record.title == title
