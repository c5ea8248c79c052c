"""Headings from Chinese numbering; lists, 一是 sentences and tables of contents are not headings."""
from build_scripts.structure.headings import find_headings


def headings(lines):
    return [(level, c.text) for _, (level, c) in sorted(find_headings(lines).items())]


def test_levels_follow_the_numbering_hierarchy():
    lines = ["一、总体要求", "正文。", "(一)基本原则", "正文。", "1.坚持问题导向", "正文。", "(1)细化措施", "正文。",
             "二、保障措施", "正文。"]
    assert headings(lines) == [(1, "一、总体要求"), (2, "(一)基本原则"), (3, "1.坚持问题导向"), (4, "(1)细化措施"), (1, "二、保障措施")]


def test_full_width_numbering():
    assert headings(["(一)基本原则", "正文。", "(二)工作目标", "正文。"]) == [(1, "(一)基本原则"), (1, "(二)工作目标")]


def test_decimal_numbering_and_chapters():
    lines = ["第一章 总则", "1.1 适用范围", "本办法适用于全市。", "1.2 术语", "正文。", "第二章 职责"]
    assert headings(lines) == [(1, "第一章 总则"), (2, "1.1 适用范围"), (2, "1.2 术语"), (1, "第二章 职责")]


def test_run_in_heading():
    assert headings(["1.完善人才政策体系。一是组织企业参加招聘活动,二是开展用工摸查。"]) == [(1, "1.完善人才政策体系。")]


def test_long_numbered_items_are_a_list():
    lines = ["一、支持市场开拓", "1.由市发改委牵头,市住建局、交通局配合,举办钢材、建材行业专场活动,组织重点项目对接采购本地产品。",
             "2.由市工信局牵头,举办产业专场活动。", "二、优化服务"]
    assert headings(lines) == [(1, "一、支持市场开拓"), (1, "二、优化服务")]


def test_yishi_sentences_are_not_headings():
    assert headings(["一是完善培育体系。建立中小企业培育工作机制。", "二是加大支持力度。"]) == []


def test_table_of_contents_is_not_a_heading():
    lines = ["一、总体要求", "二、主要任务", "三、保障措施", "一、总体要求", "正文。", "二、主要任务", "正文。", "三、保障措施", "正文。"]
    found = find_headings(lines)
    assert sorted(found) == [3, 5, 7]
