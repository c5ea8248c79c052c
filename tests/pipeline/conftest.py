from pathlib import Path

import pytest

from build_scripts.records import build_record

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "source").glob("*.txt"))
DEVSET = sorted((ROOT / "tests" / "data" / "devset").glob("*.txt"))
PAGES = SEEDS + DEVSET


@pytest.fixture(scope="session")
def records():
    """Each page's record, built once per test session."""
    cache: dict[Path, dict] = {}

    def get(path: Path) -> dict:
        if path not in cache:
            cache[path] = build_record(path)
        return cache[path]

    return get
