"""downloads/README.md: every file and every field, the schema version, how to search. Made from
schema.py (itself made from record.py's fields), so it says what the files hold. One file in
three languages: English, Simplified, and Traditional converted from the Simplified by OpenCC
(s2tw; code, column names and example queries kept as they are)."""
from __future__ import annotations

import re

from . import schema
from .schema import FTS_COLUMNS
from .words import segmenter

# (English, Chinese) of each file; the home page's one-line descriptions are in the labels files
FILE_TEXTS = {
    "archive.jsonl.gz": ("One line per document (gzip-compressed JSON Lines, UTF-8): the record JSON "
                         "exactly as `build/records/<slug>.json` holds it, then the other languages.",
                         "每个文件一行（gzip 压缩的 JSON Lines，UTF-8）：与 `build/records/<slug>.json` 完全相同的记录 JSON，"
                         "其后为另外两种语言。"),
    "archive.sqlite": ("SQLite database of every document in the three languages, with full-text search "
                       "(open it with `sqlite3`, Python, or `datasette archive.sqlite`).",
                       "SQLite 数据库：全部文件的三种语言文本与元数据，带全文检索（可用 `sqlite3`、Python 或 "
                       "`datasette archive.sqlite` 打开）。"),
    "metadata.csv": ("One row per document: the metadata, no texts. UTF-8 with a byte order mark and CRLF "
                     "line ends, so Excel opens it as Unicode; lists are JSON.",
                     "每个文件一行：元数据，不含正文。UTF-8 带 BOM、CRLF 换行，Excel 可直接按 Unicode 打开；"
                     "列表为 JSON。"),
    "README.md": ("This file.", "本说明。"),
}

HEADINGS = {
    "files": ("Files", "文件"), "jsonl": ("archive.jsonl.gz: keys", "archive.jsonl.gz：键"),
    "sqlite": ("archive.sqlite: tables", "archive.sqlite：表"), "search": ("Searching", "检索"),
    "csv": ("metadata.csv", "metadata.csv"), "terms": ("Terms", "说明与许可"),
}

