"""The path a real user's Argos package takes, proven offline on a package of the same layout.

`argospm install translate-zh_en` installs translate-zh_en 1.9: a `stanza/` folder and no
`spacy/`, so argostranslate 1.11 takes another branch of `sbd.py` for it than for a package that
ships spaCy. The tiny package of `tests/helpers/tiny_model.py` is built in both layouts; each
must translate with sockets blocked, and neither may build a stanza pipeline (which downloads
its resources) or read the user's argostranslate settings.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from build_scripts.variants import argos_setup

REPO = Path(__file__).resolve().parents[2]

TEXT = "关于做强制造业企业,提供高质量供给。二是加大支持力度!"


def test_the_tiny_package_has_the_real_packages_layout(tiny_model_file):
    names = zipfile.ZipFile(tiny_model_file).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"translate-zh_en-1_9"}
    files = {name.split("/", 1)[1] for name in names}
    assert {"README.md", "metadata.json", "sentencepiece.model", "model/model.bin", "model/config.json",
            "stanza/resources.json"} <= files
    assert not any(name.startswith(("spacy/", "minisbd/")) for name in files)
    assert not any(name.endswith("/") for name in names), "Locomotive writes files only"
    with zipfile.ZipFile(tiny_model_file) as archive:
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
        metadata = json.loads(archive.read("translate-zh_en-1_9/metadata.json"))
        config = json.loads(archive.read("translate-zh_en-1_9/model/config.json"))
        vocabulary = json.loads(archive.read("translate-zh_en-1_9/model/shared_vocabulary.json"))
    assert sorted(metadata) == sorted(["package_version", "argos_version", "from_code", "from_name", "to_code",
                                       "to_name"])
    assert (metadata["package_version"], metadata["from_code"], metadata["to_code"]) == ("1.9", "zh", "en")
    assert config["add_source_eos"] is True and config["add_source_bos"] is False
    assert vocabulary[:2] == ["</s>", "<unk>"] and vocabulary[-1] == "<pad>"


def test_its_weights_are_int8(tiny_model_file, tiny_model_file_with_spacy):
    def model_size(path):
        with zipfile.ZipFile(path) as archive:
            return next(info.file_size for info in archive.infolist() if info.filename.endswith("model/model.bin"))

    # the same shapes: int8 weights take about a quarter of float32's bytes (scales and norms stay float)
    assert model_size(tiny_model_file) < 0.5 * model_size(tiny_model_file_with_spacy)


def test_argostranslate_sees_its_stanza_folder(tiny_packages_dir):
    from argostranslate.package import Package

    package = Package(tiny_packages_dir / "translate-zh_en-1_9")
    assert package.packaged_sbd_path.name == "stanza"
    info = argos_setup.find_package(tiny_packages_dir)
    assert info.label == "translate-zh_en-1_9 1.9"


def test_each_layout_translates_offline_without_stanza(tiny_packages_dir_each_layout, no_network, monkeypatch):
    import stanza

    def no_stanza(*args, **kwargs):
        raise AssertionError("a stanza pipeline was built: it downloads its resources")

    monkeypatch.setattr(stanza, "Pipeline", no_stanza)
    packages = tiny_packages_dir_each_layout
    translation = argos_setup.load_translation(packages, packages.parent / "cache")
    from argostranslate.sbd import SpacySentencizerSmall

    sentencizer = translation.underlying.sentencizer
    assert isinstance(sentencizer, SpacySentencizerSmall)
    assert sentencizer.split_sentences(TEXT) == ["关于做强制造业企业,提供高质量供给。", "二是加大支持力度!"]
    english = translation.translate(TEXT)
    assert english.strip() and english != TEXT
    assert no_network == []


def test_the_layouts_take_different_branches_of_argostranslates_splitter(tiny_packages_dir_each_layout):
    """The real package has no spaCy of its own: its splitter is the blank pipeline we cache."""
    packages = tiny_packages_dir_each_layout
    cache = packages.parent / "cache"
    translation = argos_setup.load_translation(packages, cache)
    package = translation.underlying.pkg
    own_spacy = package.packaged_sbd_path is not None and package.packaged_sbd_path.name == "spacy"
    pipeline_path = argos_setup.blank_spacy_zh(cache)
    from argostranslate import sbd

    assert sbd._cached_spacy_path == pipeline_path
    assert own_spacy == (package.package_path.name == "translate-zh_en-tiny")


# A fresh interpreter, so that argostranslate reads the user's settings.json at its import, as it
# does in a real build; sockets are refused in it as in the tests' own process.
_TRANSLATE = textwrap.dedent("""
    import json, socket, sys
    def refuse(*args, **kwargs):
        raise OSError("network access is blocked")
    socket.socket.connect = lambda self, *a: refuse() if self.family != socket.AF_UNIX else None
    socket.create_connection = socket.getaddrinfo = refuse
    import stanza
    stanza.Pipeline = refuse
    from build_scripts.variants import argos_setup
    translation = argos_setup.load_translation(sys.argv[1], sys.argv[2])
    from argostranslate import settings
    print(json.dumps({"english": translation.translate(sys.argv[3]), "provider": settings.model_provider.name,
                      "chunk_type": settings.chunk_type.name, "beam_size": settings.beam_size,
                      "compute_type": settings.compute_type}))
