"""What the exported files hold, worked out from the record's fields (record.py): a field added
there reaches every file and the README, and a test fails until it is described here.

- A field a variant carries into another language (`translate` in its metadata) and `body`
  become one column per language: `title_zh`, `title_zh_hant`, `title_en`, … in the table and
  the CSV; in the JSON Lines file, the record keeps its own and the other languages are added.
- `headings`, `removed` and `lifted` are tables of their own; `blocks` is only in the JSON Lines.
- Lists and dicts are JSON text in the table and the CSV.
"""
from __future__ import annotations

import dataclasses
import functools
import json
from dataclasses import dataclass

from ..record import Record, Variant
from ..settings import LANGUAGES

LANGUAGE_NAMES = {"zh": ("Simplified Chinese", "简体中文"), "zh-Hant": ("Traditional Chinese", "繁体中文"),
                  "en": ("English", "英文")}

# the record's JSON keys: (English, Chinese); a key missing here fails tests/export/test_readme.py
FIELDS: dict[str, tuple[str, str]] = {
    "source_file": ("the source file's name", "源文件名"),
    "slug": ("the document's identifier (the source file's name without .txt); its page is "
             "`documents/<slug>.html`", "文件标识（源文件名去掉 .txt）；页面为 `documents/<slug>.html`"),
    "title": ("the title", "标题"),
    "title_derived": ("true when the page states no title and `title` was made from the proposal it "
                      "answers, its first sentence or the file name (`warnings` says which)",
                      "页面未写标题、`title` 由所答复的提案、首句或文件名推出时为 true（`warnings` 说明来源）"),
    "agency": ("the issuing body", "发文机关"),
    "date": ("the document's date (ISO 8601)", "成文日期（ISO 8601）"),
    "date_source": ("where `date` was read: signature, issue_date or publication_date",
                    "`date` 的来源：signature（落款）、issue_date（成文日期）或 publication_date（发布日期）"),
    "publication_date": ("the date the page says it was published (ISO 8601)", "页面所载发布日期（ISO 8601）"),
    "doc_number": ("the document number as issued, e.g. `金经信办建〔2023〕22号`", "发文字号，如 `金经信办建〔2023〕22号`"),
    "index_number": ("the index number of the government information disclosure catalogue",
                     "政府信息公开目录索引号"),
    "addressee": ("whom the document is addressed to", "主送对象（称呼）"),
    "doc_type": ("the document type's code (build_scripts/data/doc_types.yaml)",
                 "文种代码（见 build_scripts/data/doc_types.yaml）"),
    "doc_type_label": ("the document type's name", "文种名称"),
    "region": ("the region the issuing body belongs to", "发文机关所属地区"),
    "region_path": ("the region from province down, as a list", "地区层级，从省级往下（列表）"),
    "headings": ("the headings: [{level, text}]; level 1 for `一、`, 2 for `（一）`…",
                 "各级标题：[{level, text}]；`一、` 为 1 级，`（一）` 为 2 级……"),
    "body": ("the cleaned text, one paragraph per line", "清理后的正文，每段一行"),
    "blocks": ("the text as blocks in reading order: [{kind, level?, text, run_in?, original?}], kind one "
               "of addressee, heading, paragraph, signature, date, contact, closing",
               "按阅读顺序的正文块：[{kind, level?, text, run_in?, original?}]，kind 为 addressee、heading、"
               "paragraph、signature、date、contact、closing 之一"),
    "removed": ("lines the cleaning removed as page furniture: [{line, rule}]",
                "清理时作为网页杂项删除的行：[{line, rule}]"),
    "lifted": ("lines moved into the metadata: [{line, field}]", "移入元数据的行：[{line, field}]"),
    "page_metadata": ("the page's own information table, label → value as printed",
                      "页面自带的信息栏，标签 → 值（原样）"),
    "source_encoding": ("the source file's character encoding", "源文件字符编码"),
    "warnings": ("what the pipeline could not find or had to guess", "处理过程中未找到或推断的内容"),
    "source_url": ("the address the page was captured from, when known", "原网页地址（如已知）"),
    "retrieved": ("the date the page was captured (ISO 8601), when known", "抓取日期（ISO 8601，如已知）"),
    "source_notes": ("notes on the capture, when any", "抓取说明（如有）"),
    "source_script": ("the script the source is written in: zh-Hans or zh-Hant; the record's own text is "
                      "in it", "源文件的字体：zh-Hans（简体）或 zh-Hant（繁体）；记录本身的文字即为此字体"),
}
VARIANT_FIELDS = {
    "variant": ("how this language's text was made: {method: original | opencc | argos | …, settings, "
                "machine_translated, translation_missing}",
                "该语言文本的生成方式：{method: original | opencc | argos | …, 设置, machine_translated, "
                "translation_missing}"),
}
ADDED = {
    "en_machine_translated": ("true when the English text is a machine translation", "英文为机器翻译时为 true"),
    "en_translation_missing": ("true when no translation was made: the English text is the Chinese",
                               "未能翻译时为 true：英文栏中为中文原文"),
    "en_model": ("the engine and model that made the English, when machine translated",
                 "生成英文的翻译引擎与模型（机器翻译时）"),
}
# the trigram index's columns, in `documents`: titles, names and numbers, and the texts in
# Simplified and English (the Traditional text would double the index for what the
# Simplified one finds, converted)
FTS_COLUMNS = ("title_zh", "title_zh_hant", "title_en", "agency_zh", "agency_en", "doc_number",
               "index_number", "body_zh", "body_en")