TEXT = {
    "intro": ("Cleaned public documents of Chinese local governments and their departments, in "
              "Simplified Chinese, Traditional Chinese and English, as data. Schema version {version}; "
              "{n} documents. The files change only when the archive does; the schema version changes "
              "when a file's layout does.",
              "中国地方政府及其部门公开文件的整理本，简体、繁体、英文三种版本，以数据形式提供。数据结构版本 "
              "{version}；共 {n} 个文件。档案内容不变时文件不变；文件结构改变时数据结构版本随之改变。"),
    "jsonl": ("Each line is the record JSON object with these keys, in this order (the record's text "
              "is in the script of `source_script`):",
              "每行为记录 JSON 对象，键及顺序如下（记录本身的文字为 `source_script` 所示字体）："),
    "jsonl_added": ("Then, for each of the other two languages (`<lang>`: `zh`, `zh_hant` or `en`; the "
                    "record's own language is not repeated), and the English facts:",
                    "其后为另外两种语言（`<lang>` 为 `zh`、`zh_hant` 或 `en`；记录本身的语言不重复）的字段，以及英文的情况："),
    "documents": ("`documents`: one row per document; primary key `slug`. Each language has its own "
                  "column of every translated field and of the text (`_zh`: Simplified, `_zh_hant`: "
                  "Traditional, `_en`: English); booleans are 1 or 0, lists and dicts JSON text.",
                  "`documents`：每个文件一行，主键 `slug`。每个需翻译的字段和正文在每种语言各有一列"
                  "（`_zh` 简体、`_zh_hant` 繁体、`_en` 英文）；布尔值为 1 或 0，列表与字典为 JSON 文本。"),
    "child": ("`{table}`: {what}; primary key (`slug`, `position`), `slug` references `documents`.",
              "`{table}`：{what}；主键（`slug`, `position`），`slug` 引用 `documents`。"),
    "words": ("`words`: the Simplified title and text of each document cut into words (see Searching); "
              "primary key `slug`, references `documents`.",
              "`words`：各文件简体标题与正文的分词结果（见“检索”）；主键 `slug`，引用 `documents`。"),
    "meta": ("`meta`: key, value: the schema version, the number of documents, how each index was "
             "made.", "`meta`：键、值：数据结构版本、文件数、各索引的生成方式。"),
    "search": ("SQLite's own tokenizers do not cut Chinese into words, so there are two full-text "
               "indexes (FTS5), one for each kind of query:",
               "SQLite 自带的分词器不能切分中文，因此有两个全文索引（FTS5），分别适用于不同的查询："),
    "trigram": ("`documents_fts` (tokenizer `trigram`) over {columns} of `documents`: any string of "
                "**three characters or more** as it appears in the text, case-insensitive: terms "
                "(`专精特新`, `数字化转型`), document numbers (`金经信办建〔2023〕22号`), English "
                "words (`Bureau`). The Chinese texts indexed are Simplified: type Simplified. It does not find one- or two-character strings. Datasette's search box "
                "on the `documents` table uses it.",
                "`documents_fts`（分词器 `trigram`），覆盖 `documents` 的 {columns}：按原文查找**三个字符及以上**"
                "的任意字符串，不区分大小写：术语（`专精特新`、`数字化转型`）、发文字号（`金经信办建〔2023〕22号`）、"
                "英文词（`Bureau`）。所索引的中文正文为简体：请用简体检索。查不到一两个字的字符串。Datasette 中 `documents` 表的搜索框使用此索引。"),
    "words_fts": ("`words_fts` (tokenizer `unicode61`) over the `words` table: the Simplified text cut "
                  "into words by {segmenter}, so a **word of two characters** is found as a word "
                  "(`融资`, `专项`; `融资` does not match `金融资本`). Type one word, or several separated "
                  "by spaces; a longer term may be cut into parts (`专精特新` → `专精 特新`), so search "
                  "terms of three characters or more in `documents_fts`. Datasette's search box on "
                  "the `words` table uses it.",
                  "`words_fts`（分词器 `unicode61`），覆盖 `words` 表：简体文本由 {segmenter} 分词，"
                  "因此**两字词**按词查找（`融资`、`专项`；`融资` 不会匹配 `金融资本`）。输入一个词，或以空格分隔的几个词；"
                  "较长的术语可能被切开（`专精特新` → `专精 特新`），三字及以上请在 `documents_fts` 中查找。"
                  "Datasette 中 `words` 表的搜索框使用此索引。"),
    "like": ("Anything else (one character, the Traditional text): `LIKE` on a column, which reads "
             "every row.", "其他情况（单字、繁体正文）：对列使用 `LIKE`，逐行查找。"),
    "examples": ("Examples (`sqlite3 archive.sqlite`):", "示例（`sqlite3 archive.sqlite`）："),
    "datasette": ("With Datasette (`pip install datasette`, then `datasette archive.sqlite`): "
                  "`/archive/documents?_search=专精特新`, `/archive/words?_search=融资`.",
                  "使用 Datasette（`pip install datasette`，然后 `datasette archive.sqlite`）："
                  "`/archive/documents?_search=专精特新`、`/archive/words?_search=融资`。"),
    "csv": ("Columns: those of `documents` without the texts (`body_*`) and `variant_*`. UTF-8 with "
            "a byte order mark, CRLF line ends, every field quoted where needed (RFC 4180); booleans "
            "are 1 or 0, lists and dicts JSON.",
            "列：`documents` 表除正文（`body_*`）与 `variant_*` 以外的列。UTF-8 带 BOM，CRLF 换行，"
            "按 RFC 4180 加引号；布尔值为 1 或 0，列表与字典为 JSON。"),
    "terms": ("The documents are public documents of Chinese government bodies, as their pages "
              "published them (`source_url`, where known), cleaned of page furniture (`removed` "
              "lists every line taken out). The Chinese text is authoritative. **The English is a "
              "machine translation** (`en_model`), not reviewed by a person, and may be wrong; "
              "where `en_translation_missing` is 1 the English columns hold the Chinese text. The "
              "Traditional text is converted from the Simplified by OpenCC (or the other way round "
              "where `source_script` is zh-Hant). When citing, name the issuing body, the title, the "
              "document number and the date.",
              "所收文件为中国政府机关公开发布的文件（原网页地址见 `source_url`），已清除网页杂项（删除的每一行见 "
              "`removed`）。以中文原文为准。**英文为机器翻译**（`en_model`），未经人工审校，可能有误；"
              "`en_translation_missing` 为 1 时英文栏中为中文原文。繁体由简体经 OpenCC 转换（`source_script` "
              "为 zh-Hant 时反之）。引用时请注明发文机关、标题、发文字号和日期。"),
}

