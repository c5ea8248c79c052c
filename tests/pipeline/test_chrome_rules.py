"""Each chrome rule in build_scripts/data/chrome.yaml, on its own examples, in its own zone,
in ASCII and in full-width punctuation (pages use both)."""
import subprocess
import sys

import pytest

from build_scripts import settings
from build_scripts.clean import clean
from build_scripts.read import read_text

from .conftest import ROOT

RULES = settings.chrome().line_rules
TITLE = "关于做好2024年度中小企业服务工作的通知"
OPENING = ["各有关单位:", "为进一步优化营商环境,现将有关事项通知如下。"]
SIGNATURE = ["某某市工业和信息化局", "2024年3月1日"]


def full_width(text: str) -> str:
    return text.translate({code: code + 0xFEE0 for code in range(0x21, 0x7F) if chr(code) in ",:;!?()"})


def page_with(line: str, zone: str) -> list[str]:
    if zone == "footer":
        return [TITLE, *OPENING, *SIGNATURE, line]
    # header rules act above the title; rules for anywhere are tried in the header too
    return [line, TITLE, *OPENING, *SIGNATURE]


def removed_by(lines: list[str]) -> dict[str, str]:
    page = clean(read_text("rule.txt", "\n".join(lines).encode("utf-8")))
    return {line.text: line.rule for line in page.lines if line.role == "removed"}


CASES = [(rule.name, rule.zone, example) for rule in RULES for example in rule.examples]


def traditional(text: str) -> str:
    import opencc
    return opencc.OpenCC("s2t").convert(text)


FORMS = {"ascii": lambda text: text, "full": full_width, "traditional": traditional}


@pytest.mark.parametrize("name,zone,example", CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
@pytest.mark.parametrize("form", FORMS)
def test_rule_removes_its_examples(name, zone, example, form):
    """Pages use both punctuation widths, and central sites serve a Traditional copy."""
    line = FORMS[form](example)
    assert removed_by(page_with(line, zone)).get(line) == name


KEEPS = [(rule.name, keep) for rule in RULES for keep in rule.keeps]


@pytest.mark.parametrize("name,keep", KEEPS, ids=[f"{c[0]}:{c[1]}" for c in KEEPS])
def test_rule_keeps_body_sentences(name, keep):
    lines = [TITLE, OPENING[0], OPENING[1], keep, "请认真贯彻执行。", *SIGNATURE]
    assert keep not in removed_by(lines)


def test_every_rule_has_an_example():
    assert all(rule.examples for rule in RULES)


def test_font_widget_split_over_lines():
    lines = ["字号:[", "大", "中", "小", "]", TITLE, *OPENING, *SIGNATURE]
    removed = removed_by(lines)
    assert [removed.get(text) for text in ["字号:[", "大", "中", "小", "]"]] == ["font_size_widget"] * 5


def test_crawl_date_is_not_the_document_date():
    from build_scripts.structure import structure
    lines = ["2023年11月5日 星期天", TITLE, *OPENING, *SIGNATURE]
    record = structure(clean(read_text("crawl.txt", "\n".join(lines).encode("utf-8"))))
    assert record.date == "2024-03-01"
    assert {"line": "2023年11月5日 星期天", "rule": "site_date_widget"} in record.removed


def test_header_rule_does_not_act_inside_the_document():
    lines = [TITLE, *OPENING, "主动公开", "请认真贯彻执行。", *SIGNATURE]
    assert "主动公开" not in removed_by(lines)


def test_photo_captions_under_a_story_are_removed_but_a_signature_is_not():
    story = ["区政协视察提案办理工作", "发布日期:2019-06-19 浏览次数:",
             "6月19日,区政协主席带领委员视察提案办理工作。", "听取工作汇报", "实地察看幼儿园"]
    removed = removed_by(story)
    assert removed.get("听取工作汇报") == "photo_caption" and removed.get("实地察看幼儿园") == "photo_caption"
    assert not set(SIGNATURE) & set(removed_by([TITLE, *OPENING, *SIGNATURE]))


def test_inline_html_is_removed_and_recorded():
    from build_scripts.structure import structure
    lines = [TITLE, *OPENING, "请于<br/>3月底前报送。", *SIGNATURE]
    record = structure(clean(read_text("html.txt", "\n".join(lines).encode("utf-8"))))
    assert "请于 3月底前报送。" in record.body.splitlines()
    assert {"line": "<br/>", "rule": "html_remnant"} in record.removed


# Lines a broken page can hold: many repeated widget words that in the end do not match.
# A rule whose repeated parts could be split in many ways would backtrack without end on them.
PATHOLOGICAL = ["大 中 小 " * 40 + "。", "【打印】" * 60 + "x", "分享 微信 " * 40 + "好", "字号 " * 80 + "a",
                "无障碍 " * 60 + "。", "浏览次数: " * 40 + "x", "打印 | " * 60 + "x"]


def test_no_rule_backtracks_without_end():
    script = ("import sys; from build_scripts.clean.rules import matching_rule, ANYWHERE, HEADER, FOOTER\n"
              "for line in sys.argv[1:]: assert matching_rule(line, (ANYWHERE, HEADER, FOOTER)) is None, line")
    # finishes in milliseconds; the bound only stops a runaway pattern from stalling the suite
    subprocess.run([sys.executable, "-c", script, *PATHOLOGICAL], cwd=ROOT, check=True, timeout=120)
