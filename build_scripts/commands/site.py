"""Site stage: variant records + rendered document pages -> the trilingual site/.

    python -m build_scripts.commands.site --variants build/variants --docs docs --site site

Steps: write the home, browse and download files into docs/<lang>/; vendor the
iframe-worker shim from npm; generate one MkDocs config per language (INHERIT
mkdocs.yml); fingerprint every input of the builds and stop there when the previous
site has the same fingerprint; run a real `mkdocs build --strict` per language (in
parallel); move the three builds into site/ (Simplified at the root, site/zh-Hant/,
site/en/).

site_dir is only ever replaced whole, by a rename, once all three builds succeeded: a
failed build leaves whatever was there before untouched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from build_scripts.files import replace_dir
from build_scripts.site import fingerprint
from build_scripts.site.config import write_configs
from build_scripts.site.i18n import LANGS, SITE_DIR
from build_scripts.site.pages import load_variants, write_lang_pages
from build_scripts.site.vendor import NPM_CACHE, ensure_iframe_worker, install_shim

# Folders of docs/<lang>/ this stage owns (cleared before each build).
OWN_DOCS = ("browse", "downloads", "assets/vendor")


def _mkdocs_build(config: Path, strict: bool) -> tuple[int, str, float]:
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config)]
    if strict:
        cmd.append("--strict")
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return proc.returncode, proc.stderr + proc.stdout, time.perf_counter() - started


def assemble(parts_dir: Path, site_dir: Path, stamp: str | None = None) -> None:
    """site/ = the zh build, with the other builds moved into their folders.

    The parts are moved, not copied (a 1,000-document site is ~300 MB); the result is
    put together next to site_dir and renamed into place, so site_dir is either the old
    site or the complete new one."""
    site_dir, parts_dir = Path(site_dir), Path(parts_dir)
    tmp = site_dir.with_name(site_dir.name + ".assembling")
    if tmp.exists():
        shutil.rmtree(tmp)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(parts_dir / "zh"), str(tmp))
    for lang in LANGS:
        if lang == "zh":
            continue
        shutil.move(str(parts_dir / lang), str(tmp / SITE_DIR[lang].rstrip("/")))
    # Material's source maps are for debugging its own code; readers never load them.
    for path in tmp.rglob("*.js.map"):
        path.unlink()
    if stamp:
        (tmp / fingerprint.FILE_NAME).write_text(stamp + "\n", encoding="ascii")
    replace_dir(tmp, site_dir)


def run(variants_dir: Path, docs_dir: Path, site_dir: Path, *, build_dir: Path | None = None,
        strict: bool = True, jobs: int | None = None, site_url: str | None = None,
        timings: dict | None = None, previous_site: Path | None = None) -> list[str]:
    """Build the site into site_dir; returns a list of errors (empty on success).

    previous_site: the site now published. When everything the builds read is the same
    as when it was built (same `.build-fingerprint`), nothing is built: the result is
    no errors, `timings["unchanged"] = True` and site_dir left as it was (absent, when
    the caller passed a fresh staging folder), so the caller keeps the previous site."""
    variants_dir, docs_dir, site_dir = Path(variants_dir), Path(docs_dir), Path(site_dir)
    build_dir = Path(build_dir) if build_dir else variants_dir.parent
    site_url = site_url or os.environ.get("ARCHIVE_SITE_URL") or None
    errors: list[str] = []
    timings = timings if timings is not None else {}

    variants = load_variants(variants_dir)
    if not variants.get("zh"):
        return [f"site: no Simplified variant records in {variants_dir / 'zh'}"]
    for lang in LANGS:
        missing = sorted(set(variants["zh"]) - set(variants.get(lang) or {}))
        if missing:
            errors.append(f"site: {lang}: no variant record for {', '.join(missing[:5])}"
                          + (" ..." if len(missing) > 5 else ""))
        absent = [s for s in variants["zh"]
                  if not (docs_dir / lang / "documents" / f"{s}.md").is_file()]
        if absent:
            errors.append(f"site: {lang}: no page docs/{lang}/documents/<slug>.md for "
                          f"{', '.join(absent[:5])}" + (" ..." if len(absent) > 5 else ""))
    if errors:
        return errors

    started = time.perf_counter()
    try:
        shim = ensure_iframe_worker(NPM_CACHE)
    except RuntimeError as exc:
        return [f"site: {exc}"]
    for lang in LANGS:
        lang_dir = docs_dir / lang
        for rel in OWN_DOCS:
            if (lang_dir / rel).exists():
                shutil.rmtree(lang_dir / rel)
        write_lang_pages(variants, lang, lang_dir)
        install_shim(shim, lang_dir)
    timings["pages"] = time.perf_counter() - started

    parts_dir = build_dir / "site-parts"
    if parts_dir.exists():
        shutil.rmtree(parts_dir)
    configs = write_configs(build_dir / "site-config", docs_dir, parts_dir, variants_dir, site_url)
    started = time.perf_counter()
    stamp = fingerprint.compute(docs_dir, variants_dir, site_url=site_url, strict=strict)
    timings["fingerprint"] = time.perf_counter() - started
    timings["unchanged"] = stamp == fingerprint.read(previous_site)
    if timings["unchanged"]:
        return []
    jobs = jobs or min(len(LANGS), os.cpu_count() or 1)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = dict(zip(LANGS, pool.map(lambda l: _mkdocs_build(configs[l], strict),
                                           LANGS)))
    timings["mkdocs"] = time.perf_counter() - started
    for lang, (code, log, secs) in results.items():
        timings[f"mkdocs.{lang}"] = secs
        if code != 0:
            errors.append(f"site: mkdocs build for {lang} failed:\n{log.strip()[-4000:]}")
    if errors:
        return errors
    started = time.perf_counter()
    assemble(parts_dir, site_dir, stamp)
    timings["assemble"] = time.perf_counter() - started
    return errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", type=Path, default=Path("build/variants"))
    ap.add_argument("--docs", type=Path, default=Path("docs"))
    ap.add_argument("--site", type=Path, default=Path("site"))
    ap.add_argument("--build-dir", type=Path, default=None)
    ap.add_argument("--site-url", default=None)
    ap.add_argument("--no-strict", action="store_true")
    ap.add_argument("--always", action="store_true",
                    help="build even when nothing changed since the site in --site was built")
    args = ap.parse_args(argv)
    timings: dict = {}
    errors = run(args.variants, args.docs, args.site, build_dir=args.build_dir,
                 strict=not args.no_strict, site_url=args.site_url, timings=timings,
                 previous_site=None if args.always else args.site)
    for err in errors:
        print(err, file=sys.stderr)
    if not errors and timings.get("unchanged"):
        print(f"site: {args.site} is up to date (nothing it is built from changed)")
    elif not errors:
        print(f"site: built {args.site} ("
              + ", ".join(f"{k} {v:.1f}s" for k, v in timings.items() if k != "unchanged") + ")")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
