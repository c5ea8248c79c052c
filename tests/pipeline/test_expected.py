"""Every page in tests/data/expected.yaml: the fields a reader verified, chrome gone, text kept.

Nothing here passes by not looking: every entry must state every field of FIELDS (an explicit
null where the page does not state it) and a heading expectation, or its test fails naming the
file and what it lacks.
"""
import pytest
import yaml

from .conftest import ROOT

EXPECTED = yaml.safe_load((ROOT / "tests" / "data" / "expected.yaml").read_text(encoding="utf-8"))
FIELDS = ("title", "title_derived", "agency", "date", "publication_date", "doc_number", "index_number",
          "addressee", "doc_type", "region")
HEADING_KEYS = ("headings", "first_heading", "last_heading", "not_headings")
# `known_misses: {field: why}`: the reader's value stands, the program is known to get it wrong;
# the test fails as soon as it gets it right, so the mark cannot outlive the bug
KNOWN_KEYS = {"file", "keep", "remove", "known_misses", *FIELDS, *HEADING_KEYS}


def value(record, field):
    """A record's field, whether the record is a dict or a `Record` object."""
    return record[field] if isinstance(record, dict) else getattr(record, field)


def heading_texts(record) -> list[str]:
    """The record's headings' texts: each heading a {level, text} dict or an object with .text."""
    return [h["text"] if isinstance(h, dict) else h.text for h in value(record, "headings")]


def _ids(entry):
    return entry["file"].rsplit("/", 1)[-1]


def test_there_are_entries():
    """An empty or unreadable expected.yaml would leave every test below with nothing to run."""
    assert isinstance(EXPECTED, list) and EXPECTED, "tests/data/expected.yaml lists no pages"


@pytest.mark.parametrize("entry", EXPECTED, ids=_ids)
def test_entry_states_every_field(entry):
    """An entry that omits a field is not 'unchecked': it is incomplete (write null if the page is silent)."""
    missing = [field for field in FIELDS if field not in entry]
    assert not missing, "; ".join(
        f"{entry['file']}: no `{field}` (state the page's value, or null where the page does not state it)"
        for field in missing)


@pytest.mark.parametrize("entry", EXPECTED, ids=_ids)
def test_entry_has_a_heading_expectation(entry):
    """`headings` (the full list; [] for a document with no numbered headings) or first + last heading."""
    if "headings" in entry:
        assert isinstance(entry["headings"], list), f"{entry['file']}: `headings` must be a list"
    else:
        missing = [key for key in ("first_heading", "last_heading") if key not in entry]
        assert not missing, (f"{entry['file']}: no heading expectation: give `headings` "
                             f"(or [] when there are none) or both first_heading and last_heading "
                             f"(missing: {', '.join(missing)})")


@pytest.mark.parametrize("entry", EXPECTED, ids=_ids)
def test_entry_has_no_unknown_keys(entry):
    """A misspelt key (`first_headings`, `doc_numer`) would silently check nothing."""
    unknown = sorted(set(entry) - KNOWN_KEYS)
    assert not unknown, f"{entry['file']}: unknown keys {unknown}"
    assert (ROOT / entry["file"]).is_file(), f"{entry['file']}: no such file"


@pytest.mark.parametrize("entry", EXPECTED, ids=_ids)
def test_fields(entry, records):
    record = records(ROOT / entry["file"])
    known = entry.get("known_misses") or {}
    assert set(known) <= set(FIELDS), f"{entry['file']}: known_misses names no field"
    wrong = []
    for field in FIELDS:
        if field not in entry:
            pytest.fail(f"{entry['file']}: no `{field}` in expected.yaml")
        if field in known and value(record, field) == entry[field]:
            wrong.append(f"{field}: now right; remove it from known_misses")
        elif field not in known and value(record, field) != entry[field]:
            wrong.append(f"{field}: expected {entry[field]!r}, got {value(record, field)!r}")
    assert not wrong, f"{entry['file']}: " + "; ".join(wrong)


@pytest.mark.parametrize("entry", EXPECTED, ids=_ids)
def test_headings(entry, records):
    headings = heading_texts(records(ROOT / entry["file"]))
    if not ("headings" in entry or ("first_heading" in entry and "last_heading" in entry)):
        pytest.fail(f"{entry['file']}: no heading expectation in expected.yaml")
    if "headings" in entry:
        assert headings == entry["headings"]
    if "first_heading" in entry:
        assert headings, f"{entry['file']}: no headings found, expected first {entry['first_heading']!r}"
        assert headings[0] == entry["first_heading"]
    if "last_heading" in entry:
        assert headings, f"{entry['file']}: no headings found, expected last {entry['last_heading']!r}"
        assert headings[-1] == entry["last_heading"]
    for text in entry.get("not_headings", []):
        assert not any(h.startswith(text) for h in headings)


@pytest.mark.parametrize("entry", EXPECTED, ids=_ids)
def test_chrome_removed_and_text_kept(entry, records):
    record = records(ROOT / entry["file"])
    body = value(record, "body")
    for text in entry["keep"]:
        assert text in body, text
    for text in entry["remove"]:
        assert text not in body, text
    # what was removed is accounted for, each line with the rule that removed it
    assert all(value(item, "rule") for item in value(record, "removed"))


def test_every_page_is_annotated():
    """Every seed and development page has an evaluation annotation (expect/<stem>.json)."""
    for folder, annotations in ((ROOT / "source", ROOT / "tests" / "data" / "seeds" / "expect"),
                                (ROOT / "tests" / "data" / "devset", ROOT / "tests" / "data" / "devset" / "expect")):
        pages = {p.stem for p in folder.glob("*.txt")}
        assert pages and pages <= {p.stem for p in annotations.glob("*.json")}
