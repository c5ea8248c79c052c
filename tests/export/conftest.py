"""Fixtures of the export tests: the real records of the seeds and a few devset pages (one
in Traditional characters), their variants made without a model (English metadata, Chinese
text), and their exports, each made once per session."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from build_scripts.export import make_exports
from build_scripts.records import make_records

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "source").glob("*.txt"))
# news with neither agency nor addressee (10), a 尊敬的… addressee (03), a 【】 document
# number (14), a page in Traditional characters (27)
DEVSET = [ROOT / "tests" / "data" / "devset" / name for name in (
    "03_gaoping_wtj_npc_reply.txt", "10_govcn_news.txt", "14_tongguan_mzj_cppcc_reply.txt",
    "27_govcn_big5_notice.txt")]
TODAY = "2024-05-06"


def make_corpus(paths: list[Path], scratch: Path):
    """(records, documents[slug][lang]) as the build makes them, with no translation model."""
    from build_scripts.variants import VariantSettings, make_variants

    records, failures, _ = make_records(paths, jobs=1)
    assert failures == []
    with pytest.MonkeyPatch.context() as patch:  # argostranslate's folders, never the user's
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(name, str(scratch / name.lower()))
        patch.setenv("ARGOS_PACKAGES_DIR", str(scratch / "none"))
        documents, report = make_variants(records, VariantSettings(cache_dir=scratch / "cache",
                                                                   packages_dir=scratch / "none"),
                                          jobs=1, log=lambda message: None)
    assert report.errors == []
    return records, documents


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    return make_corpus(SEEDS + DEVSET, tmp_path_factory.mktemp("variants"))


@pytest.fixture
def fresh_corpus(corpus):
    """This test's own copy: change it freely."""
    return copy.deepcopy(corpus)


@pytest.fixture(scope="session")
def exported(corpus, tmp_path_factory):
    records, documents = corpus
    return make_exports(records, documents, tmp_path_factory.mktemp("exports"), today=TODAY, jobs=1)


@pytest.fixture(scope="session")
def database(exported):
    """A read-only connection to the exported archive.sqlite."""
    import sqlite3

    connection = sqlite3.connect(f"file:{exported.folder / 'archive.sqlite'}?mode=ro", uri=True)
    yield connection
    connection.close()