EXAMPLES = """```sql
-- three characters or more: the trigram index
SELECT slug, title_zh FROM documents
 WHERE rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH '"专精特新"');
SELECT slug FROM documents
 WHERE rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'doc_number : "金经信办建〔2023〕22号"');
SELECT slug, agency_en FROM documents
 WHERE rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'Bureau');
-- a word of two characters: the word index
SELECT slug FROM words WHERE rowid IN (SELECT rowid FROM words_fts WHERE words_fts MATCH '融资');
SELECT slug FROM words WHERE rowid IN (SELECT rowid FROM words_fts WHERE words_fts MATCH '融资 AND 专项');
-- anything else
SELECT slug FROM documents WHERE body_zh_hant LIKE '%融資%';
```"""


def _table(header: tuple[str, ...], rows) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def _section(language: int, files: list[tuple[str, int]], version: int, count: int) -> list[str]:
    """The README in English (0) or Simplified Chinese (1)."""
    say = {key: value[language] for key, value in TEXT.items()}
    head = {key: value[language] for key, value in HEADINGS.items()}
    fts_columns = ", ".join(f"`{name}`" for name in FTS_COLUMNS) if language == 0 else \
        "、".join(f"`{name}`" for name in FTS_COLUMNS)
    columns = ("name", "type", "description") if language == 0 else ("名称", "类型", "说明")
    lines = [say["intro"].format(version=version, n=count), "", f"### {head['files']}", ""]
    lines += _table(("file", "bytes", "") if language == 0 else ("文件", "字节", ""),
                    [(f"`{name}`", size, FILE_TEXTS[name][language]) for name, size in files])
    lines += ["", f"### {head['jsonl']}", "", say["jsonl"], ""]
    lines += _table(columns[:1] + columns[2:], [(f"`{key}`", schema.FIELDS[key][language])
                                                for key in schema.record_keys()])
    lines += ["", say["jsonl_added"], ""]
    lines += _table(columns[:1] + columns[2:], [(f"`{key}`", text[language]) for key, *text in
                                                schema.jsonl_added_keys()])
    lines += ["", f"### {head['sqlite']}", "", say["documents"], ""]
    lines += _table(columns, [(f"`{column.name}`", "integer" if column.type is int else "text",
                               column.describe(language)) for column in schema.document_columns()])
    for table, (table_columns, *what) in schema.child_tables().items():
        lines += ["", say["child"].format(table=table, what=what[language]), ""]
        lines += _table(columns, [(f"`{name}`", kind, texts[language]) for name, kind, *texts in table_columns])
    for table, text in (("words", say["words"]), ("meta", say["meta"])):
        lines += ["", text, ""]
        lines += _table(columns, [(f"`{name}`", kind, texts[language])
                                  for name, kind, *texts in schema.OTHER_TABLES[table]])
    lines += ["", f"### {head['search']}", "", say["search"], "",
              f"- {say['trigram'].format(columns=fts_columns)}",
              f"- {say['words_fts'].format(segmenter=segmenter())}", f"- {say['like']}", "",
              say["examples"], "", EXAMPLES, "", say["datasette"], "",
              f"### {head['csv']}", "", say["csv"], "", f"### {head['terms']}", "", say["terms"], ""]
    return lines


def _traditional(text: str) -> str:
    """The Simplified section in Traditional characters: prose converted, code kept, since the
    names and queries must work as written (the indexes hold the Simplified text)."""
    import opencc

    converter = opencc.OpenCC("s2tw.json")
    parts = re.split(r"(```.*?```|`[^`\n]*`)", text, flags=re.S)
    return "".join(part if index % 2 else converter.convert(part) for index, part in enumerate(parts))


def readme(files: list[tuple[str, int]], version: int, count: int) -> str:
    """The README's text; `files`: (name, size) of each file, the README itself with size 0."""
    shown = [(name, size if name != "README.md" else "") for name, size in files]
    simplified = "\n".join(_section(1, shown, version, count))
    lines = ["# Chinese Government Documents Archive: data · 政府文件档案馆：数据 · 政府文件檔案館：資料", "",
             "[English](#english) · [简体中文](#简体中文) · [繁體中文](#繁體中文)", "",
             "## English", "", *_section(0, shown, version, count),
             "## 简体中文", "", simplified, "## 繁體中文", "", _traditional(simplified)]
    return "\n".join(lines).rstrip("\n") + "\n"
