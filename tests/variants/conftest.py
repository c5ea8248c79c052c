"""Fixtures of the variants tests: no network, a private Argos data dir, hand-made records.

Every test here runs with network sockets and DNS blocked (local AF_UNIX sockets, the
worker pool's plumbing, are allowed); attempts are recorded so a test can
assert that none was made.  argostranslate creates its data/config/cache directories
under XDG_* at import: they point into a temporary directory, never the user's home.
"""
from __future__ import annotations

import copy
import json
import socket
import tempfile
from pathlib import Path

import pytest

_XDG = Path(tempfile.mkdtemp(prefix="variants-xdg-"))

REPO = Path(__file__).resolve().parents[2]


class NetworkAttempts(list):
    pass


@pytest.fixture(autouse=True)
def private_argos_dirs(monkeypatch):
    """argostranslate reads these at its (first) import, which happens inside a test."""
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(_XDG / name.lower()))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(_XDG / "no-packages"))


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    attempts = NetworkAttempts()

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access is blocked in tests")

    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    # AF_UNIX sockets are local process plumbing (the worker pool's forkserver), not network
    def guarded(original):
        return lambda self, *a: original(self, *a) if self.family == socket.AF_UNIX else refuse(*a)

    monkeypatch.setattr(socket.socket, "connect", guarded(connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(connect_ex))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def _record(slug: str, title: str, agency: str, addressee: str, blocks: list[dict], **extra) -> dict:
    headings = [{"level": b["level"], "text": b["text"]} for b in blocks if b["kind"] == "heading"]
    body_lines, joining = [], False
    for b in blocks:
        if joining:
            body_lines[-1] += b["text"]
        else:
            body_lines.append(b["text"])
        joining = bool(b.get("run_in"))
    record = {
        "source_file": f"{slug}.txt", "slug": slug, "title": title, "title_derived": False,
        "agency": agency, "date": "2023-07-13", "publication_date": "2023-07-13",
        "doc_number": None, "index_number": None, "addressee": addressee,
        "doc_type": "proposal_reply", "doc_type_label": "提案答复", "region": "广东省揭阳市",
        "region_path": ["广东省", "揭阳市"], "headings": headings, "body": "\n".join(body_lines),
        "blocks": blocks, "removed": [], "lifted": [], "page_metadata": {}, "warnings": [],
    }
    record.update(extra)
    return record


# Strings taken from the seed documents in source/.
RECORDS = [
    _record(
        "doc_a",
        "揭阳市工业和信息化局关于对揭阳市政协七届二次会议第7号提案的答复",
        "揭阳市工业和信息化局",
        "柳楷斌委员:",
        [
            {"kind": "addressee", "text": "柳楷斌委员:"},
            {"kind": "paragraph", "text": "你提出的《关于壮大“专精特新”企业群体,加快制造业转型升级的建议提案》收悉。现答复如下:"},
            {"kind": "heading", "level": 1, "text": "一、主要工作情况"},
            {"kind": "heading", "level": 2, "text": "1.完善人才政策体系。", "run_in": True},
            {"kind": "paragraph", "text": "对新认定国家级、省级专精特新“小巨人”企业分别一次性奖励100万元、20万元。"},
            {"kind": "paragraph", "text": "当年新增市场主体4.14万户,同比增长23.25%。"},
            {"kind": "signature", "text": "揭阳市工业和信息化局"},
            {"kind": "date", "text": "2023年7月13日"},
        ],
    ),
    _record(
        "doc_b",
        "关于对金华市八届人大三次会议武14号建议答复的函",
        "市经信局",
        "徐**代表:",
        [
            {"kind": "addressee", "text": "徐**代表:"},
            {"kind": "paragraph", "text": "您提出的《关于促进传统工业企业创新发展的建议》收悉,现答复如下。"},
            {"kind": "paragraph", "text": "1-5月,“2+4”产业规上工业总产值2006亿元,占全市比重达到73.3%,较去年底提高0.5个百分点。"},
            {"kind": "contact", "text": "联系电话:0579-82468123"},
        ],
        doc_number="金经信办建〔2023〕22号",
        index_number="1133070000259288XD/2023-04645",
        doc_type="suggestion_reply",
        doc_type_label="建议答复",
        region="浙江省金华市",
        region_path=["浙江省", "金华市"],
    ),
]


@pytest.fixture
def records() -> list[dict]:
    return copy.deepcopy(RECORDS)


@pytest.fixture
def records_dir(tmp_path, records) -> Path:
    out = tmp_path / "records"
    out.mkdir()
    for record in records:
        (out / f"{record['slug']}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def tiny_model_file(tmp_path_factory) -> Path:
    from build_scripts.variants.tiny_model import build_tiny_argosmodel

    return build_tiny_argosmodel(tmp_path_factory.mktemp("tiny") / "tiny-zh_en.argosmodel", REPO / "source")


@pytest.fixture
def tiny_packages_dir(tmp_path, tiny_model_file) -> Path:
    from build_scripts.variants import argos_setup

    packages = tmp_path / "argos-packages"
    argos_setup.install_file(tiny_model_file, packages)
    return packages
