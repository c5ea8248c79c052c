"""Full-text search in archive.sqlite finds Chinese words, terms, document numbers and English.

SQLite's tokenizers do not cut Chinese into words, so there are two indexes:
- documents_fts, trigram: any string of three characters or more (terms, numbers, English);
- words_fts, unicode61 over the text cut by jieba: words, two-character ones included.
Each query must find exactly the documents whose text holds it, no others."""
from __future__ import annotations

import pytest

from build_scripts.export.schema import FTS_COLUMNS

SEED = {name: f"00{index}_{suffix}" for index, (name, suffix) in enumerate([
    ("guangzhou", "bef68711d2b2d5e8"), ("jieyang", "ee64e7c325dd4286"), ("ankang", "425556da689228ab"),
    ("sanming", "67c3b1d2967895e3"), ("jinhua", "a4924afafe98401d")])}


def trigram(database, query: str) -> set[str]:
    quoted = '"' + query.replace('"', '""') + '"'
    return {slug for (slug,) in database.execute(
        "SELECT slug FROM documents WHERE rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)",
        (quoted,))}


def words(database, query: str) -> set[str]:
    return {slug for (slug,) in database.execute(
        "SELECT slug FROM words WHERE rowid IN (SELECT rowid FROM words_fts WHERE words_fts MATCH ?)", (query,))}


def holding(database, query: str) -> set[str]:
    """The documents whose indexed columns hold `query` (case aside): what a search must find."""
    rows = database.execute(f"SELECT slug, {', '.join(FTS_COLUMNS)} FROM documents").fetchall()
    return {slug for slug, *values in rows if any(query.casefold() in (value or "").casefold() for value in values)}


@pytest.mark.parametrize("query, expected", [
    ("融资", set(SEED.values())),
    ("专项", {SEED["guangzhou"], SEED["jieyang"], SEED["ankang"], SEED["sanming"]}),
])
def test_two_character_words_are_found_in_the_word_index(database, query, expected):
    assert words(database, query) == expected == holding(database, query)
    assert trigram(database, query) == set()  # what the word index is for


@pytest.mark.parametrize("query, expected", [
    ("专精特新", set(SEED.values())),
    ("供应链", {SEED["guangzhou"], SEED["jieyang"], SEED["sanming"]}),
    ("金经信办建〔2023〕22号", {SEED["jinhua"]}),
    ("國辦函〔2014〕31號", {"27_govcn_big5_notice"}),  # a number is kept as issued
    ("潼民发【2024】275号", {"14_tongguan_mzj_cppcc_reply"}),
    ("Bureau", {SEED["guangzhou"], SEED["jieyang"], SEED["jinhua"], "14_tongguan_mzj_cppcc_reply"}),
    ("bureau", {SEED["guangzhou"], SEED["jieyang"], SEED["jinhua"], "14_tongguan_mzj_cppcc_reply"}),
    ("Jinhua Municipal", {SEED["jinhua"]}),
])
def test_terms_numbers_and_english_are_found_in_the_trigram_index(database, query, expected):
    assert trigram(database, query) == expected == holding(database, query)


def test_a_column_filter_finds_a_number_where_it_is_the_number(database):
    found = {slug for (slug,) in database.execute(
        "SELECT slug FROM documents WHERE rowid IN (SELECT rowid FROM documents_fts "
        "WHERE documents_fts MATCH 'doc_number : \"金经信办建〔2023〕22号\"')")}
    assert found == {SEED["jinhua"]}


def test_a_long_term_is_a_phrase_of_words_in_the_word_index(database):
    # jieba cuts 专精特新 in two: the word index finds it as the phrase of its parts
    assert words(database, '"专精 特新"') == trigram(database, "专精特新")


def test_the_database_says_how_it_is_searched(database):
    meta = dict(database.execute("SELECT key, value FROM meta"))
    assert "trigram" in meta["documents_fts"] and "jieba" in meta["words_fts"]
    schema = dict(database.execute("SELECT name, sql FROM sqlite_master WHERE name IN ('documents_fts', 'words_fts')"))
    assert "tokenize='trigram'" in schema["documents_fts"] and 'content="documents"' in schema["documents_fts"]
    assert "unicode61" in schema["words_fts"] and 'content="words"' in schema["words_fts"]
