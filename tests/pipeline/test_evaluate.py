"""The records evaluation: how it scores, and the floor the records stage must stay above."""
import subprocess
import sys

import pytest

from build_scripts import evaluate

from .conftest import ROOT

DEVSET = ROOT / "tests" / "data" / "devset"
SEEDS_EXPECT = ROOT / "tests" / "data" / "seeds" / "expect"
# the floor, in percent: a page lost, a kept fragment lost, are never acceptable
FLOOR = {"files": 100.0, "body": 100.0, "chrome": 98.0, "fields": 95.0, "headings": 95.0}

ANNOTATION = {"title": "关于做好2024年度工作的通知", "agency": "某某市工业和信息化局", "date": "2024-03-01",
              "doc_number": None, "addressee": "各有关单位:", "chrome_lines": ["打印本页 关闭窗口"],
              "body_must_keep": ["为进一步优化营商环境。"], "headings": ["一、总体要求"]}
RECORD = {"title": "关于做好2024年度工作的通知", "title_derived": False, "agency": "某某市工业和信息化局",
          "date": "2024-03-01", "doc_number": None, "addressee": "各有关单位:",
          "body": "各有关单位:\n为进一步优化营商环境。\n一、总体要求", "headings": [{"level": 1, "text": "一、总体要求"}]}


def test_a_matching_record_passes_every_check():
    score = evaluate.score_page("page", ANNOTATION, RECORD)
    assert score.passed == score.total and not score.misses


def test_comparison_ignores_width_and_whitespace_only():
    record = dict(RECORD, addressee="各有关单位:", title="关于做好 2024 年度工作的通知")
    assert evaluate.score_page("page", ANNOTATION, record).passed["fields"] == 5
    assert evaluate.score_page("page", ANNOTATION, dict(RECORD, agency="某某市工信局")).passed["fields"] == 4


def test_chrome_left_in_the_body_and_lost_text_are_counted():
    record = dict(RECORD, body="打印本页 关闭窗口\n各有关单位:\n一、总体要求")
    score = evaluate.score_page("page", ANNOTATION, record)
    assert score.passed["chrome"] == 0 and score.passed["body"] == 0


def test_a_null_title_is_met_only_by_a_derived_one():
    untitled = dict(ANNOTATION, title=None)
    assert evaluate.field_matches("title", None, dict(RECORD, title_derived=True))
    assert not evaluate.field_matches("title", None, RECORD)  # a title the page does not state, claimed
    assert not evaluate.field_matches("title", RECORD["title"], dict(RECORD, title_derived=True))
    assert evaluate.score_page("page", untitled, dict(RECORD, title_derived=True)).passed["fields"] == 5


def test_a_lost_page_fails_every_check():
    score = evaluate.score_page("page", dict(ANNOTATION, doc_number=None), None, "has no recognisable title")
    assert sum(score.passed.values()) == 0
    assert score.total["files"] == 1 and score.total["fields"] == 5


@pytest.mark.parametrize("raw,expect", [(DEVSET, DEVSET / "expect"), (ROOT / "source", SEEDS_EXPECT)],
                         ids=["devset", "seeds"])
def test_records_stage_stays_above_the_floor(raw, expect):
    scores = evaluate.evaluate(raw, expect)
    assert len(scores) == len(list(expect.glob("*.json")))
    misses = "\n".join(f"{s.stem}: {m}" for s in scores for m in s.misses)
    for name, (passed, total) in evaluate.totals(scores).items():
        assert total and 100.0 * passed / total >= FLOOR[name], f"{name} {passed}/{total}\n{misses}"


def test_the_command_prints_a_row_per_page_and_the_summary_last():
    result = subprocess.run([sys.executable, "-m", "build_scripts", "evaluate", str(DEVSET), str(DEVSET / "expect")],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith("total (35 pages): files 35/35")
    assert sum(1 for line in lines if line.startswith(("0", "1", "2", "3"))) == 35
