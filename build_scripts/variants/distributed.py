"""The paragraphs the translation cache lacks, translated on a Ray cluster before the build.

    translate_missing(records, maker, "auto", report, log)   # → paragraphs translated remotely

Called by `make_variants` when `ray_address` is set ("local": a private Ray instance on this
machine; "auto": the cluster this machine joined with `ray start`; "HOST:PORT": that cluster).
Only the model's work is distributed: each missing paragraph is masked here, translated by
an actor, and its output restored and put into the translation cache here
(`EnglishVariantMaker.store`). The build then makes every English page from the cache
exactly as a build on one machine does, so the pages are byte-identical; whatever Ray did
not translate (no Ray, a failure) is translated on this machine by the usual path.

Each actor holds one copy of the model (1 CPU). A node that lacks the model, or holds other
files at its path, gets the driver's copy through the object store, once per node.
The project's `build_scripts` package goes with the job (runtime_env py_modules, `connect`),
so a node needs only requirements.txt and requirements-ray.txt installed.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import math
import os
import shutil
import tarfile
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Callable

from build_scripts.variants.translators import TranslatorSpec, file_digest

PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # build_scripts/, shipped to the workers
LOCAL_OBJECT_STORE_BYTES = 200 * 1024 * 1024  # paragraphs are small; the model is read from disk
BATCH_MIN, BATCH_MAX = 8, 32
IN_FLIGHT_PER_ACTOR = 2  # an actor always has its next batch queued while it works
ATTEMPTS_PER_BATCH = 2  # a batch that killed two workers is not tried on a third
ACTOR_START_SECONDS = 600  # placing actors and fetching the model; past that the build goes on here
# A fault to inject in the actors, for tests only: "exit:N" or "raise:N" after N batches,
# ":K" after it for the first K actors only (default every actor).
FAULT_ENV = "BUILD_SCRIPTS_RAY_FAULT"


def translate_missing(records, maker, address: str, report, log: Callable[[str], None], *,
                      ray_workers: int | None = None) -> int:
    """Translate on Ray every paragraph of `records` that `maker` would send to its model and
    put the English into `maker.cache`. Returns how many paragraphs Ray translated; never
    raises for a Ray problem (a warning, and the build translates the rest here)."""
    paragraphs = _missing_paragraphs(records, maker)
    if not paragraphs:
        return 0
    try:
        import ray
    except ImportError:
        _warn(report, log, "warning: Ray is not installed (`make ray`); translating on this machine")
        return 0

    started = time.perf_counter()
    try:
        connected_here = connect(ray, address)
    except Exception as error:  # a wrong address, a cluster down: the build still goes on here
        _warn(report, log, f"warning: could not connect to Ray at {address!r} ({type(error).__name__}: {error}); "
                           "translating on this machine")
        return 0
    try:
        done, workers = _translate_on_ray(ray, paragraphs, maker, report, log, ray_workers)
    finally:
        # Disconnecting ends this job only (a cluster keeps running) and frees its actors and
        # the model's copy in the object store; a connection the caller made is the caller's.
        if connected_here:
            ray.shutdown()
    report.remote_paragraphs += done
    log(f"Ray: {done} paragraphs translated by {workers} workers in {time.perf_counter() - started:.1f} s")
    return done


def connect(ray, address: str, num_cpus: int | None = None) -> bool:
    """Connect this process to Ray unless it already is; returns whether this call connected.
    A connection made elsewhere must ship `build_scripts` to the workers as this one does."""
    if ray.is_initialized():
        return False
    # the build is offline: Ray's usage statistics are never sent
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    # Ray uploads a local folder only for a whole job (ray.init), not for one actor
    runtime_env = {"py_modules": [str(PACKAGE_ROOT)], "excludes": ["__pycache__", "*.pyc"]}
    if address == "local":
        from ray._private import ray_constants

        # A private instance talks over loopback only. Ray replaces 127.0.0.1 by the machine's
        # network address unless its clusters are off (as on macOS), which only that lookup reads.
        clusters = ray_constants.ENABLE_RAY_CLUSTER
        ray_constants.ENABLE_RAY_CLUSTER = False
        try:
            # address "local": a new instance even where `ray start` runs one Ray would join
            ray.init(address="local", num_cpus=num_cpus or os.cpu_count() or 1,
                     object_store_memory=LOCAL_OBJECT_STORE_BYTES,
                     include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING,
                     runtime_env=runtime_env, _node_ip_address="127.0.0.1")
        finally:
            ray_constants.ENABLE_RAY_CLUSTER = clusters
    else:
        ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING, runtime_env=runtime_env)
    return True


def _missing_paragraphs(records, maker) -> list[tuple[str, object]]:
    """(paragraph, masked) of every record, in document order, each paragraph once."""
    seen: dict[str, object] = {}
    for record in records:
        for paragraph, masked in maker.missing(record):
            seen.setdefault(paragraph, masked)
    return list(seen.items())


def _warn(report, log, message: str) -> None:
    report.warnings.append(message)
    log(message)


def _batches(items: list, workers: int) -> list[list]:
    """About four batches per worker, so a slow or lost worker delays little of the rest."""
    size = min(BATCH_MAX, max(BATCH_MIN, math.ceil(len(items) / (4 * workers))))
    return [items[start:start + size] for start in range(0, len(items), size)]


def _translate_on_ray(ray, paragraphs, maker, report, log, ray_workers: int | None) -> tuple[int, int]:
    """(paragraphs stored, workers started). A failure ends with a warning: what is cached stays."""
    from ray.exceptions import RayError

    progress = {"done": 0}
    actors: list = []
    try:
        cluster_cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        # more 1-CPU actors than the cluster has CPUs would wait for a place forever
        wanted = min(ray_workers or cluster_cpus, cluster_cpus)
        batches = _batches(paragraphs, wanted)
        actors = _start_actors(ray, maker.translator.spec, min(wanted, len(batches)))
        alive = _ready(ray, actors, report, log)
        if not alive:
            return 0, 0
        workers = len(alive)
        lost, failure = _run_batches(ray, alive, batches, maker, progress)
    except RayError as error:  # the object store full, the cluster gone: what is cached stays
        lost, failure, workers = 0, error, len(actors)
    finally:
        _stop(ray, actors)
    done = progress["done"]
    if failure is not None:
        _warn(report, log, f"warning: Ray translation stopped ({type(failure).__name__}: {_first_line(failure)}); "
                           f"{done} of {len(paragraphs)} paragraphs were translated remotely and cached, the rest "
                           "are translated on this machine (a rerun resumes from the cache)")
    elif lost:
        _warn(report, log, f"warning: {lost} of {workers} Ray workers were lost; "
                           "the others translated their paragraphs")
    return done, workers


def _start_actors(ray, spec: TranslatorSpec, count: int) -> list:
    spec = _absolute(spec)
    digest = folder_digest(spec.model_dir)
    # a cluster's other nodes may lack the model: its copy goes into the object store once,
    # wrapped in a list so that only a node that needs it fetches it
    model_archive = None if _only_this_machine(ray) else [ray.put(pack_folder(spec.model_dir))]
    actor_class = ray.remote(num_cpus=1)(ParagraphTranslator)
    fault, faulty = _fault()
    return [actor_class.remote(spec, digest, model_archive, fault if index < faulty else None)
            for index in range(count)]


def _ready(ray, actors: list, report, log) -> list:
    """The actors that started (the model found or fetched, the translator opened)."""
    from ray.exceptions import RayError

    pending = {actor.ready.remote(): actor for actor in actors}
    ready, _ = ray.wait(list(pending), num_returns=len(pending), timeout=ACTOR_START_SECONDS)
    alive, errors = [], []
    for ref in ready:
        try:
            ray.get(ref)
            alive.append(pending[ref])
        except RayError as error:
            errors.append(error)
    if not alive:
        reason = f"{type(errors[0]).__name__}: {_first_line(errors[0])}" if errors else \
            f"none started within {ACTOR_START_SECONDS} s"
        _warn(report, log, f"warning: no Ray worker could start ({reason}); translating on this machine")
    return alive


def _run_batches(ray, alive: list, batches: list, maker, progress: dict) -> tuple[int, BaseException | None]:
    """Every batch through the actors, each stored and committed as it comes back, in whatever
    order: the cache is keyed by paragraph, so the order changes nothing built from it.
    A lost actor's batches go to the others. Returns (actors lost, the error that stopped it)."""
    from ray.exceptions import RayActorError, RayError, WorkerCrashedError

    todo = deque(range(len(batches)))
    attempts = [0] * len(batches)
    load = {actor: 0 for actor in alive}
    in_flight: dict = {}  # ObjectRef → (actor, batch index)
    lost = 0
    while True:
        for actor in [actor for actor in alive for _ in range(IN_FLIGHT_PER_ACTOR - load[actor])]:
            if not todo:
                break
            index = todo.popleft()
            attempts[index] += 1
            load[actor] += 1
            in_flight[actor.translate.remote([masked.text for _, masked in batches[index]])] = (actor, index)
        if not in_flight:
            return lost, None
        [ref], _ = ray.wait(list(in_flight), num_returns=1)
        actor, index = in_flight.pop(ref)
        load[actor] -= 1
        try:
            outputs = ray.get(ref)
        except (RayActorError, WorkerCrashedError) as error:  # the process or its node is gone
            if actor in alive:
                alive.remove(actor)
                lost += 1
            if attempts[index] >= ATTEMPTS_PER_BATCH or not alive:
                return lost, error
            todo.appendleft(index)
            continue
        except RayError as error:  # the translator raised: it would again, anywhere
            return lost, error
        for (paragraph, masked), raw in zip(batches[index], outputs):
            maker.store(paragraph, masked, raw)
        maker.cache.commit()  # durable now: a later failure loses nothing of this batch
        progress["done"] += len(batches[index])