# kept out of the table's columns: each is a table of its own, or only in the JSON Lines
OWN_TABLES = ("headings", "removed", "lifted")
JSONL_ONLY = ("blocks",)


def suffix(lang: str) -> str:
    """A language as a column suffix: zh, zh_hant, en."""
    return lang.replace("-", "_").lower()


@functools.lru_cache(maxsize=None)
def record_keys() -> tuple[str, ...]:
    """The record JSON's keys, in its order."""
    return tuple(Record().to_dict())


@functools.lru_cache(maxsize=None)
def translated_fields() -> tuple[str, ...]:
    """The fields each language has its own value of: the translated ones and the body."""
    names = {spec.name for spec in dataclasses.fields(Record) if spec.metadata.get("translate")}
    return tuple(key for key in record_keys() if key in names or key == "body")


def _is_structured(name: str) -> bool:
    value = getattr(Record(), name) if name not in ("headings", "body") else None
    return isinstance(value, (list, dict))


@dataclass(frozen=True)
class Column:
    name: str
    type: type  # str, int (booleans), or str holding JSON
    field: str  # the record's field (or added key) it comes from
    lang: str | None = None  # the language whose variant it is read from
    json: bool = False

    def describe(self, language: int) -> str:
        """Its description; language 0: English, 1: Chinese."""
        text = {**FIELDS, **VARIANT_FIELDS, **ADDED}.get(self.field, ("", ""))[language]
        if self.lang:
            text += f" ({LANGUAGE_NAMES[self.lang][0]})" if language == 0 else f"（{LANGUAGE_NAMES[self.lang][1]}）"
        if self.json:
            text += ", JSON" if language == 0 else "，JSON"
        return text


@functools.lru_cache(maxsize=None)
def document_columns() -> tuple[Column, ...]:
    """The `documents` table's columns: the slug, then the record's fields in its order, each
    translated one and the body once per language, then how each language was made."""
    types = {spec.name: spec.type for spec in dataclasses.fields(Record)}
    columns = [Column("slug", str, "slug")]
    for key in record_keys():
        if key == "slug" or key in OWN_TABLES or key in JSONL_ONLY:
            continue
        structured = _is_structured(key)
        kind = int if types.get(key) == "bool" else str
        if key in translated_fields():
            columns += [Column(f"{key}_{suffix(lang)}", kind, key, lang, structured) for lang in LANGUAGES]
        else:
            columns.append(Column(key, kind, key, None, structured))
    columns += [Column("en_machine_translated", int, "en_machine_translated"),
                Column("en_translation_missing", int, "en_translation_missing"),
                Column("en_model", str, "en_model")]
    columns += [Column(f"variant_{suffix(lang)}", str, "variant", lang, True) for lang in LANGUAGES]
    return tuple(columns)


def csv_columns() -> tuple[Column, ...]:
    """The CSV's columns: the table's, without the texts and how they were made."""
    return tuple(column for column in document_columns() if column.field not in ("body", "variant"))


def original_lang(record: Record) -> str:
    """The language whose variant is the record itself: the script its source is written in
    (variants.original_lang, not imported: that package loads the translation stack)."""
    return "zh-Hant" if record.source_script == "zh-Hant" else "zh"


def english_facts(variants: dict[str, Variant]) -> dict:
    english = variants.get("en")
    if english is None:
        return {"en_machine_translated": None, "en_translation_missing": None, "en_model": None}
    made_by = english.variant.get("translator") or english.variant.get("model")
    return {"en_machine_translated": english.machine_translated,
            "en_translation_missing": english.translation_missing,
            "en_model": made_by if english.machine_translated else None}


