"""Records are kept in a store by the file and the rules: unchanged inputs are not cleaned again, a
changed file is, and a real edit of a rule file re-cleans everything. Parallel and serial runs agree."""
import json
import shutil
import subprocess
import sys

from build_scripts.incremental import Store
from build_scripts.read import source_files
from build_scripts.records import make_records, write_records

from .conftest import DEVSET, ROOT, SEEDS


def store_entries(store_dir):
    return {path.parent.name for path in store_dir.rglob("record.json")}


def copy_pages(folder):
    folder.mkdir()
    for page in SEEDS + DEVSET:
        shutil.copy(page, folder / page.name)


def test_unchanged_files_come_from_the_store(tmp_path):
    src, store = tmp_path / "src", Store(tmp_path / "store")
    copy_pages(src)
    first, _, _ = make_records(source_files(src)[0], store=store, jobs=1)
    entries = store_entries(store.root)
    assert len(entries) == len(first) == len(SEEDS + DEVSET)

    second, _, stored = make_records(source_files(src)[0], store=store, jobs=1)
    assert store_entries(store.root) == entries and second == first
    # written once: the output is the stored file itself, linked
    write_records(second, tmp_path / "out", stored)
    output = tmp_path / "out" / f"{SEEDS[1].stem}.json"
    assert output.samefile(stored[SEEDS[1].stem])

    edited = src / SEEDS[1].name
    edited.write_text(edited.read_text(encoding="utf-8").replace("无障碍版\n", ""), encoding="utf-8")
    third, _, _ = make_records(source_files(src)[0], store=store, jobs=1)
    assert len(store_entries(store.root) - entries) == 1
    assert [r for r in third if r.source_file == SEEDS[1].name][0].removed[0]["line"] != "无障碍版"


MAKE_RECORDS = """
import json, sys
from pathlib import Path
from build_scripts.incremental import Store
from build_scripts.read import source_files
from build_scripts.records import make_records
records, failures, _ = make_records(source_files(Path(sys.argv[1]))[0], store=Store(Path(sys.argv[2])), jobs=1)
print(json.dumps({r.source_file: r.body for r in records}, ensure_ascii=False))
"""


def test_a_real_rule_edit_re_cleans_every_document(tmp_path):
    """A copy of the package, its chrome.yaml edited as an archivist would: a new rule."""
    project, src, store = tmp_path / "project", tmp_path / "src", tmp_path / "store"
    shutil.copytree(ROOT / "build_scripts", project / "build_scripts", ignore=shutil.ignore_patterns("__pycache__"))
    copy_pages(src)

    def run():
        result = subprocess.run([sys.executable, "-c", MAKE_RECORDS, str(src), str(store)], cwd=project,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    before = run()
    entries = store_entries(store)
    assert run() == before and store_entries(store) == entries
    line = "联系人及电话:吴志平 8231630"  # a line of a seed's body
    assert line in before[SEEDS[1].name]
    rules = project / "build_scripts" / "data" / "chrome.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("line_rules:\n", f"""line_rules:
  - name: an_archivists_new_rule
    zone: anywhere
    pattern: '{line}'
    examples: ['{line}']
    keeps: []

""", 1), encoding="utf-8")
    after = run()
    assert len(store_entries(store) - entries) == len(entries)  # every document made again
    assert line not in after[SEEDS[1].name] and line in before[SEEDS[1].name]


def test_parallel_and_serial_runs_write_the_same_records(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for copy in range(10):  # enough files for the process pool to start
        for page in SEEDS + DEVSET:
            shutil.copy(page, src / f"{copy}_{page.name}")
    serial, _, _ = make_records(source_files(src)[0], jobs=1)
    parallel, _, _ = make_records(source_files(src)[0], jobs=2)
    assert serial == parallel
    write_records(serial, tmp_path / "serial")
    write_records(parallel, tmp_path / "parallel")
    for path in (tmp_path / "serial").iterdir():
        assert path.read_bytes() == (tmp_path / "parallel" / path.name).read_bytes()
