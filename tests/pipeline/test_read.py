"""Decoding: UTF-8 with and without BOM, UTF-16 with BOM, GB18030/GBK; bad input named clearly."""
import codecs

import pytest

from build_scripts.read import ReadError, read_text

from .conftest import SEEDS

TEXT = SEEDS[4].read_text(encoding="utf-8")


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),  # with BOM, little-endian here
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    TEXT.encode("gb18030"),
    TEXT.encode("gbk"),
], ids=["utf8", "utf8-bom", "utf16", "utf16-be", "gb18030", "gbk"])
def test_encodings_decode_to_the_same_lines(data):
    expected = [line.rstrip() for line in TEXT.splitlines()]
    assert read_text("x.txt", data).lines[: len(expected)] == expected


def test_short_gbk_text_is_not_taken_for_a_western_code_page():
    source = read_text("short.txt", "关于加强供应链管理的通知".encode("gbk"))
    assert source.lines == ["关于加强供应链管理的通知"] and source.encoding in ("gb18030", "gbk", "gb2312")


def test_whitespace_is_normalised_and_punctuation_kept():
    raw = "标题\r\n\u3000\u3000第一段,全角:保留\u00a0文字。\r\n\r\n\r\n(1)半角:也保留\u200b。\r"
    assert read_text("x.txt", raw.encode("utf-8")).lines == ["标题", "  第一段,全角:保留 文字。", "", "", "(1)半角:也保留。", ""]


def test_nfc():
    assert read_text("x.txt", "Cafe\u0301 标题".encode("utf-8")).lines == ["Caf\u00e9 标题"]


@pytest.mark.parametrize("data,problem", [
    (b"", "is empty"),
    (b"  \n\r\n\t ", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    (bytes(range(1, 9)) * 40, "binary"),
    (b"\xff\xfe\x00\xd8", "byte-order mark"),
    (b"\xff\x80\xff\x80\xff\x80\x81", "cannot be decoded"),
])
def test_bad_input_is_named(data, problem):
    with pytest.raises(ReadError, match=problem):
        read_text("bad.txt", data)
