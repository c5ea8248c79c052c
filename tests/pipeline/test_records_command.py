"""`python -m build_scripts records SRC OUT` as a user runs it: good files written, bad ones named."""
import json
import shutil
import subprocess
import sys

from .conftest import ROOT, SEEDS


def run_records(src, out):
    return subprocess.run([sys.executable, "-m", "build_scripts", "records", str(src), str(out)],
                          cwd=ROOT, capture_output=True, text=True)


def test_records_for_the_seeds(tmp_path):
    result = run_records(ROOT / "source", tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.glob("*.json"))
    assert written == sorted(p.stem + ".json" for p in SEEDS)
    raw = (tmp_path / "004_a4924afafe98401d.json").read_text(encoding="utf-8")
    assert "金华市经济和信息化局" in raw and "\\u" not in raw  # real characters, not escapes
    record = json.loads(raw)
    required = {"source_file", "title", "agency", "date", "doc_number", "index_number", "addressee",
                "doc_type", "region", "headings", "body", "removed", "warnings"}
    assert required <= set(record)


def test_bad_files_are_named_and_the_rest_still_built(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    shutil.copy(SEEDS[0], src / SEEDS[0].name)
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (src / "garbled.txt").write_bytes(b"\xff\x80\xff\x80\xff\x80\x81")
    (src / "untitled.txt").write_text("这是一段没有标题的文字,也没有引用任何提案。\n第二段文字。", encoding="utf-8")
    out.mkdir()
    (out / "kept-from-before.json").write_text("{}", encoding="utf-8")

    result = run_records(src, out)

    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("binary.txt" in e and "binary" in e for e in errors)
    assert any("garbled.txt" in e and "cannot be decoded" in e for e in errors)
    # a page that states no title is still a document: kept, its title derived and said so
    untitled = json.loads((out / "untitled.json").read_text(encoding="utf-8"))
    assert untitled["title_derived"] is True
    assert untitled["title"] == "这是一段没有标题的文字,也没有引用任何提案"
    assert any(w.startswith("title:") for w in untitled["warnings"])
    assert (out / f"{SEEDS[0].stem}.json").exists()
    assert (out / "kept-from-before.json").read_text(encoding="utf-8") == "{}"
    assert not list(out.glob(".*.tmp"))


def test_missing_source_folder(tmp_path):
    result = run_records(tmp_path / "nope", tmp_path / "out")
    assert result.returncode == 2 and "not a folder" in result.stderr
