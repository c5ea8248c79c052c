"""Search benchmark: what Pagefind costs the build, the disk and a reader's browser, on
generated raw archives of 1,000 (and 10,000) documents.

    .venv/bin/python benchmarks/search.py                    # 1,000 documents
    .venv/bin/python benchmarks/search.py --sizes 1000 10000 --keep build/bench/search-sites
    .venv/bin/python benchmarks/search.py --keep DIR --reuse # measure sites already built in DIR

For each size N:

1. Build. benchmarks/scale.py's generator writes N raw pages; the real `build` command builds
   them (no translation model: English pages carry English metadata and the Chinese text).
   The command does not print the site stage's per-step seconds, so it is started through a
   small launcher that runs the same command line (`build_scripts.__main__.main`) with
   `build_sites` wrapped to print its `SiteResult.seconds` (mkdocs.<lang>, pagefind.<lang>)
   and its own wall time. Reported: the pagefind step per language, its sum, its share of the
   language builds (Σ pagefind / Σ (mkdocs + pagefind)) and, as the languages are built two
   at a time, an estimate of its part of the site stage's wall time (that share × the wall
   time of the language builds).
2. Disk. Each language's pagefind/: total, index/ (*.pf_index), fragment/ (*.pf_fragment),
   filter/ (*.pf_filter), meta (pagefind-entry.json, *.pf_meta) and wasm+js (wasm.*.pagefind,
   pagefind.js, archive-pagefind.js); apparent bytes and file counts.
3. Browser. The built site is served by python's http.server (tests/site/conftest.py `serve`)
   and searched in Debian's Chromium, headless, via Playwright. Per language, per query, in a
   fresh browser context (empty cache) each time: open index.html, wait for the network to be
   idle (the page and the search worker's start-up: Pagefind's entry, meta and wasm are
   fetched when the worker starts), press "s", fill the query, press End. Measured:
   - bytes of the first query: every request the page or its search worker starts after the
     query was filled, until results are shown and the network is quiet again;
   - bytes of the page load (and the search part of it), separately;
   - a second, different query in the same page, and its bytes;
   - time to first results: from the input event of the fill (page clock) to the first
     `.md-search-result__item` added to the page (a MutationObserver), and the part of it
     after the last index chunk (*.pf_index) and after the last Pagefind file of the query
     (chunks, fragments, filters) reached the search worker (the worker's Resource Timing
     responseEnd, on the same clock as the page's); and Pagefind's search itself, from the
     last chunk's arrival to the worker asking for the first result's fragment.
   Bytes are Playwright's `request.sizes()["responseBodySize"]`, which is CDP's
   encodedDataLength minus the headers: the body as sent (http.server does not compress;
   Pagefind's own files are gzip inside). Memory-cache hits count 0. Response headers are
   counted apart (`headers_bytes`). Each query is measured in --reps fresh contexts (default
   5); the figures are medians with min and max (2 shared, noisy cores).
   Result checks: how many results were shown, the rank of the expected document for a
   title-fragment query, and the share of shown results whose page contains the query (in
   either script, case-insensitively); console errors and warnings (page and worker) are kept.

The issue's aim: at 10,000 documents, ≤ 1 MB transferred for a first query and results in
under 300 ms after the index chunks arrive. The report says whether it is met; nothing here
asserts it. Figures go to --out (default build/bench/search.json).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "site"))

from scale import LANG_SITE, PY, build_cmd, generate, run  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402  (the browser tests' server and flags)

MB = 1_000_000
AIM_BYTES, AIM_MS = 1 * MB, 300

# The real build command, with the site stage's seconds printed on stderr (which run() logs).
LAUNCHER = """
import json, sys, time
import build_scripts.site as site
from build_scripts.__main__ import main
real = site.build_sites
def build_sites(*args, **kwargs):
    started = time.perf_counter()
    result = real(*args, **kwargs)
    seconds = dict(result.seconds, site_stage=time.perf_counter() - started)
    print("SITE_SECONDS " + json.dumps(seconds), file=sys.stderr, flush=True)
    return result
