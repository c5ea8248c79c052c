"""Fetch a CTranslate2 translation model from the Hugging Face Hub, pinned and checked.

    python -m build_scripts.variants.fetch_model quickmt        # what `make models ENGINE=quickmt` runs

The models are listed in data/models.yaml (repository, files, destination, license). A
model is pinned by a revision (commit) and the sha256 of each file: in models.yaml, or else
in data/models.lock.yaml, which the first fetch writes (it resolves the commit ``main`` is
at, downloads by that commit and records the checksums it computed) for the user to commit.
With a pin, only that commit is downloaded, and a file whose sha256 differs is removed and
refused. Files already present with the pinned checksum are kept: a second fetch downloads
nothing, and needs no network.

Downloads use urllib with timeouts, into a temporary file beside the target, renamed into
place once complete. The hub is https://huggingface.co unless ``--hub`` or the environment
variable ARCHIVE_MODEL_HUB says otherwise (the tests serve a fake hub on loopback).
Exit codes: 0 done, 1 refused or failed, 2 no internet.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from build_scripts.variants.translators import file_digest

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "build_scripts" / "data"
MODELS_FILE = DATA_DIR / "models.yaml"
LOCK_FILE = DATA_DIR / "models.lock.yaml"
DEFAULT_HUB = "https://huggingface.co"
HUB_ENV = "ARCHIVE_MODEL_HUB"
CONNECT_TIMEOUT = 10  # seconds for the first request: an offline machine answers in one line, fast
READ_TIMEOUT = 60  # seconds without a byte before a download is given up
CHUNK = 1 << 20
USER_AGENT = "gov-archive-fetch-model/1"
LOCK_HEADER = ("# Written by `python -m build_scripts.variants.fetch_model` (make models ENGINE=...): the\n"
               "# commit and the sha256 of every file fetched. Commit this file: every later fetch downloads\n"
               "# exactly these files and refuses any other. A pin in models.yaml wins over this one.\n")


class FetchError(Exception):
    """The fetch was refused or failed: one message, exit code 1."""

    exit_code = 1


class Offline(FetchError):
    """The hub cannot be reached at all: exit code 2."""

    exit_code = 2


class ModelEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    repository: str = Field(pattern=r"^[\w.-]+/[\w.-]+$")
    revision: str | None = Field(None, pattern=r"^[0-9a-f]{40}$")
    sha256: dict[str, str] = {}
    destination: str
    license: str
    files: tuple[str, ...] = Field(min_length=1)


class LockEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    repository: str
    revision: str
    sha256: dict[str, str]


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, yaml.YAMLError) as error:
        raise FetchError(f"{path}: cannot be read: {error}") from None
    if data is not None and not isinstance(data, dict):
        raise FetchError(f"{path}: expected a mapping of model names")
    return data or {}


def load_models(path: Path = MODELS_FILE) -> dict[str, ModelEntry]:
    try:
        return {name: ModelEntry.model_validate(value) for name, value in _read_yaml(path).items()}
    except ValidationError as error:
        raise FetchError(f"{path}: {error}") from None


def load_lock(path: Path = LOCK_FILE) -> dict[str, LockEntry]:
    try:
        return {name: LockEntry.model_validate(value) for name, value in _read_yaml(path).items()}
    except ValidationError as error:
        raise FetchError(f"{path}: {error}") from None


def write_lock(path: Path, lock: dict[str, LockEntry]) -> None:
    from build_scripts.files import write_text_atomic

    data = {name: entry.model_dump() for name, entry in sorted(lock.items())}
    write_text_atomic(path, LOCK_HEADER + yaml.safe_dump(data, sort_keys=True, allow_unicode=True))


@dataclass
class Pin:
    revision: str | None
    sha256: dict[str, str]
    source: str  # where it came from, for the messages


def pin_of(entry: ModelEntry, locked: LockEntry | None, lock_path: Path) -> Pin:
    """models.yaml's pin if it has one, else the lock's (when it is for the same repository)."""
    if entry.revision:
        same = locked is not None and locked.revision == entry.revision and locked.repository == entry.repository
        sums = {**(locked.sha256 if same else {}), **entry.sha256}
        return Pin(entry.revision, sums, "models.yaml")
    if locked is not None and locked.repository == entry.repository:
        return Pin(locked.revision, dict(locked.sha256), lock_path.name)
    return Pin(None, {}, "")


def _request(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"User-Agent": USER_AGENT})


def _host(hub: str) -> str:
    return urllib.parse.urlsplit(hub).netloc or hub


def _reason(error: BaseException) -> str:
    reason = getattr(error, "reason", None) or error
    return str(reason) or type(reason).__name__


def revision_info(hub: str, repository: str, revision: str, timeout: float = CONNECT_TIMEOUT) -> dict:
    """The hub's description of one revision of a model repository (its "sha", its files)."""
    url = f"{hub}/api/models/{repository}/revision/{urllib.parse.quote(revision, safe='')}"
    try:
        with urllib.request.urlopen(_request(url), timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        raise FetchError(f"{_host(hub)} answered {error.code} ({error.reason}) for {url}") from None
    except (urllib.error.URLError, OSError) as error:  # no route, no DNS, refused, timed out
        raise Offline(f"needs internet: cannot reach {_host(hub)} ({_reason(error)})") from None
    except ValueError as error:
        raise FetchError(f"{url}: not JSON: {error}") from None


def download(url: str, target: Path, timeout: float = READ_TIMEOUT) -> str:
    """``url`` into ``target`` (temporary file + rename); returns its sha256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as handle, urllib.request.urlopen(_request(url), timeout=timeout) as response:
            for chunk in iter(lambda: response.read(CHUNK), b""):
                digest.update(chunk)
                handle.write(chunk)
        os.replace(temporary, target)
    except urllib.error.HTTPError as error:
        Path(temporary).unlink(missing_ok=True)
        raise FetchError(f"{url}: {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError, socket.timeout) as error:
        Path(temporary).unlink(missing_ok=True)
        raise FetchError(f"{url}: download failed ({_reason(error)})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest.hexdigest()


def fetch(name: str, *, hub: str | None = None, root: Path = ROOT, models_path: Path = MODELS_FILE,
          lock_path: Path = LOCK_FILE, log: Callable[[str], None] = print) -> Path:
    """Fetch (or verify) model ``name``; returns its folder. Raises FetchError / Offline."""
    hub = (hub or os.environ.get(HUB_ENV) or DEFAULT_HUB).rstrip("/")
    models = load_models(models_path)
    if name not in models:
        raise FetchError(f"no model {name!r} in {models_path} (known: {', '.join(sorted(models)) or 'none'})")
    entry = models[name]
    lock = load_lock(lock_path)
    pin = pin_of(entry, lock.get(name), lock_path)
    destination = Path(entry.destination)
    destination = destination if destination.is_absolute() else Path(root) / destination

    def verified(file: str) -> bool:
        path = destination / file
        return file in pin.sha256 and path.is_file() and file_digest(path) == pin.sha256[file]

    if pin.revision and all(verified(file) for file in entry.files):
        log(f"{entry.repository}: all {len(entry.files)} files present in {destination}, sha256 as pinned "
            f"(revision {pin.revision[:12]}, {pin.source})")
        return destination

    info = revision_info(hub, entry.repository, pin.revision or "main")
    commit = info.get("sha")
    if not isinstance(commit, str) or len(commit) != 40:
        raise FetchError(f"{_host(hub)} gave no commit for {entry.repository}")
    if pin.revision and commit != pin.revision:
        raise FetchError(f"{_host(hub)} resolved the pinned revision {pin.revision} to {commit}")
    siblings = {item.get("rfilename") for item in info.get("siblings") or [] if isinstance(item, dict)}
    absent = [file for file in entry.files if siblings and file not in siblings]
    if absent:
        raise FetchError(f"{entry.repository} at {commit[:12]} has no {', '.join(absent)}")

    sums: dict[str, str] = {}
    fetched = 0
    for file in entry.files:
        if verified(file):
            sums[file] = pin.sha256[file]
            continue
        url = f"{hub}/{entry.repository}/resolve/{commit}/{urllib.parse.quote(file)}"
        log(f"fetching {file} ({entry.repository}@{commit[:12]})")
        expected = pin.sha256.get(file)
        if expected:
            # into a side file first: a refused download must not leave a wrong model.bin behind
            side = destination / f".{file}.unverified"
            got = download(url, side)
            if got != expected:
                side.unlink(missing_ok=True)
                (destination / file).unlink(missing_ok=True)
                raise FetchError(f"{file}: sha256 {got} differs from the pinned {expected} ({pin.source}, "
                                 f"revision {commit[:12]}); file removed. Delete the pin to accept a new file.")
            os.replace(side, destination / file)
        else:
            got = download(url, destination / file)
        sums[file] = got
        fetched += 1

    new = {file: digest for file, digest in sums.items() if pin.sha256.get(file) != digest}
    if new or not pin.revision:
        entry_lock = lock.get(name)
        merged = dict(entry_lock.sha256) if entry_lock and entry_lock.revision == commit else {}
        lock[name] = LockEntry(repository=entry.repository, revision=commit, sha256={**merged, **sums})
        write_lock(lock_path, lock)
        log(f"pinned {entry.repository} to revision {commit} and the sha256 of {len(new)} new file(s) in "
            f"{lock_path}: commit it, so every machine fetches exactly these files")
    log(f"{entry.repository}: {fetched} file(s) fetched, {len(entry.files) - fetched} already present, into "
        f"{destination} (license {entry.license})")
    return destination


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fetch a pinned CTranslate2 translation model (data/models.yaml)")
    parser.add_argument("name", help="a model of data/models.yaml, e.g. quickmt")
    parser.add_argument("--hub", default=None, help=f"the hub's base URL (default ${HUB_ENV} or {DEFAULT_HUB})")
    parser.add_argument("--root", type=Path, default=ROOT, help="folder the destination is relative to")
    parser.add_argument("--models", type=Path, default=MODELS_FILE)
    parser.add_argument("--lock", type=Path, default=LOCK_FILE)
    args = parser.parse_args(argv)
    try:
        fetch(args.name, hub=args.hub, root=args.root, models_path=args.models, lock_path=args.lock)
    except FetchError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
