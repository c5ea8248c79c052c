"""fetch_model against a fake Hugging Face Hub served on loopback by the test itself.

The conftest blocks every network connection; this module lets through connections to
127.0.0.1 only, to its own server, and still records (and refuses) any other.
"""
from __future__ import annotations

import hashlib
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from build_scripts.variants import fetch_model

# the real socket functions, taken at import, before the conftest's no_network replaces them
_CONNECT, _CREATE_CONNECTION, _GETADDRINFO = socket.socket.connect, socket.create_connection, socket.getaddrinfo
LOOPBACK = ("127.0.0.1", "localhost")
REPO = "quickmt/quickmt-zh-en"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
FILES = {"README.md": b"# quickmt-zh-en\nlicense: cc-by-4.0\n", "config.json": b'{"add_source_eos": false}\n',
         "model.bin": bytes(range(256)) * 64, "src.spm.model": b"source pieces", "tgt.spm.model": b"target pieces",
         "source_vocabulary.json": b'["</s>", "<unk>"]', "target_vocabulary.json": b'["</s>", "<unk>", "a"]'}


@pytest.fixture
def loopback_allowed(no_network, monkeypatch):
    """Connections to 127.0.0.1 go through (the fake hub); any other is refused and recorded."""
    def refuse(*args):
        no_network.append(args)
        raise OSError("network access is blocked in tests")

    def connect(self, address, *rest):
        loopback = self.family == socket.AF_UNIX or (isinstance(address, tuple) and address[0] in LOOPBACK)
        return _CONNECT(self, address, *rest) if loopback else refuse(address)

    def create_connection(address, *args, **kwargs):
        return _CREATE_CONNECTION(address, *args, **kwargs) if address[0] in LOOPBACK else refuse(address)

    def getaddrinfo(host, *args, **kwargs):
        return _GETADDRINFO(host, *args, **kwargs) if host in LOOPBACK else refuse(host)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return no_network


class FakeHub:
    """The two kinds of hub URL fetch_model uses: the revision API and resolve/<commit>/<file>."""

    def __init__(self):
        self.files = dict(FILES)
        self.requests: list[str] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                hub.requests.append(self.path)
                if self.path in (f"/api/models/{REPO}/revision/main", f"/api/models/{REPO}/revision/{COMMIT}"):
                    body = json.dumps({"id": REPO, "sha": COMMIT,
                                       "siblings": [{"rfilename": name} for name in hub.files]}).encode()
                    return self._send(200, body)
                prefix = f"/{REPO}/resolve/{COMMIT}/"
                if self.path.startswith(prefix) and self.path[len(prefix):] in hub.files:
                    return self._send(200, hub.files[self.path[len(prefix):]])
                self._send(404, b"not found")

            def _send(self, code, body):
                self.send_response(code)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # keep the test output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def downloads(self) -> list[str]:
        return [path.rsplit("/", 1)[1] for path in self.requests if "/resolve/" in path]


