"""A failed site build or snapshot never damages what was there; an unchanged archive is not
rebuilt."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from build_scripts.commands import site as site_cmd
from build_scripts.commands import snapshot as snapshot_cmd
from build_scripts.site import fingerprint


def tree(root: Path) -> dict[str, str]:
    """Every file under root (relative path → sha256 of its bytes)."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(root).rglob("*")) if p.is_file()}


def build(archive: dict, site_dir: Path, previous: Path | None = None, timings: dict | None = None):
    return site_cmd.run(archive["variants"], archive["docs"], site_dir, build_dir=archive["build"],
                        previous_site=previous, timings=timings)


def break_a_link(archive: dict) -> None:
    doc = archive["docs"] / "zh-Hant" / "documents" / "sample-chain-chief-notice.md"
    doc.write_text(doc.read_text("utf-8") + "\n[missing](no-such-page.md)\n", "utf-8")


@pytest.fixture
def archive_with_site(bare_archive):
    assert build(bare_archive, bare_archive["site"]) == []
    return bare_archive


def test_a_failing_build_leaves_the_previous_site_byte_for_byte(archive_with_site):
    archive = archive_with_site
    site = archive["site"]
    before = tree(site)
    assert "index.html" in before and fingerprint.FILE_NAME in before
    break_a_link(archive)
    # in place (python -m build_scripts.commands.site --site site) …
    errors = build(archive, site, previous=site)
    assert errors and "no-such-page.md" in "\n".join(errors)
    assert tree(site) == before
    # … and as the build command does it: a fresh staging folder, the real site as previous
    staging = archive["build"] / "staging" / "site"
    errors = build(archive, staging, previous=site)
    assert errors and not staging.exists()
    assert tree(site) == before
    assert not site.with_name(site.name + ".assembling").exists()


def test_unchanged_inputs_skip_the_build_and_a_change_rebuilds(archive_with_site):
    archive = archive_with_site
    site = archive["site"]
    before = tree(site)
    staging = archive["build"] / "staging" / "site"
    timings: dict = {}
    assert build(archive, staging, previous=site, timings=timings) == []
    assert timings["unchanged"] is True and "mkdocs" not in timings
    assert not staging.exists() and tree(site) == before
    # one document page changes: everything is built again, into the staging folder only
    doc = archive["docs"] / "en" / "documents" / "sample-guarantee-suggestion-reply.md"
    doc.write_text(doc.read_text("utf-8") + "\nA sentence added on review.\n", "utf-8")
    timings = {}
    assert build(archive, staging, previous=site, timings=timings) == []
    assert timings["unchanged"] is False and "mkdocs" in timings
    assert "A sentence added on review." in (
        staging / "en" / "documents" / "sample-guarantee-suggestion-reply.html").read_text("utf-8")
    assert tree(site) == before
    assert fingerprint.read(staging) != fingerprint.read(site)


def test_the_fingerprint_follows_the_theme_and_the_records(bare_archive, monkeypatch, tmp_path):
    args = (bare_archive["docs"], bare_archive["variants"])
    base = fingerprint.compute(*args, site_url=None, strict=True)
    assert fingerprint.compute(*args, site_url=None, strict=True) == base
    assert fingerprint.compute(*args, site_url="https://example.org/", strict=True) != base
    assert fingerprint.compute(*args, site_url=None, strict=False) != base
    rec = bare_archive["variants"] / "zh" / "sample-chain-chief-notice.json"
    rec.write_text(rec.read_text("utf-8").replace("明政办", "明政办发"), "utf-8")
    changed = fingerprint.compute(*args, site_url=None, strict=True)
    assert changed != base
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text("{% extends 'base.html' %}\n", "utf-8")
    monkeypatch.setattr(fingerprint, "OVERRIDES", overrides)
    assert fingerprint.compute(*args, site_url=None, strict=True) != changed


def test_a_failing_snapshot_leaves_the_previous_zip(built, tmp_path, monkeypatch):
    out = tmp_path / "dist" / "archive-snapshot.zip"
    assert snapshot_cmd.run(built["site"], out) == []
    before = out.read_bytes()
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    assert f"{snapshot_cmd.TOP}/index.html" in names
    assert not any(n.endswith(fingerprint.FILE_NAME) for n in names)

    real_write, calls = zipfile.ZipFile.write, []

    def disk_full(self, *args, **kwargs):
        calls.append(args)
        if len(calls) > 20:
            raise OSError(28, "No space left on device")
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "write", disk_full)
    errors = snapshot_cmd.run(built["site"], out)
    assert errors and "No space left on device" in errors[0]
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no partial file left

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(zipfile.ZipFile, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        snapshot_cmd.run(built["site"], out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]
