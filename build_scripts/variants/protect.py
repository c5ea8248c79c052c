"""Spans of text that no converter or model may change, and placeholders for them.

``find_spans(text)`` finds, in priority order: document numbers (金经信办建〔2023〕22号),
phone numbers, dates, percentages and amounts with units, numbered references
(第1019号), Latin/alphanumeric runs (PE, 2+4+X, 1133070000259288XD/2023-04645) and bare
numbers; with a glossary, also glossary terms.  Each span carries the exact English it
must become (``100万元`` → ``1 million yuan``, ``2023年7月13日`` → ``13 July 2023``,
document numbers and Latin text unchanged).

Traditional conversion leaves the spans untouched.  Machine translation replaces each
span with a placeholder ``[P<n>]`` before the model sees the text and puts the English
back afterwards (``restore``): a placeholder the model mangled in spacing or bracket
width is still recognised, one it dropped is appended at the end of the paragraph in
parentheses, and one it repeated is kept once — so every protected number, date,
document number and glossary term is in the output exactly once, whatever the model did.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from build_scripts.variants.glossary import Glossary

_CJK = r"\u3400-\u9fff"
# characters that end the words before a document number rather than start its prefix
_DOC_STOP = "的和及与或在对按据照依见以将把是为了即"
NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # doc_number | phone | date | amount | percent | ref | latin | number | term
    text: str
    en: str


def _month(m: str) -> str | None:
    n = int(m)
    return MONTHS[n - 1] if 1 <= n <= 12 else None


def _date_full(m: re.Match) -> str | None:
    month = _month(m.group(2))
    return f"{int(m.group(3))} {month} {m.group(1)}" if month else None


def _date_ym(m: re.Match) -> str | None:
    month = _month(m.group(2))
    return f"{month} {m.group(1)}" if month else None


def _date_md(m: re.Match) -> str | None:
    month = _month(m.group(1))
    return f"{int(m.group(2))} {month}" if month else None


def _month_range(m: re.Match) -> str | None:
    a, b = _month(m.group(1)), _month(m.group(2))
    return f"{a}–{b}" if a and b else None


def format_decimal(value: Decimal) -> str:
    """1000000 → '1,000,000'; 41400.0 → '41,400'; 0.50 → '0.5' (exact, no rounding)."""
    value = value.normalize()
    sign, digits, exponent = value.as_tuple()
    if exponent >= 0:
        return f"{int(value):,}"
    integer, _, fraction = f"{value:f}".partition(".")
    return f"{int(integer):,}.{fraction}" if integer not in ("", "-") else f"{value:f}"


def english_amount(number: str, factor: int, unit: str) -> str:
    """Scale a number exactly and name it in English: ('2006', 1e8, 'yuan') → '200.6 billion yuan'."""
    try:
        value = Decimal(number.replace(",", "")) * factor
    except InvalidOperation:  # pragma: no cover - regex guarantees digits
        return f"{number} {unit}".strip()
    words = ""
    for scale, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if factor > 1 and value >= scale:
            value = value / scale
            words = word
            break
    text = format_decimal(value)
    return " ".join(part for part in (text, words, unit) if part)


def _rules(glossary: Glossary | None):
    """(kind, compiled regex, english(match) -> str | None) in priority order."""
    rules = [
        (
            "doc_number",
            re.compile(
                rf"(?:(?![{_DOC_STOP}])[{_CJK}]){{1,10}}[〔［\[【(（]\s*(?:19|20)\d{{2}}\s*[〕］\]】)）]\s*第?\s*\d+\s*[号號]"
            ),
            lambda m: m.group(0),
        ),
        (
            "phone",
            re.compile(r"(?<![\d.])(?:0\d{2,3}[-－—–]?\d{7,8}(?:[-－]\d{1,5})?|1[3-9]\d{9}|[48]00[-－]?\d{3}[-－]?\d{4})(?![\d.])"),
            lambda m: m.group(0),
        ),
        ("date", re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), _date_full),
        ("date", re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?!\d)"), _date_ym),
        ("date", re.compile(r"(?<!\d)(\d{1,2})\s*[-—–至~～]\s*(\d{1,2})\s*月(?![\d份])"), _month_range),
        ("date", re.compile(r"(?<![\d.])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"), _date_md),
        ("date", re.compile(r"((?:19|20)\d{2})\s*年(?![\d度])"), lambda m: m.group(1)),
        ("date", re.compile(r"((?:19|20)\d{2})\s*年度"), lambda m: m.group(1)),
        (
            "percent",
            re.compile(rf"(?<![\d.])({NUM})\s*[%％](?:\s*[-—–~～至]\s*({NUM})\s*[%％])?"),
            lambda m: f"{m.group(1)}%" + (f"–{m.group(2)}%" if m.group(2) else ""),
        ),
        (
            "ref",
            re.compile(r"第\s*(\d+)\s*号"),
            lambda m: f"No. {m.group(1)}",
        ),
    ]
    units = (glossary.units if glossary else {}) or {}
    if units:
        alt = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
        rules.append(
            (
                "amount",
                re.compile(rf"(?<![\d.])({NUM})\s*({alt})"),
                lambda m: english_amount(m.group(1), *units[m.group(2)]),
            )
        )
    rules += [
        (
            "latin",
            re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z0-9+\-/._]*[A-Za-z])[A-Za-z0-9]+(?:[-+/._&][A-Za-z0-9]+)*"),
            lambda m: m.group(0),
        ),
        ("number", re.compile(rf"(?<![\d.]){NUM}"), lambda m: m.group(0)),
    ]
    if glossary is not None and glossary.term_pattern is not None:
        rules.append(("term", glossary.term_pattern, lambda m: glossary.terms[m.group(0)]))
    return rules


_RULE_CACHE: dict[int, list] = {}


def find_spans(text: str, glossary: Glossary | None = None, kinds: set[str] | None = None) -> list[Span]:
    """Non-overlapping protected spans of ``text``, in text order."""
    key = id(glossary)
    rules = _RULE_CACHE.get(key)
    if rules is None:
        rules = _RULE_CACHE[key] = _rules(glossary)
    taken = [False] * len(text)
    spans: list[Span] = []
    for kind, pattern, english in rules:
        if kinds is not None and kind not in kinds:
            continue
        for m in pattern.finditer(text):
            start, end = m.span()
            if start == end or any(taken[start:end]):
                continue
            en = english(m)
            if en is None:
                continue
            spans.append(Span(start, end, kind, m.group(0), en))
            for i in range(start, end):
                taken[i] = True
    spans.sort(key=lambda s: s.start)
    return spans


# --- placeholders ----------------------------------------------------------------

PLACEHOLDER = "[P{}]"
_FOUND = re.compile(r"[\[［【]\s*[Pp]\s*(\d+)\s*[\]］】]")


@dataclass
class Masked:
    text: str  # what the model sees
    spans: list[Span]


def mask(text: str, glossary: Glossary) -> Masked:
    spans = find_spans(text, glossary)
    out, pos = [], 0
    for i, span in enumerate(spans):
        out.append(text[pos : span.start])
        out.append(PLACEHOLDER.format(i))
        pos = span.end
    out.append(text[pos:])
    return Masked("".join(out), spans)


_PUNCT = str.maketrans({
    "，": ", ", "。": ". ", "、": ", ", "；": "; ", "：": ": ", "？": "? ", "！": "! ",
    "（": " (", "）": ") ", "“": '"', "”": '"', "‘": "'", "’": "'", "《": '"', "》": '"',
    "〔": "[", "〕": "]", "【": "[", "】": "]", "—": "–", "～": "–",
})


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"\s+([,.;:?!)\]])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    return text.strip()


def has_cjk(text: str) -> bool:
    return re.search(f"[{_CJK}]", text) is not None


def restore(translated: str, masked: Masked) -> tuple[str, int]:
    """Put the English of every span back; returns (text, number of repairs made)."""
    used: set[int] = set()
    repairs = 0

    def put_back(m: re.Match) -> str:
        nonlocal repairs
        index = int(m.group(1))
        if index >= len(masked.spans) or index in used:
            repairs += 1
            return ""
        used.add(index)
        return masked.spans[index].en

    text = _FOUND.sub(put_back, translated)
    missing = [span.en for i, span in enumerate(masked.spans) if i not in used]
    if missing:
        repairs += len(missing)
        text = text.rstrip() + " (" + "; ".join(missing) + ")"
    return _tidy(text), repairs


def render_without_model(masked: Masked) -> str:
    """A masked text with no Chinese left (a date line, a number) needs no model."""
    text, _ = restore(masked.text.translate(_PUNCT), masked)
    return text
