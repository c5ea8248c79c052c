"""Translation cache: one SQLite file, keyed by model id + glossary version + paragraph.

A rebuild with nothing changed finds every paragraph here and never loads the model;
a changed paragraph (or a new model, or an edited glossary) misses and is translated.
"""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


def cache_key(model_id: str, glossary_version: str, paragraph: str) -> str:
    h = hashlib.sha256()
    for part in (model_id, glossary_version, paragraph):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


class TranslationCache:
    def __init__(self, path: Path, readonly: bool = False):
        """``readonly``: a worker process's connection (reads while the builder writes)."""
        self.path = Path(path)
        self.hits = 0
        self.misses = 0
        if readonly:
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), timeout=30)
        # WAL: worker processes read while this connection writes
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS translations ("
            " key TEXT PRIMARY KEY, model TEXT, glossary TEXT, source TEXT, target TEXT,"
            " repairs INTEGER)"
        )
        self._db.commit()

    def get(self, model_id: str, glossary_version: str, paragraph: str) -> tuple[str, int] | None:
        row = self._db.execute(
            "SELECT target, repairs FROM translations WHERE key = ?",
            (cache_key(model_id, glossary_version, paragraph),),
        ).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return row[0], int(row[1] or 0)

    def put(self, model_id: str, glossary_version: str, paragraph: str, target: str, repairs: int) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?)",
            (cache_key(model_id, glossary_version, paragraph), model_id, glossary_version,
             paragraph, target, repairs),
        )

    def commit(self) -> None:
        self._db.commit()

    def close(self) -> None:
        self._db.commit()
        self._db.close()

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
