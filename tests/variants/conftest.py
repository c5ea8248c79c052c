"""Fixtures of the variants tests: no network, a private Argos data dir, real records.

Every test here runs with network sockets and DNS blocked (local AF_UNIX sockets, the
worker pool's plumbing, are allowed); attempts are recorded so a test can
assert that none was made.  argostranslate creates its data/config/cache directories
under XDG_* at import: they point into a temporary directory, never the user's home.

The records are the ones the real records stage (`build_scripts.records.make_records`)
makes from the five seed pages in source/ and a few devset pages, built once per session;
each test gets its own deep copy (`records`) and picks a record by its source file
(`record_of`).
"""
from __future__ import annotations

import copy
import importlib.util
import socket
import tempfile
from pathlib import Path

import pytest

from build_scripts.record import Record
from build_scripts.records import make_records, write_records

_XDG = Path(tempfile.mkdtemp(prefix="variants-xdg-"))

REPO = Path(__file__).resolve().parents[2]

SEEDS = sorted((REPO / "source").glob("*.txt"))
# devset pages with what the seeds lack: closing lines and a 尊敬的… addressee (03), a
# contact line before the addressee and a 【】 document number (14), a date line with no
# Chinese left in it (26), a page in Traditional characters (27), a news item with neither
# agency nor addressee (10)
DEVSET = [REPO / "tests" / "data" / "devset" / name for name in (
    "03_gaoping_wtj_npc_reply.txt", "14_tongguan_mzj_cppcc_reply.txt", "26_fujian_gov_reply.txt",
    "27_govcn_big5_notice.txt", "10_govcn_news.txt",
)]


class NetworkAttempts(list):
    pass


@pytest.fixture(autouse=True)
def private_argos_dirs(monkeypatch):
    """argostranslate reads these at its (first) import, which happens inside a test."""
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(_XDG / name.lower()))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(_XDG / "no-packages"))


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    attempts = NetworkAttempts()

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access is blocked in tests")

    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    # AF_UNIX sockets are local process plumbing (the worker pool's forkserver), not network
    def guarded(original):
        return lambda self, *a: original(self, *a) if self.family == socket.AF_UNIX else refuse(*a)

    monkeypatch.setattr(socket.socket, "connect", guarded(connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(connect_ex))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.fixture(scope="session")
def real_records() -> list[Record]:
    """The records stage's records of the seeds and the devset pages above, made once."""
    records, failures, _ = make_records(SEEDS + DEVSET, jobs=1)
    assert failures == []
    assert [record.source_file for record in records] == [path.name for path in SEEDS + DEVSET]
    assert len({record.slug for record in records}) == len(records)
    return records


@pytest.fixture
def records(real_records) -> list[Record]:
    """This test's own copy of the real records: change them freely."""
    return copy.deepcopy(real_records)


@pytest.fixture
def record_of(records):
    """record_of("001_ee64e7c325dd4286.txt"): the record (in `records`) made from that file."""
    def pick(source_file: str) -> Record:
        found = [record for record in records if record.source_file == source_file]
        assert len(found) == 1, source_file
        return found[0]

    return pick


@pytest.fixture
def records_dir(tmp_path, records) -> Path:
    """The records as the records stage writes them: <slug>.json each."""
    out = tmp_path / "records"
    out.mkdir()
    write_records(records, out)
    assert len(list(out.glob("*.json"))) == len(records)
    return out


def _load_helper(name: str):
    """tests/helpers/<name>.py, loaded by its path: `import tests.helpers` would find the
    top-level `tests` package argostranslate installs into site-packages instead."""
    spec = importlib.util.spec_from_file_location(f"_tests_helpers_{name}", REPO / "tests" / "helpers" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tiny_model(tmp_path_factory, layout: str) -> Path:
    tiny_model = _load_helper("tiny_model")
    return tiny_model.build_tiny_argosmodel(tmp_path_factory.mktemp("tiny") / f"tiny-zh_en-{layout}.argosmodel",
                                            REPO / "source", layout=layout)


@pytest.fixture(scope="session")
def tiny_model_file(tmp_path_factory) -> Path:
    """A tiny package in the layout of the real translate-zh_en 1.9 (stanza/, no spacy/)."""
    return _tiny_model(tmp_path_factory, "argos-1.9")


@pytest.fixture(scope="session")
def tiny_model_file_with_spacy(tmp_path_factory) -> Path:
    """A tiny package that ships its own spaCy pipeline (the layout the tests used first)."""
    return _tiny_model(tmp_path_factory, "spacy")


def _install(model_file: Path, packages: Path) -> Path:
    from build_scripts.variants import argos_setup

    argos_setup.install_file(model_file, packages)
    return packages


@pytest.fixture
def tiny_packages_dir(tmp_path, tiny_model_file) -> Path:
    return _install(tiny_model_file, tmp_path / "argos-packages")


@pytest.fixture(params=["argos-1.9", "spacy"])
def tiny_packages_dir_each_layout(request, tmp_path) -> Path:
    """The tiny package installed, once in each layout."""
    fixture = "tiny_model_file" if request.param == "argos-1.9" else "tiny_model_file_with_spacy"
    return _install(request.getfixturevalue(fixture), tmp_path / "argos-packages")
