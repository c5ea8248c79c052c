"""Bad input, tried for real: inputs the tests build themselves (no stored binaries). Each ends
as a correct record or as one error line naming the file and the problem; the rest still builds."""
import codecs
import json
import subprocess
import sys

import pytest

from .conftest import ROOT, SEEDS

SEED = SEEDS[0].read_text(encoding="utf-8")
NOTICE = "关于做好2024年度中小企业服务工作的通知\n各有关单位:\n为进一步优化营商环境,现将有关事项通知如下。\n某某市工业和信息化局\n2024年3月1日\n"


def torture_inputs() -> dict[str, bytes]:
    return {
        "ten_megabytes.txt": (SEED + "\n") .encode("utf-8") * (10_000_000 // len(SEED.encode("utf-8")) + 1),
        "one_long_line.txt": ("关于一行很长的文字的通知\n各单位:\n" + "长句内容,不断重复" * 120_000 + "。\n").encode("utf-8"),
        "gbk.txt": NOTICE.encode("gbk"),
        "utf16.txt": NOTICE.encode("utf-16"),
        "utf8_bom.txt": codecs.BOM_UTF8 + NOTICE.encode("utf-8"),
        "saved_page.txt": b"<!DOCTYPE html><html><head><title>x</title></head><body><p>\xe6\xad\xa3\xe6\x96\x87</p></body></html>",
        "invisible_and_control.txt": NOTICE.replace("通知", "通\u200b知\u200d").replace("各有关", "各\x07有\x1b关").encode("utf-8"),
        "lone_surrogate.txt": NOTICE.encode("utf-8")[:30] + b"\xed\xa0\x80" + NOTICE.encode("utf-8")[30:],
        "only_chrome.txt": "无障碍版\n扫一扫在手机打开当前页\n内容纠错\n打印本页 关闭窗口\n".encode("utf-8"),
        "duplicate_of_seed.txt": SEEDS[0].read_bytes(),
        SEEDS[0].name: SEEDS[0].read_bytes(),
        "UPPER_CASE.TXT": NOTICE.encode("utf-8"),
        "no_extension": NOTICE.encode("utf-8"),
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 64,
    }


# how each must end: a record (with a check) or an error mentioning the words given
EXPECTED = {
    "ten_megabytes.txt": ("record", lambda r: r["title"].startswith("对《") and len(r["body"]) > 3_000_000),
    "one_long_line.txt": ("record", lambda r: r["title"] == "关于一行很长的文字的通知" and len(r["body"]) > 1_000_000),
    "gbk.txt": ("record", lambda r: r["agency"] == "某某市工业和信息化局"),
    "utf16.txt": ("record", lambda r: r["date"] == "2024-03-01"),
    "utf8_bom.txt": ("record", lambda r: r["title"] == "关于做好2024年度中小企业服务工作的通知"),
    "saved_page.txt": ("error", "HTML page"),
    "invisible_and_control.txt": ("record", lambda r: r["title"] == "关于做好2024年度中小企业服务工作的通知" and r["addressee"] == "各有关单位:"),
    "lone_surrogate.txt": ("error", "invalid UTF-8 at byte"),
    "only_chrome.txt": ("error", "no document text"),
    "duplicate_of_seed.txt": ("record", lambda r: any(w.startswith("duplicate") for w in r["warnings"])),
    SEEDS[0].name: ("record", lambda r: not r["warnings"][1:]),
    "UPPER_CASE.TXT": ("record", lambda r: r["slug"].startswith("upper_case-")),
    "no_extension": ("record", lambda r: r["slug"].startswith("no_extension-")),
    "empty.txt": ("error", "is empty"),
    "binary.txt": ("error", "binary"),
}


@pytest.fixture(scope="module")
def torture_run(tmp_path_factory):
    src = tmp_path_factory.mktemp("torture")
    for name, data in torture_inputs().items():
        (src / name).write_bytes(data)
    out = tmp_path_factory.mktemp("records")
    result = subprocess.run([sys.executable, "-m", "build_scripts", "records", str(src), str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    records = {}
    for path in out.glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        records[record["source_file"]] = record
    return result, records


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_input_ends_as_a_record_or_a_named_error(name, torture_run):
    result, records = torture_run
    errors = [line for line in result.stderr.splitlines() if line.startswith(f"error: {name}:")]
    outcome, check = EXPECTED[name]
    if outcome == "record":
        assert name in records and not errors
        assert check(records[name])
    else:
        assert name not in records and len(errors) == 1 and check in errors[0], result.stderr


def test_the_run_reports_every_failure_and_fails(torture_run):
    result, records = torture_run
    assert result.returncode == 1
    assert len(records) == sum(1 for outcome, _ in EXPECTED.values() if outcome == "record")
    assert len([l for l in result.stderr.splitlines() if l.startswith("error:")]) == \
        sum(1 for outcome, _ in EXPECTED.values() if outcome == "error")
    assert len(set(r["slug"] for r in records.values())) == len(records)  # distinct slugs
