"""The cleaned page: every line of the source with the role the cleaner gave it."""
from __future__ import annotations

from dataclasses import dataclass, field

# a line's role: document text (body), page chrome (removed) or page metadata (lifted)
BODY, REMOVED, LIFTED = "body", "removed", "lifted"


@dataclass
class Line:
    index: int
    raw: str
    text: str
    role: str = BODY
    rule: str | None = None  # why it was removed
    field: str | None = None  # what it was lifted into
    kind: str | None = None  # what a body line is, where the cleaner knows it: "addressee"

    @property
    def indent(self) -> int:
        return len(self.raw) - len(self.raw.lstrip(" "))

    @property
    def is_body(self) -> bool:
        return self.role == BODY

    def remove(self, rule: str) -> None:
        self.role, self.rule, self.kind = REMOVED, rule, None

    def lift(self, field_name: str) -> None:
        self.role, self.field, self.kind = LIFTED, field_name, None


@dataclass
class TitleMatch:
    text: str
    extractor: str
    positions: list[int] = field(default_factory=list)  # lines (in page.lines) that hold the title
    copies: list[int] = field(default_factory=list)  # lines that print it again, less well
    derived: bool = False


@dataclass
class CleanPage:
    source_file: str
    encoding: str
    lines: list[Line]
    page_info: dict[str, str] = field(default_factory=dict)  # label → value, as the page says
    page_fields: dict[str, str] = field(default_factory=dict)  # record field → value
    title: TitleMatch | None = None
    doc_number: str | None = None  # the document's own number, as printed on it
    inline_removed: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def body(self) -> list[Line]:
        return [line for line in self.lines if line.role == BODY]

    @property
    def addressee(self) -> Line | None:
        return next((line for line in self.lines if line.kind == "addressee"), None)