def _cell(value, column: Column):
    if value is None:
        return None
    if column.json:
        return json.dumps(value, ensure_ascii=False)
    return int(value) if column.type is int else value


def document_row(record: Record, variants: dict[str, Variant], columns=None) -> dict:
    """One document's row of the table (or of the CSV, with its `columns`)."""
    english = english_facts(variants)
    row = {}
    for column in columns or document_columns():
        if column.field in ADDED:
            value = english[column.field]
        elif column.lang is not None:
            variant = variants.get(column.lang)
            value = None if variant is None else getattr(variant, column.field)
        else:
            value = getattr(record, column.field)
        row[column.name] = _cell(value, column)
    return row


def jsonl_object(record: Record, variants: dict[str, Variant]) -> dict:
    """The record's JSON object as it is, then, for each other language, its text fields and how
    it was made (`title_en`, `body_en`, `variant_en`, …), then the English facts."""
    line = record.to_dict()
    own = original_lang(record)
    for lang in LANGUAGES:
        variant = variants.get(lang)
        if lang == own or variant is None:
            continue
        for key in translated_fields():
            line[f"{key}_{suffix(lang)}"] = getattr(variant, key)
        line[f"variant_{suffix(lang)}"] = variant.variant
    line.update(english_facts(variants))
    return line


def jsonl_added_keys() -> list[tuple[str, str, str]]:
    """(key, English, Chinese) of what a line adds to the record, with <lang> for the language."""
    rows = [(f"{key}_<lang>", *FIELDS[key]) for key in translated_fields()]
    rows.append(("variant_<lang>", *VARIANT_FIELDS["variant"]))
    rows += [(key, *text) for key, text in ADDED.items()]
    return rows


# the other tables: name → (key, [(column, type, English, Chinese)], English, Chinese)
def child_tables() -> dict:
    texts = [(f"text_{suffix(lang)}", "text", f"the heading ({LANGUAGE_NAMES[lang][0]})",
              f"标题文字（{LANGUAGE_NAMES[lang][1]}）") for lang in LANGUAGES]
    slug = ("slug", "text", "the document (documents.slug)", "所属文件（documents.slug）")
    position = ("position", "integer", "its place in the list, from 0", "在列表中的位置，从 0 起")
    return {
        "headings": ([slug, position, ("level", "integer", "1 for 一、, 2 for （一）, …", "一、为 1，（一）为 2，……"),
                      *texts], "the headings of each document, in order", "各文件的标题，按顺序"),
        "removed": ([slug, position, ("line", "text", "the line as the page had it", "原网页上的该行"),
                     ("rule", "text", "the cleaning rule that removed it (build_scripts/data/chrome.yaml)",
                      "删除该行的清理规则（见 build_scripts/data/chrome.yaml）")],
                    FIELDS["removed"][0], FIELDS["removed"][1]),
        "lifted": ([slug, position, ("line", "text", "the line as the page had it", "原网页上的该行"),
                    ("field", "text", "the field it fed", "该行写入的字段")],
                   FIELDS["lifted"][0], FIELDS["lifted"][1]),
    }


# the tables a document's row does not feed: name → [(column, type, English, Chinese)]
OTHER_TABLES = {
    "words": [("slug", "text", "the document (documents.slug)", "所属文件（documents.slug）"),
              ("title", "text", "its Simplified title cut into words, separated by spaces",
               "简体标题的分词结果，以空格分隔"),
              ("body", "text", "its Simplified text cut into words, separated by spaces; one line per paragraph",
               "简体正文的分词结果，以空格分隔，每段一行")],
    "meta": [("key", "text", "what the value is", "项目"), ("value", "text", "the value", "值")],
}


def child_rows(record: Record, variants: dict[str, Variant]) -> dict[str, list[dict]]:
    """{table: rows} of one document."""
    headings = {lang: variant.headings for lang, variant in variants.items()}
    rows = {"headings": [], "removed": [], "lifted": []}
    for position, heading in enumerate(record.headings):
        row = {"slug": record.slug, "position": position, "level": heading["level"]}
        for lang in LANGUAGES:
            theirs = headings.get(lang) or []
            # a variant has one block per block of the record, so its headings line up
            row[f"text_{suffix(lang)}"] = theirs[position]["text"] if len(theirs) == len(record.headings) else None
        rows["headings"].append(row)
    for table, other in (("removed", "rule"), ("lifted", "field")):
        for position, item in enumerate(getattr(record, table)):
            rows[table].append({"slug": record.slug, "position": position, "line": item.get("line"),
                                other: item.get(other)})
    return rows
