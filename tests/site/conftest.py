"""Fixtures for the site stage: a sample archive built with real MkDocs, a local
HTTP server, the unpacked offline snapshot, and Debian's Chromium via Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socketserver
import threading
import zipfile
from pathlib import Path

import pytest

from build_scripts.commands import site as site_cmd
from build_scripts.commands import snapshot as snapshot_cmd
from build_scripts.site.sample import write_archive

CHROMIUM = os.environ.get("ARCHIVE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
N_DOCS = 8


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    paths = write_archive(root, N_DOCS)
    timings: dict = {}
    errors = site_cmd.run(paths["variants"], paths["docs"], paths["site"],
                          build_dir=paths["build"], timings=timings)
    assert errors == [], "\n".join(errors)
    paths["timings"] = timings
    paths["root"] = root
    return paths


@pytest.fixture(scope="session")
def snapshot(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("snapshot")
    zpath = out / "archive-snapshot.zip"
    assert snapshot_cmd.run(built["site"], zpath) == []
    unpacked = out / "unpacked"
    with zipfile.ZipFile(zpath) as zf:
        zf.extractall(unpacked)
    return {"zip": zpath, "dir": unpacked / snapshot_cmd.TOP}


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """An HTTP server for directory on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    srv = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}/"
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture(scope="session")
def http_serve():
    """`serve` for tests that build their own site."""
    return serve


@pytest.fixture(scope="session")
def server(built):
    with serve(built["site"]) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium "
                    "and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def bare_archive(tmp_path):
    """A small archive not yet built, for tests that change it before building."""
    return write_archive(tmp_path, 3)


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