site.build_sites = build_sites  # build.py imports it when the site stage starts
sys.exit(main(sys.argv[1:]))
"""

# Installed in every page before its scripts: the page-clock times of the query's input
# event and of the first result item added after it.
PAGE_PROBE = """
window.__bench = {inputAt: null, firstItemAt: null, metaAt: null};
const benchNow = () => performance.timeOrigin + performance.now();
document.addEventListener("input", (event) => {
  if (event.target.matches && event.target.matches("input.md-search__input")) {
    window.__bench = {inputAt: benchNow(), firstItemAt: null, metaAt: null};
  }
}, true);
new MutationObserver((mutations) => {
  const b = window.__bench;
  if (b.inputAt === null || b.firstItemAt !== null) return;
  for (const m of mutations) {
    const target = m.target.nodeType === 1 ? m.target : m.target.parentElement;
    if (target && target.closest(".md-search-result__meta")) b.metaAt = benchNow();  // "no results"
  }
  for (const m of mutations) for (const node of m.addedNodes) {
    if (node.nodeType === 1 && (node.matches(".md-search-result__item")
        || node.querySelector(".md-search-result__item"))) { b.firstItemAt = benchNow(); return; }
  }
}).observe(document, {childList: true, subtree: true, characterData: true});
"""

PAGEFIND_KINDS = {"index": ".pf_index", "fragment": ".pf_fragment", "filter": ".pf_filter"}


# ---- 1. build ---------------------------------------------------------------------------

def build(n: int, root: Path) -> dict:
    """Generate n documents under root and build them with the real command; build figures."""
    src = generate(root / "source", n)
    docs, site, work, log = root / "docs", root / "site", root / "work", root / "build.log"
    docs.mkdir(exist_ok=True)  # as in a checkout
    cmd = build_cmd(src, docs, site, work, None)
    launched = [PY, "-c", LAUNCHER] + cmd[cmd.index("build"):]
    print(f"[{n}] building …", flush=True)
    ran = run(launched, log)
    found = re.findall(r"^SITE_SECONDS (.*)$", log.read_text("utf-8", errors="replace"), re.M)
    seconds = json.loads(found[-1]) if found else {}
    print(f"[{n}] build {ran['seconds']:.0f} s (exit {ran['code']})", flush=True)
    return {"documents": n, "build": ran, "site_seconds": seconds}


def pagefind_cost(seconds: dict) -> dict:
    """The pagefind step per language, its sum and its shares (see the module docstring)."""
    per = {lang: seconds.get(f"pagefind.{lang}") for lang in LANG_SITE}
    if not seconds or None in per.values():
        return {"per_language": per}
    total = sum(per.values())
    languages = total + sum(seconds.get(f"mkdocs.{lang}", 0) for lang in LANG_SITE)
    share = total / languages
    # the languages are built two at a time: Pagefind's part of the wall time is estimated as
    # its share of the language builds' work times their wall time
    return {"per_language": per, "sum": total, "share_of_language_builds": share,
            "estimated_wall": share * seconds["languages"], "site_stage": seconds["site_stage"]}


def pagefind_kind(name: str) -> str:
    for kind, suffix in PAGEFIND_KINDS.items():
        if name.endswith(suffix):
            return kind
    if name.endswith(".pf_meta") or name.startswith("pagefind-entry.json"):
        return "meta"
    if name.endswith((".js", ".pagefind")):
        return "wasm+js"
    return "other"


def pagefind_disk(folder: Path) -> dict:
    """{kind: {bytes, files}} of one language's pagefind/, with a total."""
    out: dict[str, dict] = {}
    for path in (p for p in folder.rglob("*") if p.is_file()):
        entry = out.setdefault(pagefind_kind(path.name), {"bytes": 0, "files": 0})
        entry["bytes"] += path.stat().st_size
        entry["files"] += 1
    out["total"] = {key: sum(v[key] for v in out.values()) for key in ("bytes", "files")}
    return out


