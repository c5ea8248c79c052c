"""Vendoring of browser code from the npm registry (no CDN at run time).

Material's offline plugin wants the `iframe-worker` shim so that search runs from
file://; by default it points the page at unpkg.com. We install the pinned package
(vendor/package.json + package-lock.json) with `npm ci` into build/npm once, and copy
its shim into each language's docs_dir, where mkdocs.yml's `extra.polyfills` finds it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent / "vendor"
SHIM_REL = Path("assets/vendor/iframe-worker/shim.js")
# One install serves every build (tests build many small sites).
NPM_CACHE = Path(os.environ.get("ARCHIVE_NPM_CACHE")
                 or Path(__file__).resolve().parents[2] / "build" / "npm")


def _pinned_version() -> str:
    lock = json.loads((HERE / "package-lock.json").read_text())
    return lock["packages"]["node_modules/iframe-worker"]["version"]


def ensure_iframe_worker(cache_dir: Path) -> Path:
    """Path of the installed shim, running `npm ci` into cache_dir when needed."""
    cache_dir = Path(cache_dir)
    pkg = cache_dir / "node_modules" / "iframe-worker"
    shim = pkg / "shim" / "index.js"
    want = _pinned_version()
    if shim.is_file():
        have = json.loads((pkg / "package.json").read_text()).get("version")
        if have == want:
            return shim
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(HERE / name, cache_dir / name)
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to vendor iframe-worker (apt-get install npm)")
    proc = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
        cwd=cache_dir, capture_output=True, text=True,
    )
    if proc.returncode != 0 or not shim.is_file():
        raise RuntimeError(f"npm ci for iframe-worker failed: {proc.stderr.strip()[-2000:]}")
    return shim


def install_shim(shim: Path, docs_lang_dir: Path) -> Path:
    dest = Path(docs_lang_dir) / SHIM_REL
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shim, dest)
    lic = Path(shim).parent.parent / "LICENSE"
    if lic.is_file():
        shutil.copyfile(lic, dest.parent / "LICENSE.txt")
    return dest
