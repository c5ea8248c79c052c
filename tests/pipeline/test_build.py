"""`build` passes its stages' results in memory and writes each record, variant and page once:
the outputs are the files of the stores, linked, not copies written again."""
import json
import os
import shutil
import subprocess
import sys

from build_scripts.record import Record

from .conftest import ROOT, SEEDS


def test_each_record_variant_and_page_is_written_once(tmp_path):
    (tmp_path / "source").mkdir()
    for seed in SEEDS:
        shutil.copy(seed, tmp_path / "source" / seed.name)
    work = tmp_path / "work"
    result = subprocess.run([sys.executable, "-m", "build_scripts", "build", "--source", str(tmp_path / "source"),
                             "--docs", str(tmp_path / "docs"), "--site", str(tmp_path / "site"), "--work", str(work)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    outputs = sorted((work / "records").glob("*.json")) + sorted((work / "variants").rglob("*.json"))
    assert len(outputs) == 4 * len(SEEDS)
    # and each document's page and downloads in every language
    outputs += [path for path in sorted((tmp_path / "docs").rglob("*"))
                if path.is_file() and path.parent.name in ("documents", "downloads")]
    assert len(outputs) == 4 * len(SEEDS) + 3 * 6 * len(SEEDS)  # a page, .txt, .json, .bib, .ris, .csl.json
    stored = {(path.stat().st_dev, path.stat().st_ino) for path in (work / "cache").rglob("*")
              if path.is_file() and path.name != "entry.json"}
    for path in outputs:
        # one file with two names: the store's entry and the output
        assert (path.stat().st_dev, path.stat().st_ino) in stored and path.stat().st_nlink == 2, path
    # the record on disk is the record the stages passed on
    record = Record.from_json((work / "records" / f"{SEEDS[1].stem}.json").read_text(encoding="utf-8"))
    assert record.agency == "揭阳市工业和信息化局" and record.to_json() == \
        (work / "records" / f"{SEEDS[1].stem}.json").read_text(encoding="utf-8")
    english = json.loads((work / "variants" / "en" / f"{SEEDS[1].stem}.json").read_text(encoding="utf-8"))
    assert english["lang"] == "en" and english["agency"].startswith("Jieyang")
    # the pages carry the metadata the site's hooks read: nothing else is read back
    page = (tmp_path / "docs" / "en" / "documents" / f"{SEEDS[1].stem}.md").read_text(encoding="utf-8")
    assert "agency: Jieyang" in page and "translation_missing: true" in page
    assert not any(name.endswith(".json") for _, _, names in os.walk(tmp_path / "docs" / "en" / "documents")
                   for name in names)
