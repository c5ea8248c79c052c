"""Datasette serves archive.sqlite and its JSON API answers real searches: the search box of
`documents` (the trigram index), of `words` (the word index), and SQL with MATCH."""
from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from .test_search import SEED

datasette = pytest.importorskip("datasette.app")


@pytest.fixture(scope="module")
def served(exported, tmp_path_factory):
    """A copy of the file (Datasette may write beside it), served by the real client in-process."""
    folder = tmp_path_factory.mktemp("datasette")
    shutil.copy(exported.folder / "archive.sqlite", folder / "archive.sqlite")
    return datasette.Datasette([str(folder / "archive.sqlite")])


def get(served, path: str):
    response = asyncio.run(served.client.get(path))
    assert response.status_code == 200, response.text
    return response.json()


def slugs(rows) -> set[str]:
    return {row["slug"] for row in rows}


@pytest.mark.parametrize("table, query, expected", [
    ("documents", "专精特新", set(SEED.values())),
    ("documents", "金经信办建〔2023〕22号", {SEED["jinhua"]}),
    ("documents", "Bureau", {SEED["guangzhou"], SEED["jieyang"], SEED["jinhua"], "14_tongguan_mzj_cppcc_reply"}),
    ("words", "专项", {SEED["guangzhou"], SEED["jieyang"], SEED["ankang"], SEED["sanming"]}),
])
def test_the_search_box_of_a_table(served, table, query, expected):
    rows = get(served, f"/archive/{table}.json?_search={urllib.parse.quote(query)}&_shape=array&_col=slug")
    assert slugs(rows) == expected


def test_sql_with_match(served):
    sql = "SELECT slug FROM words WHERE rowid IN (SELECT rowid FROM words_fts WHERE words_fts MATCH :q)"
    rows = get(served, "/archive.json?" + urllib.parse.urlencode({"sql": sql, "q": "融资", "_shape": "array"}))
    assert slugs(rows) == set(SEED.values())


def test_the_tables_and_their_search(served):
    tables = {table["name"]: table for table in get(served, "/archive.json")["tables"]}
    assert {"documents", "headings", "removed", "lifted", "words", "meta"} <= set(tables)
    assert tables["documents"]["fts_table"] == "documents_fts" and tables["words"]["fts_table"] == "words_fts"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_datasette_serve_answers_over_http(exported, tmp_path):
    """The command a reader runs: `datasette serve archive.sqlite`, on the loopback address."""
    shutil.copy(exported.folder / "archive.sqlite", tmp_path / "archive.sqlite")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(tmp_path / "archive.sqlite"),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/archive/documents.json?_search=" + urllib.parse.quote("专精特新") + \
              "&_shape=array&_col=slug"
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
        deadline = time.monotonic() + 30
        while True:
            try:
                with direct.open(url, timeout=5) as response:
                    rows = json.loads(response.read())
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert slugs(rows) == set(SEED.values())
    finally:
        server.terminate()
        server.wait(timeout=10)
