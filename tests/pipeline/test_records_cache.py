"""Records are cached by the file and the rules: unchanged inputs are not cleaned again, a changed
file is, and a changed rule set re-cleans everything. Parallel and serial runs agree."""
import shutil

from build_scripts.commands import records

from .conftest import DEVSET, SEEDS


def cache_entries(cache):
    return {path.name for path in cache.rglob("*.json")}


def copy_pages(folder):
    folder.mkdir()
    for page in SEEDS + DEVSET:
        shutil.copy(page, folder / page.name)


def test_unchanged_files_come_from_the_cache(tmp_path):
    src, cache = tmp_path / "src", tmp_path / "cache"
    copy_pages(src)
    first, _ = records.run(src, tmp_path / "out1", cache_dir=cache, jobs=1)
    entries = cache_entries(cache)
    assert len(entries) == len(first) == len(SEEDS + DEVSET)

    second, _ = records.run(src, tmp_path / "out2", cache_dir=cache, jobs=1)
    assert cache_entries(cache) == entries and second == first

    edited = src / SEEDS[1].name
    edited.write_text(edited.read_text(encoding="utf-8").replace("无障碍版\n", ""), encoding="utf-8")
    third, _ = records.run(src, tmp_path / "out3", cache_dir=cache, jobs=1)
    assert len(cache_entries(cache) - entries) == 1
    assert [r for r in third if r["source_file"] == SEEDS[1].name][0]["removed"][0]["line"] != "无障碍版"


def test_a_rule_change_re_cleans_every_document(tmp_path, monkeypatch):
    src, cache = tmp_path / "src", tmp_path / "cache"
    copy_pages(src)
    records.run(src, tmp_path / "out1", cache_dir=cache, jobs=1)
    entries = cache_entries(cache)
    monkeypatch.setattr(records, "rules_fingerprint", lambda: "another rule set")
    records.run(src, tmp_path / "out2", cache_dir=cache, jobs=1)
    assert len(cache_entries(cache) - entries) == len(entries)


def test_parallel_and_serial_runs_write_the_same_records(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for copy in range(10):  # enough files for the process pool to start
        for page in SEEDS + DEVSET:
            shutil.copy(page, src / f"{copy}_{page.name}")
    serial, _ = records.run(src, tmp_path / "serial", jobs=1)
    parallel, _ = records.run(src, tmp_path / "parallel", jobs=2)
    assert serial == parallel
    for path in (tmp_path / "serial").iterdir():
        assert path.read_bytes() == (tmp_path / "parallel" / path.name).read_bytes()
