"""The last good build is never lost: a build that fails half-way (disk full, killed) leaves
records, docs/ and site/ exactly as they were, and the next build recovers."""
import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS


def tree_digest(*folders: Path) -> dict[str, str]:
    """{folder name/relative path: sha256} of every file below the folders."""
    return {f"{folder.name}/{path.relative_to(folder)}": hashlib.sha256(path.read_bytes()).hexdigest()
            for folder in folders for path in sorted(folder.rglob("*")) if path.is_file()}


def build_args(base: Path) -> list[str]:
    return [sys.executable, "-m", "build_scripts", "build", "--source", str(base / "source"),
            "--docs", str(base / "docs"), "--site", str(base / "site"), "--work", str(base / "work")]


@pytest.fixture
def built(tmp_path):
    """A tmp archive of the seeds, built once for real."""
    (tmp_path / "source").mkdir()
    for seed in SEEDS:
        shutil.copy(seed, tmp_path / "source" / seed.name)
    result = subprocess.run(build_args(tmp_path), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return tmp_path


def outputs(base: Path) -> dict[str, str]:
    return tree_digest(base / "site", base / "docs", base / "work" / "records", base / "work" / "variants")


def change_a_source(base: Path) -> None:
    path = base / "source" / SEEDS[0].name
    path.write_text(path.read_text(encoding="utf-8").replace("供应链", "产业链"), encoding="utf-8")


def _limit_file_size():
    # every file the build writes may be at most 64 KiB: the site's search index is larger,
    # so the site stage fails with "File too large", as it would on a full disk
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_build_that_runs_out_of_space_keeps_the_previous_outputs(built):
    before = outputs(built)
    change_a_source(built)
    result = subprocess.run(build_args(built), cwd=ROOT, capture_output=True, text=True, timeout=600,
                            preexec_fn=_limit_file_size)
    assert result.returncode != 0
    assert outputs(built) == before
    assert not (built / "work" / "staging").exists()


# killed while the pages are written, and while mkdocs builds
@pytest.mark.parametrize("stage_marker", ["staging/docs", "site-units/zh"])
def test_a_killed_build_keeps_the_previous_outputs_and_the_next_one_recovers(built, stage_marker):
    before = outputs(built)
    change_a_source(built)
    process = subprocess.Popen(build_args(built), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    marker = built / "work" / stage_marker
    deadline = time.monotonic() + 120
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)  # mid-build, with its mkdocs children
    process.wait()
    assert outputs(built) == before

    result = subprocess.run(build_args(built), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    page = (built / "docs" / "zh" / "documents" / f"{SEEDS[0].stem}.md").read_text(encoding="utf-8")
    assert "产业链韧性" in page and not (built / "work" / "staging").exists()


def test_an_interrupted_swap_is_repaired(built):
    from build_scripts.files import recover
    site, old = built / "site", built / "site.old"
    before = tree_digest(site)
    os.rename(site, old)  # as if the process died between the two renames of a swap
    recover([site])
    assert tree_digest(site) == before and not old.exists()


def test_a_rebuild_with_nothing_changed_does_nothing_and_any_change_rebuilds(built):
    before = outputs(built)
    again = subprocess.run(build_args(built), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and "nothing changed since the last build" in again.stderr
    assert outputs(built) == before

    change_a_source(built)
    changed = subprocess.run(build_args(built), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert changed.returncode == 0 and "nothing changed since the last build" not in changed.stderr
    assert "产业链韧性" in (built / "docs" / "zh" / "documents" / f"{SEEDS[0].stem}.md").read_text(encoding="utf-8")

    shutil.rmtree(built / "site")  # an output gone missing is built again
    rebuilt = subprocess.run(build_args(built), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert rebuilt.returncode == 0 and (built / "site" / "index.html").is_file()