@pytest.fixture
def hub(loopback_allowed):
    fake = FakeHub()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def models_file(tmp_path) -> Path:
    """The project's models.yaml, as it is (not pinned yet), in a private folder."""
    copy = tmp_path / "data" / "models.yaml"
    copy.parent.mkdir()
    copy.write_text(fetch_model.MODELS_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    return copy


def _fetch(tmp_path, models_file, hub_url) -> int:
    return fetch_model.main(["quickmt", "--hub", hub_url, "--root", str(tmp_path / "project"),
                             "--models", str(models_file), "--lock", str(models_file.parent / "models.lock.yaml")])


def test_the_project_lists_quickmt_unpinned_with_its_license():
    entry = fetch_model.load_models()["quickmt"]
    assert entry.repository == REPO and entry.license == "CC-BY-4.0"
    assert entry.destination == "models/quickmt-zh-en"
    assert {"config.json", "model.bin", "src.spm.model", "tgt.spm.model"} <= set(entry.files)
    # not pinned until a fetch has seen the files: no made-up commit or checksum
    assert entry.revision is None and entry.sha256 == {}


def test_first_fetch_pins_then_a_second_fetch_downloads_nothing(tmp_path, models_file, hub, capsys):
    assert set(fetch_model.load_models(models_file)["quickmt"].files) == set(FILES)
    assert _fetch(tmp_path, models_file, hub.url) == 0
    model_dir = tmp_path / "project" / "models" / "quickmt-zh-en"
    assert {path.name for path in model_dir.iterdir()} == set(FILES)  # no temporary file left
    for name, content in FILES.items():
        assert (model_dir / name).read_bytes() == content
    assert sorted(hub.downloads()) == sorted(FILES)
    # the pin: main's commit at the time and the checksum of every file, for the user to commit
    lock = yaml.safe_load((models_file.parent / "models.lock.yaml").read_text(encoding="utf-8"))
    assert lock == {"quickmt": {"repository": REPO, "revision": COMMIT,
                                "sha256": {name: hashlib.sha256(content).hexdigest() for name, content in FILES.items()}}}
    out = capsys.readouterr().out
    assert "pinned quickmt/quickmt-zh-en to revision " + COMMIT in out and "commit it" in out

    hub.requests.clear()
    assert _fetch(tmp_path, models_file, hub.url) == 0
    assert hub.requests == []  # fetched once: verified locally, the hub not even asked
    assert "all 7 files present" in capsys.readouterr().out

    # a damaged local file is fetched again, from the pinned commit, and checked
    (model_dir / "model.bin").write_bytes(b"truncated")
    assert _fetch(tmp_path, models_file, hub.url) == 0
    assert hub.downloads() == ["model.bin"]
    assert f"/api/models/{REPO}/revision/{COMMIT}" in hub.requests
    assert (model_dir / "model.bin").read_bytes() == FILES["model.bin"]


def test_a_file_that_differs_from_the_pin_is_refused_and_removed(tmp_path, models_file, hub, capsys):
    assert _fetch(tmp_path, models_file, hub.url) == 0
    model_dir = tmp_path / "project" / "models" / "quickmt-zh-en"
    lock_before = (models_file.parent / "models.lock.yaml").read_text(encoding="utf-8")
    capsys.readouterr()

    hub.files["tgt.spm.model"] = b"other pieces"  # the hub now serves another file
    (model_dir / "tgt.spm.model").unlink()
    assert _fetch(tmp_path, models_file, hub.url) == 1
    err = capsys.readouterr().err
    assert "tgt.spm.model: sha256 " + hashlib.sha256(b"other pieces").hexdigest() in err
    assert "differs from the pinned " + hashlib.sha256(FILES["tgt.spm.model"]).hexdigest() in err
    assert "file removed" in err
    assert not (model_dir / "tgt.spm.model").exists()
    assert sorted(path.name for path in model_dir.iterdir()) == sorted(set(FILES) - {"tgt.spm.model"})
    assert (models_file.parent / "models.lock.yaml").read_text(encoding="utf-8") == lock_before  # pin unchanged


def test_a_pin_in_models_yaml_is_honoured(tmp_path, models_file, hub, capsys):
    data = yaml.safe_load(models_file.read_text(encoding="utf-8"))
    data["quickmt"]["revision"] = COMMIT
    data["quickmt"]["sha256"] = {"model.bin": "0" * 64}
    models_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert _fetch(tmp_path, models_file, hub.url) == 1
    assert "model.bin: sha256 " in capsys.readouterr().err
    assert f"/api/models/{REPO}/revision/{COMMIT}" in hub.requests  # the pinned commit, never main
    assert not any(path.endswith("/revision/main") for path in hub.requests)
    assert not (tmp_path / "project" / "models" / "quickmt-zh-en" / "model.bin").exists()


def test_offline_is_one_line_and_exit_code_2(tmp_path, models_file, no_network, capsys):
    # the real hub, with the network blocked (conftest): the attempt is made, then given up
    code = fetch_model.main(["quickmt", "--root", str(tmp_path), "--models", str(models_file),
                             "--lock", str(tmp_path / "lock.yaml")])
    err = capsys.readouterr().err
    assert code == 2 and no_network
    assert err.startswith("needs internet: cannot reach huggingface.co (") and err.count("\n") == 1
    assert not (tmp_path / "models").exists() and not (tmp_path / "lock.yaml").exists()


def test_an_unreachable_hub_url_is_offline_too(tmp_path, models_file, loopback_allowed, capsys, monkeypatch):
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv(fetch_model.HUB_ENV, f"http://127.0.0.1:{port}")
    code = fetch_model.main(["quickmt", "--root", str(tmp_path), "--models", str(models_file),
                             "--lock", str(tmp_path / "lock.yaml")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"needs internet: cannot reach 127.0.0.1:{port} (") and err.count("\n") == 1
    assert loopback_allowed == []


def test_an_unknown_model_or_repository_is_an_error_not_offline(tmp_path, models_file, hub, capsys):
    assert fetch_model.main(["nllb", "--models", str(models_file), "--lock", str(tmp_path / "lock.yaml"),
                             "--hub", hub.url]) == 1
    assert "no model 'nllb'" in capsys.readouterr().err
    data = yaml.safe_load(models_file.read_text(encoding="utf-8"))
    data["quickmt"]["repository"] = "quickmt/no-such-model"
    models_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert _fetch(tmp_path, models_file, hub.url) == 1
    assert "answered 404" in capsys.readouterr().err
