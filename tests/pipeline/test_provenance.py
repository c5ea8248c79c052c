"""The provenance manifest beside the sources: every form it may take gives the same values to the
same records, a row that cannot be read is named by file and line while the rest is built, and a
changed row changes the record even when the record comes from the store."""
import json
import shutil
import subprocess
import sys

import pytest

from build_scripts.incremental import Store
from build_scripts.provenance import load_manifest, parse_date
from build_scripts.read import source_files
from build_scripts.records import make_records

from .conftest import ROOT, SEEDS

URL = "https://www.gz.gov.cn/gkmlpt/content/9/9213/post_9213468.html"
EXPECTED = {SEEDS[0].name: {"source_url": URL, "retrieved": "2023-10-26", "source_notes": "first capture"},
            SEEDS[1].name: {"source_url": "http://example.gov.cn/a.html", "retrieved": None, "source_notes": None}}

MANIFESTS = {
    "manifest.tsv": f"file\tsource_url\tretrieved\tnotes\n{SEEDS[0].name}\t{URL}\t2023-10-26\tfirst capture\n"
                    f"{SEEDS[1].name}\thttp://example.gov.cn/a.html\t\t\n",
    # another team's column names and order, a BOM and a comment row
    "SOURCES.tsv": f"\ufeffNotes\tURL\tFile\tRetrieved_On\n# a comment\nfirst capture\t{URL}\t{SEEDS[0].name}\t2023年10月26日\n"
                   f"\thttp://example.gov.cn/a.html\t{SEEDS[1].name}\t\n",
    "manifest.yaml": f"{SEEDS[0].name}:\n  source_url: {URL}\n  retrieved: 2023-10-26\n  notes: first capture\n"
                     f"{SEEDS[1].name}: http://example.gov.cn/a.html\n",
    "manifest.yml": f"- file: {SEEDS[0].name}\n  url: {URL}\n  retrieved: 2023/10/26\n  note: first capture\n"
                    f"- file: {SEEDS[1].name}\n  source_url: http://example.gov.cn/a.html\n",
}


def source_folder(tmp_path, manifest_name=None, manifest_text=None):
    src = tmp_path / "src"
    src.mkdir()
    for page in SEEDS[:3]:
        shutil.copy(page, src / page.name)
    if manifest_name:
        (src / manifest_name).write_text(manifest_text, encoding="utf-8")
    return src


def provenance_of(records):
    return {record.source_file: {"source_url": record.source_url, "retrieved": record.retrieved,
                                 "source_notes": record.source_notes} for record in records}


@pytest.mark.parametrize("name", sorted(MANIFESTS))
def test_every_manifest_form_gives_the_records_their_provenance(tmp_path, name):
    src = source_folder(tmp_path, name, MANIFESTS[name])
    manifest = load_manifest(src)
    assert manifest.problems == [] and manifest.warnings == []
    documents, ignored = source_files(src)
    assert ignored == []  # the manifest is not a document, nor an ignored stray file
    records, failures, _ = make_records(documents, manifest=manifest, jobs=1)
    assert failures == []
    found = provenance_of(records)
    assert {name: found[name] for name in EXPECTED} == EXPECTED
    # a file the manifest does not name: every provenance field null, as in its JSON
    unnamed = json.loads(next(r for r in records if r.source_file == SEEDS[2].name).to_json())
    assert (unnamed["source_url"], unnamed["retrieved"], unnamed["source_notes"]) == (None, None, None)


def test_without_a_manifest_the_fields_are_null(tmp_path):
    src = source_folder(tmp_path)
    assert load_manifest(src).path is None
    records, _, _ = make_records(source_files(src)[0], jobs=1)
    assert all(value is None for fields in provenance_of(records).values() for value in fields.values())


