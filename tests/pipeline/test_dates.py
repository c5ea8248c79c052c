"""Dates as pages print them, and as captures garble them: read only when one reading is sure."""
import pytest

from build_scripts import patterns

LINES = [
    ("2023年8月1日", "2023-08-01"),
    ("2014年02月23日", "2014-02-23"),
    ("二〇二三年五月十六日", "2023-05-16"),
    ("二O一一年5月16日", "2011-05-16"),  # the year's zero typed as a letter
    ("2023-07-21", "2023-07-21"),
    ("2023年 7月 18日", "2023-07-18"),
    ("2023年13月1日", None),
]


@pytest.mark.parametrize("line,expected", LINES)
def test_date_lines(line, expected):
    assert patterns.date_line(line) == expected


GARBLED = [
    ("2017821", "2017-08-21"),  # 8月21日: 82月 is no month
    ("20211022", "2021-10-22"),
    ("2023108", "2023-10-08"),  # 10月8日; 1月08日 would pad the day and not the month
    ("20230108", "2023-01-08"),  # padded throughout
    ("2017111", None),  # 1月11日 or 11月1日: no telling
    ("20231", None),
]


@pytest.mark.parametrize("line,expected", GARBLED)
def test_dates_that_lost_their_characters(line, expected):
    assert patterns.digits_only_date(line) == expected


@pytest.mark.parametrize("line,expected", [("{ 2017 6 23", "2017-06-23"), ("2017 6 23", "2017-06-23"),
                                           ("2017 13 23", None), ("第 2017 6 23 号", None)])
def test_dates_whose_characters_became_spaces(line, expected):
    assert patterns.spaced_date(line) == expected