""")


def _translate_in_fresh_process(tmp_path, packages, config_home) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ARGOS_")}
    env.update(XDG_CONFIG_HOME=str(config_home), PYTHONPATH=str(REPO))  # XDG_DATA/CACHE: the conftest's
    done = subprocess.run([sys.executable, "-c", _TRANSLATE, str(packages), str(tmp_path / "cache"), TEXT],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_users_argos_settings_cannot_reach_the_network_or_change_the_english(tmp_path, tiny_packages_dir):
    plain = _translate_in_fresh_process(tmp_path, tiny_packages_dir, tmp_path / "no-config")
    config_home = tmp_path / "config"
    (config_home / "argos-translate").mkdir(parents=True)
    (config_home / "argos-translate" / "settings.json").write_text(json.dumps({
        "ARGOS_MODEL_PROVIDER": "LIBRETRANSLATE", "LIBRETRANSLATE_API_KEY": "x",
        "ARGOS_CHUNK_TYPE": "STANZA", "ARGOS_BEAM_SIZE": "1", "ARGOS_COMPUTE_TYPE": "float32",
    }), encoding="utf-8")
    hostile = _translate_in_fresh_process(tmp_path, tiny_packages_dir, config_home)
    assert hostile == plain
    assert (plain["provider"], plain["chunk_type"], plain["beam_size"], plain["compute_type"]) == (
        "OPENNMT", "SPACY", 4, "int8")


def test_runtime_settings_are_part_of_the_models_identity(tiny_packages_dir):
    from build_scripts.settings import ArgosOptions

    identity = {(beam, compute): argos_setup.find_package(
        tiny_packages_dir, argos_setup.runtime_options(ArgosOptions(beam_size=beam, compute_type=compute))).model_id
        for beam in (1, 4) for compute in ("int8", "float32")}
    assert len(set(identity.values())) == 4
    assert argos_setup.find_package(tiny_packages_dir).model_id == identity[(4, "int8")]


def test_fetching_the_package_offline_says_so_in_one_line(tmp_path, no_network, capsys):
    assert argos_setup.main(["--packages-dir", str(tmp_path / "packages"), "download"]) == 2
    message = capsys.readouterr().err.strip()
    assert len(message.splitlines()) == 1 and message.startswith("needs internet: cannot reach the Argos package index")
    assert len(no_network) >= 1


@pytest.mark.parametrize("offline", ["1", None])
def test_make_sites_install_attempt_never_fails_the_build(tmp_path, no_network, monkeypatch, offline):
    if offline:
        monkeypatch.setenv("OFFLINE", offline)
    else:
        monkeypatch.delenv("OFFLINE", raising=False)
    message = argos_setup.ensure(tmp_path / "packages", timeout=5)
    if offline:
        assert "OFFLINE is set" in message and no_network == []
    else:
        assert "needs internet" in message and "untranslated" in message
    assert not (tmp_path / "packages").exists() or not any((tmp_path / "packages").iterdir())


def test_an_installed_package_is_reported_and_not_fetched_again(tiny_packages_dir, no_network):
    message = argos_setup.ensure(tiny_packages_dir, timeout=5)
    assert message.startswith("English: translate-zh_en-1_9 1.9 installed") and no_network == []


def test_an_interrupted_install_leaves_no_half_package(tmp_path, tiny_model_file, monkeypatch):
    from argostranslate import package

    packages = tmp_path / "packages"

    def dies_half_way(path):
        from argostranslate import settings

        with zipfile.ZipFile(path) as archive:
            archive.extract(archive.namelist()[1], settings.package_data_dir)  # metadata.json only
        raise KeyboardInterrupt

    monkeypatch.setattr(package, "install_from_path", dies_half_way)
    with pytest.raises(KeyboardInterrupt):
        argos_setup.install_file(tiny_model_file, packages)
    assert argos_setup.find_package(packages) is None
    assert list(packages.iterdir()) == [] and [p.name for p in tmp_path.iterdir()] == ["packages"]