def _stop(ray, actors: list) -> None:
    """Each actor's temporary folder removed, then the actor (a dead one is skipped)."""
    closing = [actor.close.remote() for actor in actors]
    ray.wait(closing, num_returns=len(closing), timeout=30)
    for actor in actors:
        try:
            ray.kill(actor)
        except Exception:  # already gone
            pass


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else ""


def _absolute(spec: TranslatorSpec) -> TranslatorSpec:
    """The spec with absolute paths: an actor does not run in this process's folder."""
    return dataclasses.replace(spec, model_dir=Path(spec.model_dir).resolve(), cache_dir=Path(spec.cache_dir).resolve())


def _only_this_machine(ray) -> bool:
    """Whether the cluster's only node is the one this process runs on (a "local" instance,
    or a one-machine cluster): then every actor reads the model where this process found it."""
    here = ray.get_runtime_context().get_node_id()
    return all(node["NodeID"] == here for node in ray.nodes() if node.get("Alive"))


def _fault() -> tuple[tuple[str, int] | None, int]:
    """The test-only fault of FAULT_ENV: ((mode, after batches), for how many actors)."""
    value = os.environ.get(FAULT_ENV)
    if not value:
        return None, 0
    mode, after, *actors = value.split(":")
    return (mode, int(after)), int(actors[0]) if actors else 1 << 30


