"""Benchmark of the site stage: full build time and search index size per language.

    .venv/bin/python benchmarks/site_build.py [--sizes 5,100,1000] [--seeds]

For each size N it generates N raw pages (benchmarks/scale.py's generator: .txt pages like
source/*.txt, bodies recombined from the seeds' paragraphs, page chrome sprinkled in) into a
temporary folder and runs them through the real stages: records, variants, render. The
variants stage runs without a translation model (English pages get English metadata and the
Chinese text), so that what is measured is the site and not the translation. Then it times the
whole site stage (pages, three `mkdocs build --strict`, assembly) and reports wall time and each
language's search index (raw and gzip, as a server would send it).
With --seeds it also measures the real seed corpus (source/*.txt), through the same stages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_scripts.read import source_files  # noqa: E402
from build_scripts.records import make_records  # noqa: E402
from build_scripts.render import render  # noqa: E402
from build_scripts.settings import LANGUAGES as LANGS  # noqa: E402
from build_scripts.site import build_sites  # noqa: E402
from build_scripts.site.config import SITE_DIR  # noqa: E402
from build_scripts.variants import VariantSettings, make_variants  # noqa: E402
from scale import generate  # noqa: E402


def index_sizes(site: Path) -> dict:
    out = {}
    for lang in LANGS:
        raw = (site / SITE_DIR[lang] / "search" / "search_index.json").read_bytes()
        out[lang] = {"bytes": len(raw), "gzip": len(gzip.compress(raw, 6)),
                     "entries": len(json.loads(raw)["docs"])}
    return out


def pages_of(source: Path, work: Path) -> tuple[dict, int, float]:
    """(pages, documents, seconds): the records, variants (no model) and render stages on the
    raw pages in source/."""
    started = time.perf_counter()
    records, failures, _ = make_records(source_files(source)[0])
    if failures:
        raise SystemExit("\n".join(str(f) for f in failures))
    no_model = work / "no-model"
    no_model.mkdir(parents=True, exist_ok=True)
    documents, report = make_variants(records, VariantSettings(packages_dir=no_model, cache_dir=work / "cache"),
                                      log=lambda message: None)
    if report.errors:
        raise SystemExit("\n".join(report.errors))
    return render(documents), len(documents), time.perf_counter() - started


def measure(source: Path, work: Path, label: str) -> dict:
    pages, n, stages = pages_of(source, work)
    site = work / "site"
    started = time.perf_counter()
    result = build_sites(pages, work / "docs", site, work / "build")
    wall = time.perf_counter() - started
    if result.errors:
        raise SystemExit("\n".join(result.errors))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"label": label, "documents": n, "seconds": round(wall, 2),
            "mkdocs_seconds": {k: round(v, 2) for k, v in result.seconds.items()},
            "stages_seconds": round(stages, 2), "site_bytes": size, "index": index_sizes(site)}


def synthetic(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        work = Path(tmp)
        return measure(generate(work / "source", n), work, f"synthetic-{n}")


def seeds() -> dict:
    with tempfile.TemporaryDirectory(prefix="site-bench-seeds-") as tmp:
        return measure(ROOT / "source", Path(tmp), "seeds")


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
        results.append(seeds())
        print(fmt(results[-1]), flush=True)
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