def test_rows_that_cannot_be_read_are_named_and_the_rest_applied(tmp_path):
    text = ("file\tsource_url\tretrieved\tnotes\n"
            f"{SEEDS[0].name}\t{URL}\t2023-10-26\tok\n"
            "\thttp://example.gov.cn/nofile.html\t\t\n"  # line 3: no file name
            f"{SEEDS[1].name}\thttp://a.gov.cn/\t2023-01-01\tnotes\tand a stray cell\n"  # line 4
            f"{SEEDS[0].name}\thttp://again.gov.cn/\t\t\n"  # line 5: named twice
            f"{SEEDS[2].name}\t广州市人民政府公报 2023年第5期\tlast spring\t\n")  # not a URL, not a date
    src = source_folder(tmp_path, "manifest.tsv", text)
    manifest = load_manifest(src)
    path = src / "manifest.tsv"
    assert manifest.problems == [f"error: {path} line 3: no file name; row left out",
                                 f"error: {path} line 4: more cells than the header names (a tab in a value?); row left out",
                                 f"error: {path} line 5: {SEEDS[0].name} is named a second time; the first row is kept"]
    assert len(manifest.warnings) == 2 and all(f"{path} line 6" in w for w in manifest.warnings)
    records, failures, _ = make_records(source_files(src)[0], manifest=manifest, jobs=1)
    found = provenance_of(records)
    assert found[SEEDS[0].name]["source_url"] == URL
    assert found[SEEDS[1].name]["source_url"] is None
    # what is not a URL or a date is kept, in the notes, not lost
    assert found[SEEDS[2].name] == {"source_url": None, "retrieved": None,
                                    "source_notes": "source: 广州市人民政府公报 2023年第5期; retrieved: last spring"}


@pytest.mark.parametrize("name, text, problem", [
    ("manifest.tsv", "url\tnotes\nhttp://a.gov.cn/\tx\n", "names no file column"),
    ("manifest.yaml", "- [unclosed\n", "while parsing"),
    ("manifest.yaml", "just a sentence\n", "neither a mapping"),
])
def test_a_manifest_that_cannot_be_read_is_named_and_nothing_is_refused(tmp_path, name, text, problem):
    src = source_folder(tmp_path, name, text)
    manifest = load_manifest(src)
    assert len(manifest.problems) == 1 and str(src / name) in manifest.problems[0] and problem in manifest.problems[0]
    records, failures, _ = make_records(source_files(src)[0], manifest=manifest, jobs=1)
    assert failures == [] and len(records) == 3


def test_a_changed_row_changes_the_stored_record(tmp_path):
    src = source_folder(tmp_path, "manifest.tsv", MANIFESTS["manifest.tsv"])
    store = Store(tmp_path / "store")
    first, _, _ = make_records(source_files(src)[0], store=store, manifest=load_manifest(src), jobs=1)
    (src / "manifest.tsv").write_text(MANIFESTS["manifest.tsv"].replace("first capture", "second capture"), encoding="utf-8")
    second, _, stored = make_records(source_files(src)[0], store=store, manifest=load_manifest(src), jobs=1)
    assert provenance_of(second)[SEEDS[0].name]["source_notes"] == "second capture"
    assert json.loads(stored[first[0].slug].read_text(encoding="utf-8"))["source_notes"] == "second capture"


def test_the_records_command_reads_the_manifest_and_names_a_bad_row(tmp_path):
    text = MANIFESTS["manifest.tsv"] + "\thttp://example.gov.cn/nofile.html\t\t\n" + "gone.txt\thttp://b.gov.cn/\t\t\n"
    src, out = source_folder(tmp_path, "manifest.tsv", text), tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "build_scripts", "records", str(src), str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1  # a row was left out: said, and the records are all written
    assert f"error: {src / 'manifest.tsv'} line 4: no file name" in result.stderr
    assert f"warning: {src / 'manifest.tsv'}: gone.txt is not among the sources" in result.stderr
    assert len(list(out.glob("*.json"))) == 3
    record = json.loads((out / f"{SEEDS[0].stem}.json").read_text(encoding="utf-8"))
    assert (record["source_url"], record["retrieved"]) == (URL, "2023-10-26")


def test_the_development_set_sources_file_is_a_manifest():
    manifest = load_manifest(ROOT / "tests" / "data" / "devset")
    assert manifest.problems == [] and manifest.warnings == []
    pages = source_files(ROOT / "tests" / "data" / "devset")[0]
    assert set(manifest.entries) == {page.name for page in pages}
    assert all(entry.source_url.startswith("http") for entry in manifest.entries.values())


@pytest.mark.parametrize("written, iso", [
    ("2023-10-26", "2023-10-26"), ("2023年10月26日", "2023-10-26"), ("2023.1.5", "2023-01-05"),
    ("20231026", "2023-10-26"), ("2023-10-26T08:30:00+08:00", "2023-10-26"), ("26 October 2023", "2023-10-26")])
def test_retrieval_dates_as_archivists_write_them(written, iso):
    assert parse_date(written) == iso


@pytest.mark.parametrize("written", ["2023", "last spring", "2023-13-40"])
def test_what_is_not_a_whole_date_is_refused(written):
    with pytest.raises((ValueError, OverflowError)):
        parse_date(written)
