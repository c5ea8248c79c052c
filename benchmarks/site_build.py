"""Benchmark of the site stage: full build time and search index size per language.

    .venv/bin/python benchmarks/site_build.py [--sizes 5,100,1000] [--seeds]

For each size N it writes a synthetic archive (build_scripts/site/sample.py: N documents
in zh, zh-Hant and en, each about as long as a seed document) into a temporary folder,
runs the whole site stage (pages, three `mkdocs build --strict`, assembly) and reports
wall time and each language's search index (raw and gzip, as a server would send it).
With --seeds it also measures the real seed corpus, if `make site` has produced
build/variants/ and docs/ (the records and variants stages' output).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from build_scripts.commands import site as site_cmd  # noqa: E402
from build_scripts.site.i18n import LANGS, SITE_DIR  # noqa: E402
from build_scripts.site.sample import write_archive  # noqa: E402


def index_sizes(site: Path) -> dict:
    out = {}
    for lang in LANGS:
        raw = (site / SITE_DIR[lang] / "search" / "search_index.json").read_bytes()
        out[lang] = {"bytes": len(raw), "gzip": len(gzip.compress(raw, 6)),
                     "entries": len(json.loads(raw)["docs"])}
    return out


def measure(variants: Path, docs: Path, work: Path, n: int, label: str) -> dict:
    site = work / "site"
    timings: dict = {}
    started = time.perf_counter()
    errors = site_cmd.run(variants, docs, site, build_dir=work / "build", timings=timings)
    wall = time.perf_counter() - started
    if errors:
        raise SystemExit("\n".join(errors))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"label": label, "documents": n, "seconds": round(wall, 2),
            "mkdocs_seconds": {k: round(v, 2) for k, v in timings.items()},
            "site_bytes": size, "index": index_sizes(site)}


def synthetic(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        paths = write_archive(Path(tmp), n, n_paras=20)
        return measure(paths["variants"], paths["docs"], Path(tmp), n, f"synthetic-{n}")


def seeds() -> dict | None:
    variants, docs = ROOT / "build" / "variants", ROOT / "docs"
    if not (variants / "zh").is_dir():
        return None
    n = len(list((variants / "zh").glob("*.json")))
    with tempfile.TemporaryDirectory(prefix="site-bench-seeds-") as tmp:
        work = Path(tmp)
        shutil.copytree(docs, work / "docs")
        return measure(variants, work / "docs", work, n, "seeds")


def fmt(r: dict) -> str:
    idx = ", ".join(f"{l} {v['bytes'] / 1024:.0f} KiB ({v['gzip'] / 1024:.0f} KiB gz)"
                    for l, v in r["index"].items())
    return (f"{r['label']:>16}: {r['documents']:5d} docs  build {r['seconds']:6.1f} s  "
            f"site {r['site_bytes'] / 1e6:6.1f} MB  index {idx}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5,100,1000")
    ap.add_argument("--seeds", action="store_true")
    ap.add_argument("--json", type=Path, default=ROOT / "build" / "bench" / "site_build.json")
    args = ap.parse_args()
    results = []
    if args.seeds:
        r = seeds()
        if r is None:
            print("seeds: no build/variants/ yet (run `make site` first); skipped")
        else:
            results.append(r)
            print(fmt(r), flush=True)
    for n in [int(x) for x in args.sizes.split(",") if x]:
        results.append(synthetic(n))
        print(fmt(results[-1]), flush=True)
    syn = [r for r in results if r["label"].startswith("synthetic")]
    if len(syn) >= 2:
        a, b = syn[0], syn[-1]
        k = b["documents"] / a["documents"]
        print(f"growth x{k:.0f} documents: build time x{b['seconds'] / a['seconds']:.1f}, "
              + ", ".join(f"{l} index x{b['index'][l]['bytes'] / a['index'][l]['bytes']:.1f}" for l in LANGS))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