def folder_digest(folder: Path) -> str:
    """sha256 of a folder's files, by relative path and content: the same model or not."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(file_digest(path).encode())
    return digest.hexdigest()


def pack_folder(folder: Path) -> bytes:
    """An uncompressed tar of the folder under its own name (model weights hardly compress)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        archive.add(folder, arcname=Path(folder).name)
    return buffer.getvalue()


def node_folder() -> Path:
    """This node's folder for the actors: models/ (shared) and work-<pid>-*/ (one per actor)."""
    return Path(tempfile.gettempdir()) / "build-scripts-ray"


def unpack_model(fetch: Callable[[], bytes], digest: str, name: str) -> Path:
    """The model folder on this node, fetched (`fetch`: its tar) and unpacked by the first actor
    of the node that needs it, then shared. Its parent holds nothing else (an Argos packages
    folder is scanned whole)."""
    root = node_folder() / "models"
    target = root / digest[:32]
    if not (target / name).is_dir():
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="unpacking-", dir=root))
        with tarfile.open(fileobj=io.BytesIO(fetch())) as opened:
            opened.extractall(staging, filter="data")
        try:
            os.rename(staging, target)  # atomic: another actor sees all of it or none
        except OSError:  # another actor of this node was first
            shutil.rmtree(staging, ignore_errors=True)
    return target / name


def work_folder() -> Path:
    """This actor's own folder; those of actors that died (their cleanup never ran) are removed."""
    root = node_folder()
    root.mkdir(parents=True, exist_ok=True)
    for stale in root.glob("work-*"):
        try:
            os.kill(int(stale.name.split("-")[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(stale, ignore_errors=True)
        except (ValueError, IndexError, PermissionError):  # not an actor's, or another user's
            pass
    return Path(tempfile.mkdtemp(prefix=f"work-{os.getpid()}-", dir=root))


class ParagraphTranslator:
    """A Ray actor: one model, opened once, translating batches of masked paragraphs."""

    def __init__(self, spec: TranslatorSpec, model_digest: str, model_archive: list | None,
                 fault: tuple[str, int] | None = None):
        import ray

        model_dir = spec.model_dir
        if not (model_dir.is_dir() and folder_digest(model_dir) == model_digest):
            if model_archive is None:
                raise RuntimeError(f"the model is not at {model_dir} on this node and was not sent")
            model_dir = unpack_model(lambda: ray.get(model_archive[0]), model_digest, spec.model_dir.name)
        # its own folder for what the engine makes (a spaCy pipeline): no two actors write one file
        self.work_dir = work_folder()
        # model_id unchanged: the same files, so the same cache keys as the driver's
        self.translator = dataclasses.replace(spec, model_dir=model_dir, cache_dir=self.work_dir).open()
        self.fault = fault
        self.batches = 0

    def ready(self) -> bool:
        return True

    def translate(self, texts: list[str]) -> list[str]:
        if self.fault and self.batches >= self.fault[1]:
            if self.fault[0] == "exit":
                time.sleep(1)  # dies a moment into the batch, after the last reply went out
                os._exit(1)
            raise RuntimeError("injected translator fault")
        self.batches += 1
        return self.translator.translate_batch(texts)

    def close(self) -> None:
        shutil.rmtree(self.work_dir, ignore_errors=True)
