"""What the site takes from the npm registry (no CDN at run time, nothing fetched by a browser
from outside the site).

- `iframe-worker`: Material's offline plugin wants its shim so that the search worker runs
  from file://; by default it points the page at unpkg.com. Its shim is copied into each
  language's docs_dir, where mkdocs.yml's `extra.polyfills` finds it.
- `pagefind`: the search indexer (its platform binary comes inside a registry package, the
  extended one, which segments Chinese with ICU4X); it writes each site's index and its
  browser code (`build_scripts/site/search.py`).

Both are pinned (vendor/package.json + package-lock.json) and installed with npm into
build/npm once (`ensure_vendored`); every build and test reuses that install.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent / "vendor"
SHIM_REL = Path("assets/vendor/iframe-worker/shim.js")
# One install serves every build (tests build many small sites).
NPM_CACHE = Path(os.environ.get("ARCHIVE_NPM_CACHE")
                 or Path(__file__).resolve().parents[2] / "build" / "npm")


@dataclass(frozen=True)
class Vendored:
    shim: Path      # iframe-worker's shim script
    pagefind: Path  # the pagefind command (npm's launcher for the platform binary)
    pagefind_version: str


def pinned_versions() -> dict[str, str]:
    lock = json.loads((HERE / "package-lock.json").read_text())
    return {name: lock["packages"][f"node_modules/{name}"]["version"] for name in ("iframe-worker", "pagefind")}


def _installed_version(cache_dir: Path, name: str) -> str | None:
    manifest = cache_dir / "node_modules" / name / "package.json"
    return json.loads(manifest.read_text()).get("version") if manifest.is_file() else None


def ensure_vendored(cache_dir: Path = NPM_CACHE) -> Vendored:
    """The pinned packages, running `npm ci` into cache_dir when they are not there yet."""
    cache_dir = Path(cache_dir)
    want = pinned_versions()
    vendored = Vendored(shim=cache_dir / "node_modules" / "iframe-worker" / "shim" / "index.js",
                        pagefind=cache_dir / "node_modules" / ".bin" / "pagefind",
                        pagefind_version=want["pagefind"])
    if all(_installed_version(cache_dir, name) == version for name, version in want.items()) \
            and vendored.shim.is_file() and vendored.pagefind.exists():
        return vendored
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(HERE / name, cache_dir / name)
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed to install the site's search and offline code (apt-get install npm)")
    # `install`, not `ci`: the lock holds the binaries of the platforms this registry serves
    # (Linux), and `ci` refuses a lock without pagefind's other optional packages; `install`
    # takes every version and checksum the lock has. --ignore-scripts: nothing runs at
    # install; pagefind's launcher finds its binary itself.
    proc = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
        cwd=cache_dir, capture_output=True, text=True,
    )
    if proc.returncode != 0 or not vendored.shim.is_file() or not vendored.pagefind.exists():
        raise RuntimeError(f"npm ci of {HERE / 'package.json'} into {cache_dir} failed: {proc.stderr.strip()[-2000:]}")
    return vendored


def install_shim(shim: Path, docs_lang_dir: Path) -> Path:
    dest = Path(docs_lang_dir) / SHIM_REL
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shim, dest)
    lic = Path(shim).parent.parent / "LICENSE"
    if lic.is_file():
        shutil.copyfile(lic, dest.parent / "LICENSE.txt")
    return dest
