"""A failed site build or snapshot never damages what was there; an unchanged archive is not
rebuilt."""

from __future__ import annotations

import dataclasses
import hashlib
import zipfile
from pathlib import Path

import pytest

from build_scripts.render.markdown import render_page
from build_scripts.site import build_sites, fingerprint
from build_scripts.site.snapshot import TOP, write_snapshot
from build_scripts.site.vendor import pinned_versions


def tree(root: Path) -> dict[str, str]:
    """Every file under root (relative path → sha256 of its bytes)."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(root).rglob("*")) if p.is_file()}


def build(archive, site_dir: Path, previous: Path | None = None):
    """The site stage on the pages in the archive's docs folder (`python -m build_scripts site`)."""
    return build_sites(None, archive.docs, site_dir, archive.work, previous_site=previous)


def break_a_link(archive) -> None:
    doc = archive.docs / "zh-Hant" / "documents" / f"{archive.records[0].slug}.md"
    doc.write_text(doc.read_text("utf-8") + "\n[missing](no-such-page.md)\n", "utf-8")


@pytest.fixture
def archive_with_site(bare_archive):
    result = build(bare_archive, bare_archive.site)
    assert result.errors == [] and not result.unchanged
    return bare_archive


def test_a_failing_build_leaves_the_previous_site_byte_for_byte(archive_with_site):
    archive = archive_with_site
    site = archive.site
    before = tree(site)
    assert "index.html" in before and fingerprint.FILE_NAME in before
    break_a_link(archive)
    # in place (python -m build_scripts site --site site) …
    errors = build(archive, site, previous=site).errors
    assert errors and "no-such-page.md" in "\n".join(errors)
    assert tree(site) == before
    # … and as the build command does it: a fresh staging folder, the real site as previous
    staging = archive.work / "staging" / "site"
    errors = build(archive, staging, previous=site).errors
    assert errors and not staging.exists()
    assert tree(site) == before
    assert not site.with_name(site.name + ".assembling").exists()


def test_unchanged_inputs_skip_the_build_and_a_change_rebuilds(archive_with_site):
    archive = archive_with_site
    site = archive.site
    before = tree(site)
    staging = archive.work / "staging" / "site"
    result = build(archive, staging, previous=site)
    assert result.errors == []
    assert result.unchanged is True and "languages" not in result.seconds
    assert not staging.exists() and tree(site) == before
    # one document page changes: everything is built again, into the staging folder only
    slug = archive.records[1].slug
    doc = archive.docs / "en" / "documents" / f"{slug}.md"
    doc.write_text(doc.read_text("utf-8") + "\nA sentence added on review.\n", "utf-8")
    result = build(archive, staging, previous=site)
    assert result.errors == []
    assert result.unchanged is False and "languages" in result.seconds
    assert "A sentence added on review." in (staging / "en" / "documents" / f"{slug}.html").read_text("utf-8")
    assert tree(site) == before
    assert fingerprint.read(staging) != fingerprint.read(site)


PAGEFIND = pinned_versions()["pagefind"]


def test_the_fingerprint_follows_the_theme_and_the_records(bare_archive, monkeypatch, tmp_path):
    docs = bare_archive.docs
    base = fingerprint.compute(docs, site_url=None, strict=True, pagefind=PAGEFIND)
    assert fingerprint.compute(docs, site_url=None, strict=True, pagefind=PAGEFIND) == base
    assert fingerprint.compute(docs, site_url="https://example.org/", strict=True, pagefind=PAGEFIND) != base
    assert fingerprint.compute(docs, site_url=None, strict=False, pagefind=PAGEFIND) != base
    assert fingerprint.compute(docs, site_url=None, strict=True, pagefind="1.6.1") != base  # another index
    # a record's metadata changes: its pages' front matter (what the card is made from) changes
    record = next(r for r in bare_archive.records if r.agency)
    variant = bare_archive.variant(record.slug, "zh-Hant")
    edited = dataclasses.replace(variant, agency=variant.agency + "辦公室")
    page = docs / "zh-Hant" / "documents" / f"{record.slug}.md"
    simplified = bare_archive.variant(record.slug, "zh")  # names the page's browse groups
    assert page.read_text("utf-8") == render_page(variant, simplified)
    page.write_text(render_page(edited, simplified), "utf-8")
    changed = fingerprint.compute(docs, site_url=None, strict=True, pagefind=PAGEFIND)
    assert changed != base
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text("{% extends 'base.html' %}\n", "utf-8")
    monkeypatch.setattr(fingerprint, "OVERRIDES", overrides)
    assert fingerprint.compute(docs, site_url=None, strict=True, pagefind=PAGEFIND) != changed


def test_a_failing_snapshot_leaves_the_previous_zip(built, tmp_path, monkeypatch):
    out = tmp_path / "dist" / "archive-snapshot.zip"
    assert write_snapshot(built.site, out) == []
    before = out.read_bytes()
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    assert f"{TOP}/index.html" in names
    assert not any(n.endswith(fingerprint.FILE_NAME) for n in names)

    real_write, calls = zipfile.ZipFile.write, []

    def disk_full(self, *args, **kwargs):
        calls.append(args)
        if len(calls) > 20:
            raise OSError(28, "No space left on device")
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "write", disk_full)
    errors = write_snapshot(built.site, out)
    assert errors and "No space left on device" in errors[0]
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no partial file left

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(zipfile.ZipFile, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_snapshot(built.site, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]
