"""Every page in tests/data/expected.yaml: the fields a reader verified, chrome gone, text kept."""
import pytest
import yaml

from .conftest import ROOT

EXPECTED = yaml.safe_load((ROOT / "tests" / "data" / "expected.yaml").read_text(encoding="utf-8"))
FIELDS = ("title", "title_derived", "agency", "date", "publication_date", "doc_number", "index_number",
          "addressee", "doc_type", "region")


def _ids(entry):
    return entry["file"].rsplit("/", 1)[-1]


@pytest.mark.parametrize("entry", EXPECTED, ids=_ids)
def test_fields(entry, records):
    record = records(ROOT / entry["file"])
    for field in FIELDS:
        if field in entry:
            assert record[field] == entry[field], field


@pytest.mark.parametrize("entry", EXPECTED, ids=_ids)
def test_headings(entry, records):
    headings = [h["text"] for h in records(ROOT / entry["file"])["headings"]]
    if "headings" in entry:
        assert headings == entry["headings"]
    if "first_heading" in entry:
        assert headings[0] == entry["first_heading"]
    if "last_heading" in entry:
        assert headings[-1] == entry["last_heading"]
    for text in entry.get("not_headings", []):
        assert not any(h.startswith(text) for h in headings)


@pytest.mark.parametrize("entry", EXPECTED, ids=_ids)
def test_chrome_removed_and_text_kept(entry, records):
    record = records(ROOT / entry["file"])
    for text in entry["keep"]:
        assert text in record["body"], text
    for text in entry["remove"]:
        assert text not in record["body"], text
    # what was removed is accounted for, each line with the rule that removed it
    assert all(item["rule"] for item in record["removed"])


def test_every_page_is_annotated():
    """Every seed and development page has an evaluation annotation (expect/<stem>.json)."""
    for folder, annotations in ((ROOT / "source", ROOT / "tests" / "data" / "seeds" / "expect"),
                                (ROOT / "tests" / "data" / "devset", ROOT / "tests" / "data" / "devset" / "expect")):
        pages = {p.stem for p in folder.glob("*.txt")}
        assert pages and pages <= {p.stem for p in annotations.glob("*.json")}