# ---- 2. what to search for ---------------------------------------------------------------

# A distinctive fragment of the generated titles: "温州市政协第9届二次会议第7号提案" (group 1).
TITLE_FRAGMENT = re.compile(r"(?:关于对|^)([\u4e00-\u9fff]{1,8}?市(?:政协|人大)第\d+届\S*?第\d+号(?:提案|建议))")


def load_json(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def pick_queries(work: Path) -> dict[str, list[dict]]:
    """{lang: [{"text", "expect"}]}: the queries of each site; `expect` is the slug that must
    be found (for a document number or title fragment), else None."""
    slugs = sorted(p.stem for p in (work / "records").glob("*.json"))
    # from the middle of the archive on: a document like any other, not the first written
    ordered = slugs[len(slugs) // 2:] + slugs[:len(slugs) // 2]
    records = [load_json(work / "records" / f"{slug}.json") for slug in ordered]
    numbered = [{"text": r["doc_number"], "expect": r["slug"]} for r in records if r.get("doc_number")]
    titled = [{"text": m.group(1), "expect": r["slug"]} for r in records
              if (m := TITLE_FRAGMENT.search(r.get("title") or ""))]
    exact = (numbered + titled + [{"text": records[0]["title"], "expect": records[0]["slug"]}])[0]
    # an English city name, as the English pages give the region: "Huzhou City, Zhejiang Province"
    region = load_json(work / "variants" / "en" / f"{ordered[0]}.json").get("region") or "Municipal"
    return {"zh": [{"text": "专精特新", "expect": None}, {"text": "供应链", "expect": None}, exact],
            "zh-Hant": [{"text": "專精特新", "expect": None}, {"text": "供应链", "expect": None}],
            "en": [{"text": region.split()[0].strip(","), "expect": None}, {"text": "proposal", "expect": None}]}


# ---- 3. the browser ---------------------------------------------------------------------

class Network:
    """Every request of one page (and its workers), in the order they started."""

    def __init__(self, page):
        self.started, self.ended = [], 0
        page.on("request", self._start)  # (Playwright wants a function, not a bound builtin)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    def _start(self, request):
        self.started.append(request)

    def _end(self, request):
        self.ended += 1

    def settle(self, page, quiet_ms: int = 500, limit_ms: int = 30000) -> None:
        """Wait until nothing is in flight and nothing new started for quiet_ms."""
        waited, seen, still = 0, -1, 0
        while waited < limit_ms and still < quiet_ms:
            page.wait_for_timeout(50)  # lets Playwright deliver the events
            waited += 50
            busy = self.ended < len(self.started) or len(self.started) != seen
            seen, still = len(self.started), 0 if busy else still + 50


def is_search(url: str) -> bool:
    """Requests of the search: Pagefind's files, the worker and its data, Material's (empty) index."""
    return "/pagefind/" in url or "/archive-search" in url or "/search/search_index" in url


def transfer(requests: list) -> dict:
    """Bytes of these requests: bodies as sent (cache hits 0), headers apart, the search's part,
    Pagefind's by kind."""
    out = {"bytes": 0, "headers_bytes": 0, "search_bytes": 0, "requests": len(requests), "by_kind": {},
           "search_files": {}}
    for request in requests:
        try:
            sizes = request.sizes()
        except Exception:  # noqa: BLE001  (failed or aborted: nothing arrived)
            continue
        body = max(0, sizes["responseBodySize"])  # a memory-cache hit reports minus its headers
        out["bytes"] += body
        out["headers_bytes"] += sizes["responseHeadersSize"] if body else 0
        if is_search(request.url):
            out["search_bytes"] += body
            name = request.url.split("?")[0].split("/")[-1]
            out["search_files"][name] = out["search_files"].get(name, 0) + body
        if "/pagefind/" in request.url:
            kind = pagefind_kind(request.url.split("/")[-1])
            out["by_kind"][kind] = out["by_kind"].get(kind, 0) + body
    return out


# The worker's own Resource Timing: when each file reached the worker, on the same clock as
# the page's performance.timeOrigin (CDP's loadingFinished can lag it by tens of ms).
WORKER_TIMING = """performance.getEntriesByType("resource").map(e =>
  [e.name, performance.timeOrigin + e.startTime, performance.timeOrigin + e.responseEnd])"""


def search_worker(page):
    return next((w for w in page.workers if "archive-search" in w.url), None)


def worker_files(page, since: float) -> list[tuple[str, float, float]]:
    """(file name, start, end) in page-clock ms of the Pagefind files the search worker asked
    for after `since`."""
    worker = search_worker(page)
    entries = worker.evaluate(WORKER_TIMING) if worker else []
    return [(name.split("?")[0].split("/")[-1], start, end) for name, start, end in entries
            if start >= since and "/pagefind/" in name]


def timings(probe: dict, files: list) -> dict:
    """Time to first results, and its part after the index chunks and after every file."""
    shown = probe["firstItemAt"]
    if not shown:
        return {"ms": None, "after_index_ms": None, "after_pagefind_ms": None, "index_to_fragments_ms": None}
    last_index = max((end for name, _, end in files if name.endswith(".pf_index")), default=None)
    last_file = max((end for _, _, end in files), default=None)
    first_fragment = min((start for name, start, _ in files if name.endswith(".pf_fragment")), default=None)
    return {"ms": shown - probe["inputAt"],
            "after_index_ms": shown - last_index if last_index else None,
            "after_pagefind_ms": shown - last_file if last_file else None,
            # Pagefind's search itself: from the last chunk to asking for the results' fragments
            "index_to_fragments_ms": first_fragment - last_index if last_index and first_fragment else None}


def search(page, net: Network, query: str, timeout_ms: int) -> dict:
    """Fill query into the open search box; time, bytes and results of its answer."""
    mark = len(net.started)
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material searches on a key; typing Chinese key by key may not
    page.wait_for_function(
        "window.__bench.firstItemAt !== null || (window.__bench.metaAt !== null && /(没有|沒有|No matching)/"
        ".test(document.querySelector('.md-search-result__meta').textContent))", timeout=timeout_ms)
    net.settle(page)
    probe = page.evaluate("window.__bench")
    requests = net.started[mark:]
    meta = page.locator(".md-search-result__meta").inner_text()  # "20 个符合条件的结果"
    count = re.search(r"\d+", meta)
    return {"query": query, **transfer(requests), **timings(probe, worker_files(page, probe["inputAt"])),
            "results": page.locator(".md-search-result__item").count(),
            "meta": meta, "found": int(count.group(0)) if count else 0,
            "links": page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")}


def one_context(browser, url: str, first: str, second: str, timeout_ms: int) -> dict:
    """A fresh context (empty cache): page load, a first query, a second one."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.add_init_script(PAGE_PROBE)
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda m: m.type in ("error", "warning") and console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
        net = Network(page)
        page.goto(url)
        net.settle(page)  # the page and the search worker's start-up
        worker = search_worker(page)
        if worker:  # room for every file of both queries in the worker's timing buffer
            worker.evaluate("performance.setResourceTimingBufferSize(100000)")
        load = transfer(list(net.started))
        page.keyboard.press("s")  # Material's shortcut opens the search box
        out = {"load": load, "first": search(page, net, first, timeout_ms),
               "second": search(page, net, second, timeout_ms)}
        out["console"] = console
        return out
    finally:
        context.close()


def check(result: dict, site: Path, base: str, expect: str | None, forms: list[str]) -> None:
    """Add to a query's result: the expected document's rank and the share of shown results
    whose page contains the query."""
    # links carry Material's highlight (?h=…) and maybe an anchor
    pages = [site / re.split(r"[?#]", link)[0][len(base):] for link in result["links"]]
    slugs = [p.stem for p in pages]
    result["expected_rank"] = (slugs.index(expect) + 1 if expect in slugs else None) if expect else None
    # unescaped: "Lu'an" is "Lu&#39;an" in the HTML
    holding = [p for p in pages if p.is_file() and any(f in html.unescape(p.read_text("utf-8")).lower() for f in forms)]
    result["containing_share"] = len(holding) / len(pages) if pages else None


def script_forms(text: str) -> list[str]:
    import opencc

    return list({text.lower(), opencc.OpenCC("s2t").convert(text).lower(), opencc.OpenCC("t2s").convert(text).lower()})


def measure_browser(site: Path, queries: dict[str, list[dict]], reps: int, timeout_ms: int) -> dict:
    """{lang: [sample]}: each query first (then the next one second) in reps fresh contexts."""
    from playwright.sync_api import sync_playwright

    samples: dict[str, list[dict]] = {lang: [] for lang in queries}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for rep in range(reps):
                for lang, qs in queries.items():
                    for i, query in enumerate(qs):
                        follow = qs[(i + 1) % len(qs)]
                        try:
                            sample = one_context(browser, base + LANG_SITE[lang] + "index.html",
                                                 query["text"], follow["text"], timeout_ms)
                        except Exception as error:  # noqa: BLE001  (a timeout: reported, the rest measured)
                            print(f"  rep {rep + 1} {lang} {query['text']}: FAILED {error}", flush=True)
                            samples.setdefault("failed", []).append(
                                {"lang": lang, "query": query["text"], "error": str(error)})
                            continue
                        for key, q in (("first", query), ("second", follow)):
                            check(sample[key], site, base, q["expect"], script_forms(q["text"]))
                        samples[lang].append(sample)
                        f = sample["first"]
                        print(f"  rep {rep + 1} {lang} {query['text']}: {f['bytes'] / 1e3:.0f} kB, "
                              f"{f['ms'] or float('nan'):.0f} ms, {f['results']} results", flush=True)
        finally:
            browser.close()
    return samples


# ---- 4. figures --------------------------------------------------------------------------

def spread(values: list) -> dict | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def summarise(samples: dict[str, list[dict]], queries: dict[str, list[dict]]) -> dict:
    """{lang: {query: figures}}: medians (min, max) over the fresh contexts."""
    out: dict[str, dict] = {}
    for lang, runs in samples.items():
        if lang == "failed":
            continue
        for q in queries[lang]:
            query = q["text"]
            mine = [s for s in runs if s["first"]["query"] == query]
            if not mine:
                continue
            firsts, seconds = [s["first"] for s in mine], [s["second"] for s in mine]
            kinds = {k for f in firsts for k in f["by_kind"]}
            out.setdefault(lang, {})[query] = {
                "first_bytes": spread([f["bytes"] for f in firsts]),
                "first_requests": spread([f["requests"] for f in firsts]),
                "first_bytes_by_kind": {k: spread([f["by_kind"].get(k, 0) for f in firsts]) for k in sorted(kinds)},
                "first_ms": spread([f["ms"] for f in firsts]),
                "after_index_ms": spread([f["after_index_ms"] for f in firsts]),
                "after_pagefind_ms": spread([f["after_pagefind_ms"] for f in firsts]),
                "index_to_fragments_ms": spread([f["index_to_fragments_ms"] for f in firsts]),
                "results": spread([f["results"] for f in firsts]),
                "found": spread([f["found"] for f in firsts]),
                "expect": q["expect"],
                "expected_rank": [f["expected_rank"] for f in firsts],
                "containing_share": spread([f["containing_share"] for f in firsts]),
                "second_query": seconds[0]["query"],
                "second_bytes": spread([s["bytes"] for s in seconds]),
                "second_ms": spread([s["ms"] for s in seconds]),
                "load_bytes": spread([s["load"]["bytes"] for s in mine]),
                "load_search_bytes": spread([s["load"]["search_bytes"] for s in mine]),
                "load_search_files": mine[0]["load"]["search_files"],  # the same files each time
                "console": sorted({m for s in mine for m in s["console"]}),
            }
    return out


def kb(spread_: dict | None) -> str:
    if not spread_:
        return "–"
    return f"{spread_['median'] / 1e3:.0f} kB ({spread_['min'] / 1e3:.0f}–{spread_['max'] / 1e3:.0f})"


def ms(spread_: dict | None) -> str:
    if not spread_:
        return "–"
    return f"{spread_['median']:.0f} ms ({spread_['min']:.0f}–{spread_['max']:.0f})"


def disk_cell(disk: dict, kind: str) -> str:
    entry = disk.get(kind, {"bytes": 0, "files": 0})
    return f"{entry['bytes'] / MB:.2f} MB ({entry['files']:,})"


def build_table(results: list[dict]) -> str:
    rows = ["| documents | build | site stage | lang | mkdocs | pagefind | pagefind/ total (files) | index/ | "
            "fragment/ | filter/ | meta | wasm+js |",
            "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        sec, cost = r["site_seconds"], r["pagefind"]
        for lang in LANG_SITE:
            failed = f" (exit {r['build']['code']})" if r["build"]["code"] else ""
            rows.append(f"| {r['documents']:,} | {r['build']['seconds']:.0f} s{failed} | {sec.get('site_stage', 0):.0f} s | "
                        f"{lang} | {sec.get(f'mkdocs.{lang}', 0):.1f} s | {sec.get(f'pagefind.{lang}', 0):.1f} s | "
                        + " | ".join(disk_cell(r.get("disk", {}).get(lang, {}), k)
                                     for k in ("total", "index", "fragment", "filter", "meta", "wasm+js")) + " |")
        if "sum" in cost:
            rows.append(f"| {r['documents']:,} | | | all | | {cost['sum']:.1f} s = "
                        f"{100 * cost['share_of_language_builds']:.0f}% of the language builds, "
                        f"≈ {cost['estimated_wall']:.0f} s ({100 * cost['estimated_wall'] / cost['site_stage']:.0f}%) "
                        f"of the site stage's {cost['site_stage']:.0f} s wall | | | | | | |")
    return "\n".join(rows)


def query_table(results: list[dict]) -> str:
    rows = ["| documents | lang | query | 1st query bytes | of which index / fragment | requests | "
            "time to first results | after last index chunk | of which search (chunk → fragments) | "
            "after last pagefind file | shown / found | check | "
            "2nd query | 2nd bytes | 2nd time | page load (search part) |",
            "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|"]
    for r in results:
        for lang, queries in r.get("search", {}).items():
            for query, f in queries.items():
                by = f["first_bytes_by_kind"]
                check_ = (f"expected doc at rank {f['expected_rank']}" if f["expect"] else
                          f"{100 * (f['containing_share'] or {}).get('median', 0):.0f}% contain it")
                rows.append(
                    f"| {r['documents']:,} | {lang} | {query} | {kb(f['first_bytes'])} | "
                    f"{kb(by.get('index'))} / {kb(by.get('fragment'))} | {f['first_requests']['median']:.0f} | "
                    f"{ms(f['first_ms'])} | {ms(f['after_index_ms'])} | {ms(f['index_to_fragments_ms'])} | "
                    f"{ms(f['after_pagefind_ms'])} | "
                    f"{f['results']['median']:.0f} / {f['found']['median']:.0f} | {check_} | {f['second_query']} | {kb(f['second_bytes'])} | "
                    f"{ms(f['second_ms'])} | {f['load_bytes']['median'] / 1e3:.0f} kB "
                    f"(search {f['load_search_bytes']['median'] / 1e3:.0f} kB) |")
    return "\n".join(rows)


def load_lines(results: list[dict]) -> str:
    """What the search fetches at page load (the worker's start-up), file by file."""
    lines = []
    for r in results:
        for lang, queries in r.get("search", {}).items():
            files = next(iter(queries.values()))["load_search_files"]
            lines.append(f"{r['documents']:,} {lang} page-load search files: " + ", ".join(
                f"{name} {size / 1e3:.0f} kB" for name, size in sorted(files.items(), key=lambda f: -f[1])))
    return "\n".join(lines)


def aims(results: list[dict]) -> list[str]:
    """Whether the issue's aim is met, per size, judged on the worst query's median."""
    lines = []
    for r in results:
        queries = [f for qs in r.get("search", {}).values() for f in qs.values()]
        if not queries:
            continue
        worst = max(f["first_bytes"]["median"] for f in queries)
        # the worker's start-up (Pagefind's entry, meta, wasm, the script table) is fetched at page load
        with_setup = max(f["first_bytes"]["median"] + f["load_search_bytes"]["median"] for f in queries)
        line = (f"{r['documents']:,} documents: first query <= {AIM_BYTES / MB:.0f} MB: {verdict(worst <= AIM_BYTES)} "
                f"(worst median {worst / 1e3:.0f} kB; with the search start-up fetched at page load "
                f"{with_setup / 1e3:.0f} kB: {verdict(with_setup <= AIM_BYTES)})")
        for key, label in (("after_index_ms", "the last index chunk"), ("after_pagefind_ms", "the last Pagefind file")):
            times = [f[key]["median"] for f in queries if f[key]]
            line += (f"; results < {AIM_MS} ms after {label}: "
                     + (f"{verdict(max(times) < AIM_MS)} (worst median {max(times):.0f} ms)" if times else "n/a"))
        lines.append(line)
    return lines


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


# ---- main --------------------------------------------------------------------------------

def bench(n: int, root: Path, reps: int, reuse: bool, timeout_ms: int) -> dict:
    saved = root / "build-figures.json"
    if reuse and saved.is_file():
        result = load_json(saved)
    else:
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        result = build(n, root)
        saved.write_text(json.dumps(result, indent=1))
    result["pagefind"] = pagefind_cost(result["site_seconds"])
    if result["build"]["code"] != 0:
        print(f"[{n}] the build failed: see {root / 'build.log'}", file=sys.stderr)
        return result
    result["disk"] = {lang: pagefind_disk(root / "site" / sub / "pagefind") for lang, sub in LANG_SITE.items()}
    result["queries"] = pick_queries(root / "work")
    print(f"[{n}] searching: {json.dumps(result['queries'], ensure_ascii=False)}", flush=True)
    samples = measure_browser(root / "site", result["queries"], reps, timeout_ms)
    result["search"] = summarise(samples, result["queries"])
    result["samples"] = samples
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000])
    ap.add_argument("--reps", type=int, default=5, help="fresh browser contexts per query (default 5)")
    ap.add_argument("--keep", type=Path, default=None, help="build in DIR/search-N and keep it")
    ap.add_argument("--reuse", action="store_true", help="with --keep: measure the sites already built there")
    ap.add_argument("--timeout", type=float, default=60, help="seconds to wait for a query's results")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "search.json")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing (make browser-deps)", file=sys.stderr)
        return 1
    results = []
    for n in args.sizes:
        root = (args.keep / f"search-{n}") if args.keep else Path(tempfile.mkdtemp(prefix=f"search-{n}-"))
        try:
            results.append(bench(n, root.resolve(), args.reps, args.reuse and bool(args.keep), int(args.timeout * 1000)))
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False))  # after each size
    print(build_table(results))
    print()
    print(query_table(results))
    print()
    print(load_lines(results))
    print()
    print("\n".join(aims(results)))
    for r in results:
        for lang, queries in r.get("search", {}).items():
            for query, f in queries.items():
                for message in f["console"]:
                    print(f"console [{r['documents']} {lang} {query}]: {message}")
        for failure in r.get("samples", {}).get("failed", []):
            print(f"failed [{r['documents']} {failure['lang']} {failure['query']}]: {failure['error']}")
    print(f"figures: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
