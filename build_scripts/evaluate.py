"""Evaluate the records stage against annotated pages (after trafilatura's evaluation).

An annotation (`EXPECT_DIR/<stem>.json`) says what a careful archivist found on the page: the
document's fields, the lines that are page chrome, fragments the body must keep, and the real
section headings. Every comparison is made after NFKC with all whitespace removed, because the
stored whitespace may differ from the page's (NBSP, U+3000).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = ("title", "agency", "date", "doc_number", "addressee")
# what each line of the report counts, in order; `files` counts 1 for a page with a record
COUNTS = ("files", "fields", "chrome", "body", "headings")


def normalise(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@dataclass
class PageScore:
    stem: str
    passed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    misses: list[str] = field(default_factory=list)

    def check(self, count: str, ok: bool, miss: str) -> None:
        self.total[count] += 1
        if ok:
            self.passed[count] += 1
        else:
            self.misses.append(f"{count}: {miss}")


def field_matches(name: str, expected: str | None, record: dict) -> bool:
    if name == "title" and expected is None:
        return bool(record.get("title_derived"))  # a derived title is honest; a claimed one is not
    if name == "title" and record.get("title_derived"):
        return False
    return normalise(expected) == normalise(record.get(name)) if expected is not None else record.get(name) is None


def score_page(stem: str, expect: dict, record: dict | None, problem: str | None = None) -> PageScore:
    """Count one page's checks; a page without a record fails every check it has."""
    score = PageScore(stem)
    score.check("files", record is not None, problem or "no record")
    kept = record is not None
    record = record or {}
    for name in FIELDS:
        score.check("fields", kept and field_matches(name, expect.get(name), record),
                    f"{name} = {record.get(name)!r}, annotated {expect.get(name)!r}")
    body = normalise(record.get("body"))
    for line in expect.get("chrome_lines", []):
        score.check("chrome", kept and normalise(line) not in body, f"still in body: {line}")
    for fragment in expect.get("body_must_keep", []):
        score.check("body", kept and normalise(fragment) in body, f"lost from body: {fragment}")
    found = [normalise(h["text"]) for h in record.get("headings", [])]
    for heading in expect.get("headings", []):
        score.check("headings", normalise(heading) in found, f"heading not found: {heading}")
    return score


def evaluate(raw_dir: Path, expect_dir: Path) -> list[PageScore]:
    """Run the records stage on every annotated page of raw_dir and score each record."""
    from .read import source_files
    from .records import make_records

    annotations = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(expect_dir.glob("*.json"))}
    records, failures, _ = make_records(source_files(raw_dir)[0], jobs=1)
    # the record JSON, as archivists get it, is what is scored
    by_source = {Path(record.source_file).stem: json.loads(record.to_json()) for record in records}
    problems = {Path(failure.source_file).stem: failure.problem for failure in failures}
    return [score_page(stem, expect, by_source.get(stem), problems.get(stem)) for stem, expect in annotations.items()]


def _cell(passed: int, total: int) -> str:
    return f"{passed}/{total}"


def report(scores: list[PageScore], *, verbose: bool = False) -> str:
    width = max((len(score.stem) for score in scores), default=4)
    lines = [f"{'page':<{width}}  " + "  ".join(f"{name:>9}" for name in COUNTS)]
    for score in scores:
        lines.append(f"{score.stem:<{width}}  " + "  ".join(f"{_cell(score.passed[n], score.total[n]):>9}" for n in COUNTS))
        if verbose:
            lines.extend(f"{'':<{width}}    - {miss}" for miss in score.misses)
    lines.append(summary(scores))
    return "\n".join(lines)


def totals(scores: list[PageScore]) -> dict[str, tuple[int, int]]:
    return {name: (sum(s.passed[name] for s in scores), sum(s.total[name] for s in scores)) for name in COUNTS}


def summary(scores: list[PageScore]) -> str:
    parts = []
    for name, (passed, total) in totals(scores).items():
        percent = 100.0 * passed / total if total else 100.0
        parts.append(f"{name} {passed}/{total} ({percent:.1f}%)")
    return f"total ({len(scores)} pages): " + ", ".join(parts)
