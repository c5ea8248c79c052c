"""Missing paragraphs translated on Ray (build_scripts/variants/distributed.py), on a private
local Ray instance of 2 CPUs bound to 127.0.0.1, with the tiny Argos model.

What is asserted: a Ray build's pages are byte-identical to a build on this machine and the
driver's model translates nothing; a rerun does not touch Ray; a worker that dies or raises
loses none of the batches it finished and the build completes here; a lost worker's batches go
to the others; a node without the model gets it from the object store; no Ray, a warning.
Ray's sockets may reach loopback only (the `no_network` of this module).
"""
from __future__ import annotations

import copy
import ipaddress
import re
import shutil
import socket
import sys

import pytest

ray = pytest.importorskip("ray", reason="Ray is not installed: `make ray` (requirements-ray.txt) installs it")

from build_scripts.variants import VariantSettings, _english_maker, _english_source, make_variants  # noqa: E402
from build_scripts.variants import distributed  # noqa: E402
from build_scripts.variants.argos_setup import install_file  # noqa: E402
from build_scripts.variants.cache import TranslationCache  # noqa: E402
from build_scripts.variants.glossary import load_glossary  # noqa: E402

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def _is_loopback(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(scope="module")
def loopback_only():
    """For the whole module (Ray starts once): sockets may connect to loopback only; every
    other attempt is refused and recorded."""
    attempts: list = []

    def refuse(*args):
        attempts.append(args)
        raise OSError("only loopback is allowed in the Ray tests")

    def guarded(original):
        def connect(self, address, *rest):
            if self.family == socket.AF_UNIX or (isinstance(address, tuple) and _is_loopback(address[0])):
                return original(self, address, *rest)
            return refuse(address)
        return connect

    def create_connection(address, *args, **kwargs):
        return original_create_connection(address, *args, **kwargs) if _is_loopback(address[0]) else refuse(address)

    def getaddrinfo(host, *args, **kwargs):
        return original_getaddrinfo(host, *args, **kwargs) if host is None or _is_loopback(host) else refuse(host)

    original_create_connection, original_getaddrinfo = socket.create_connection, socket.getaddrinfo
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", guarded(socket.socket.connect))
        patch.setattr(socket.socket, "connect_ex", guarded(socket.socket.connect_ex))
        patch.setattr(socket, "create_connection", create_connection)
        patch.setattr(socket, "getaddrinfo", getaddrinfo)
        yield attempts


@pytest.fixture(autouse=True)
def no_network(loopback_only):
    """This module's network guard (conftest's refuses loopback, which Ray needs)."""
    return loopback_only


@pytest.fixture(scope="module")
def module_env(tmp_path_factory):
    """XDG folders of the module's own, set before Ray starts: its workers inherit them, so
    argostranslate in an actor writes nothing into the user's home."""
    home = tmp_path_factory.mktemp("ray-xdg")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(name, str(home / name.lower()))
        patch.setenv("ARGOS_PACKAGES_DIR", str(home / "no-packages"))
        patch.setenv("RAY_USAGE_STATS_ENABLED", "0")
        yield patch


@pytest.fixture(scope="module")
def ray_instance(module_env, loopback_only):
    """A private Ray of 2 CPUs, started the way a build with --ray-address local starts it."""
    assert not ray.is_initialized()
    assert distributed.connect(ray, "local", num_cpus=2)
    try:
        yield ray
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def packages(module_env, tiny_model_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ray-argos") / "packages"
    install_file(tiny_model_file, folder)
    return folder


def _as_json(variants) -> dict:
    return {slug: {lang: variant.to_json() for lang, variant in languages.items()}
            for slug, languages in variants.items()}


@pytest.fixture(scope="module")
def reference(real_records, packages, tmp_path_factory):
    """A build on this machine alone: (its variants as JSON, its report)."""
    cache = tmp_path_factory.mktemp("ray-reference") / "cache"
    variants, report = make_variants(copy.deepcopy(real_records), VariantSettings(packages_dir=packages, cache_dir=cache),
                                     jobs=2, log=lambda message: None)
    assert report.errors == [] and report.translator_calls > 0 and report.remote_paragraphs == 0
    return _as_json(variants), report


def _ray_build(records, packages, cache, logs: list, **options):
    settings = VariantSettings(packages_dir=packages, cache_dir=cache, ray_address="local", **options)
    return make_variants(records, settings, jobs=2, log=logs.append)


def _forget_pages(cache) -> None:
    """Drop the stored variants, keep the translation cache: the next build makes every page again."""
    shutil.rmtree(cache / "variants")


def _ray_lines(logs: list) -> list[re.Match]:
    return [match for line in logs if (match := re.fullmatch(r"Ray: (\d+) paragraphs translated by (\d+) workers "
                                                              r"in [\d.]+ s", line))]


def test_ray_build_is_the_local_build_and_the_driver_translates_nothing(
        ray_instance, reference, records, packages, tmp_path, monkeypatch, no_network):
    expected, local = reference
    logs: list[str] = []
    variants, report = _ray_build(records, packages, tmp_path / "cache", logs)
    assert report.errors == [] and report.warnings == []
    assert _as_json(variants) == expected
    assert report.translator_calls == 0
    # each distinct paragraph once, as many as the local build's model translated
    assert report.remote_paragraphs == local.translator_calls > 0
    [line] = _ray_lines(logs)
    assert line.groups() == (str(local.translator_calls), "2")
    # the private instance is this machine's, on loopback
    assert {node["NodeManagerAddress"] for node in ray_instance.nodes()} == {"127.0.0.1"}

    again, rerun = _ray_build(records, packages, tmp_path / "cache", logs)
    assert rerun.reused == len(records) and rerun.remote_paragraphs == 0 and rerun.translator_calls == 0

    # every page made again, every paragraph cached: Ray is not even imported
    _forget_pages(tmp_path / "cache")
    monkeypatch.setitem(sys.modules, "ray", None)
    remade, remade_report = _ray_build(records, packages, tmp_path / "cache", logs)
    assert remade_report.converted == len(records) and remade_report.warnings == []
    assert remade_report.remote_paragraphs == 0 and remade_report.translator_calls == 0
    assert _as_json(remade) == expected
    assert len(_ray_lines(logs)) == 1
    assert no_network == []


@pytest.mark.parametrize("fault", ["exit:1", "raise:1"])
def test_a_failing_worker_keeps_its_finished_batches_and_the_build_completes_here(
        ray_instance, reference, records, packages, tmp_path, monkeypatch, no_network, fault):
    expected, local = reference
    total = local.translator_calls
    monkeypatch.setenv(distributed.FAULT_ENV, fault)  # each worker fails at its second batch
    cache_dir = tmp_path / "cache"
    cache_file = cache_dir / "translations.sqlite"

    # translate_missing alone: the batches finished before the failure are in the cache, committed
    spec = VariantSettings(packages_dir=packages, cache_dir=cache_dir).translator()
    maker = _english_maker(load_glossary(None), spec.open(), TranslationCache(cache_file))
    warnings, logs = [], []
    report = type("Report", (), {"warnings": warnings, "remote_paragraphs": 0})()
    done = distributed.translate_missing([_english_source(record) for record in records], maker, "local", report,
                                         logs.append)
    assert 0 < done < total and report.remote_paragraphs == done
    assert maker.translator.calls == 0
    fresh = TranslationCache(cache_file, readonly=True)
    assert len(fresh) == done  # durable: another connection sees them
    fresh.close()
    maker.cache.close()
    [warning] = warnings
    assert warning.startswith("warning: Ray translation stopped (")
    assert f"{done} of {total} paragraphs were translated remotely and cached" in warning
    assert "translated on this machine (a rerun resumes from the cache)" in warning

    # the build: Ray takes some more, fails again, this machine translates the rest
    variants, built = _ray_build(records, packages, cache_dir, logs)
    assert built.errors == [] and _as_json(variants) == expected
    assert any(w.startswith("warning: Ray translation stopped") for w in built.warnings)
    assert 0 < built.remote_paragraphs < total - done
    assert built.translator_calls == total - done - built.remote_paragraphs

    # a rerun finds every paragraph cached
    monkeypatch.delenv(distributed.FAULT_ENV)
    _forget_pages(cache_dir)
    again, rerun = _ray_build(records, packages, cache_dir, logs)
    assert rerun.remote_paragraphs == 0 and rerun.translator_calls == 0 and rerun.warnings == []
    assert _as_json(again) == expected
    assert no_network == []


def test_a_lost_workers_batches_go_to_the_others(ray_instance, reference, records, packages, tmp_path, monkeypatch,
                                                 no_network):
    expected, local = reference
    monkeypatch.setenv(distributed.FAULT_ENV, "exit:1:1")  # the first worker dies at its second batch
    logs: list[str] = []
    # 5 asked, 2 started: a 1-CPU actor more than the CPUs would never be placed
    variants, report = _ray_build(records, packages, tmp_path / "cache", logs, ray_workers=5)
    assert report.warnings == ["warning: 1 of 2 Ray workers were lost; the others translated their paragraphs"]
    assert _as_json(variants) == expected
    assert report.remote_paragraphs == local.translator_calls and report.translator_calls == 0
    [line] = _ray_lines(logs)
    assert line.group(2) == "2"
    assert no_network == []


def test_without_ray_the_build_translates_here(reference, records, packages, tmp_path, monkeypatch, no_network):
    expected, local = reference
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    logs: list[str] = []
    variants, report = _ray_build(records, packages, tmp_path / "cache", logs)
    assert report.warnings == ["warning: Ray is not installed (`make ray`); translating on this machine"]
    assert logs[0] == report.warnings[0]
    assert report.remote_paragraphs == 0 and report.translator_calls == local.translator_calls
    assert _as_json(variants) == expected
    assert no_network == []


def test_a_node_without_the_model_gets_it_from_the_object_store(ray_instance, packages, tmp_path, monkeypatch):
    """The actor's own code, run here: the model is not at the spec's path (another node), or
    other files are there; the copy the driver put into the object store is unpacked once."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "node-tmp"))
    (tmp_path / "node-tmp").mkdir()
    spec = distributed._absolute(VariantSettings(packages_dir=packages, cache_dir=tmp_path / "c").translator())
    digest = distributed.folder_digest(spec.model_dir)
    archive = [ray_instance.put(distributed.pack_folder(spec.model_dir))]
    texts = ["关于做强制造业企业,提供高质量供给。", "二是加大支持力度"]
    expected = spec.open().translate_batch(texts)

    elsewhere = spec.__class__(**{**spec.__dict__, "model_dir": tmp_path / "not-here" / spec.model_dir.name})
    first = distributed.ParagraphTranslator(elsewhere, digest, archive)
    unpacked = tmp_path / "node-tmp" / "build-scripts-ray" / "models" / digest[:32] / spec.model_dir.name
    assert first.translator.spec.model_dir == unpacked
    assert first.translator.model_id == spec.model_id
    assert first.translate(texts) == expected

    # another model at the same path: not used
    other = tmp_path / "other" / spec.model_dir.name
    shutil.copytree(spec.model_dir, other)
    (other / "README.md").write_text("another release\n", encoding="utf-8")
    # the node has it unpacked already: not fetched again (this "archive" would not unpack)
    not_fetched = [ray_instance.put(b"not a tar")]
    second = distributed.ParagraphTranslator(spec.__class__(**{**spec.__dict__, "model_dir": other}), digest,
                                             not_fetched)
    assert second.translator.spec.model_dir == unpacked
    assert second.translate(texts) == expected
    # one copy for the node, nothing left half-done
    assert [path.name for path in unpacked.parent.parent.iterdir()] == [digest[:32]]
    for actor in (first, second):
        actor.close()
        assert not actor.work_dir.exists()

    with pytest.raises(RuntimeError, match="not at"):
        distributed.ParagraphTranslator(elsewhere, digest, None)
