"""Scale benchmark: the real `build` command on generated raw archives of 1,000 (and 5,000)
documents.

    .venv/bin/python benchmarks/scale.py               # 1,000 documents
    .venv/bin/python benchmarks/scale.py --sizes 1000 5000
    .venv/bin/python benchmarks/scale.py --keep DIR    # keep the generated archive and outputs

The generator writes plain .txt pages like source/*.txt: distinct titles, issuing bodies
(a real prefecture-level city from build_scripts/data/regions.yaml + a department), dates
and regions; bodies recombined from the paragraphs and headings of the seeds in source/;
page chrome (无障碍版, page-information lines, 扫一扫在手机打开当前页, 相关附件 …) sprinkled in.

For each size it reports:
- cold: `python -m build_scripts build` into empty docs/site/work folders;
- no-change: the same command again (median of three);
- one-changed: after editing one paragraph of one document;
- site build: the site stage alone (every listing and shard built again: `--always`);
- peak memory: the largest single process (getrusage children maxrss) and the peak summed
  resident memory of the whole process tree (sampled from /proc every 0.2 s);
- the size of each language's search index;
- the exports: the bulk data (`export`) cold and reused, the ZIM and the zip snapshot, times and sizes.
Aims on the 2-core machine: no-change < 10% of cold; 1,000 documents < 5 min; peak < 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
LANG_SITE = {"zh": "", "zh-Hant": "zh-Hant/", "en": "en/"}

DEPARTMENTS = ["工业和信息化局", "发展和改革委员会", "财政局", "科学技术局", "人力资源和社会保障局",
               "商务局", "交通运输局", "生态环境局", "文化和旅游局", "市场监督管理局", "农业农村局",
               "住房和城乡建设局", "自然资源和规划局", "教育局", "卫生健康委员会", "人民政府办公室"]
TOPICS = ["专精特新企业培育", "供应链金融", "中小企业融资担保", "产业链链长制", "数字化转型",
          "营商环境优化", "技术改造", "工业互联网", "绿色制造", "人才引进", "普惠金融", "品牌建设",
          "标准化厂房建设", "招商引资", "科技成果转化", "乡村振兴", "老旧小区改造", "职业技能培训",
          "新能源汽车", "跨境电商", "文旅融合", "冷链物流", "智慧城市", "生态环境保护"]
VERBS = ["加快推进", "进一步加强", "全面推行", "支持", "做好", "深化", "促进", "规范"]
CHROME_HEAD = ["无障碍版", "【字体:大 中 小】", "打印本页 关闭窗口", "欢迎访问本网站"]
CHROME_TAIL = ["扫一扫在手机打开当前页", "内容纠错", "相关附件:", "相关阅读", "上一篇:", "下一篇:",
               "本文由转载于互联网,如有侵权请联系删除!"]
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))")


def seed_material(source: Path = ROOT / "source") -> tuple[list[str], list[str]]:
    """(paragraphs, headings) of the seed documents: long body lines and short numbered heads."""
    paras, heads = [], []
    for path in sorted(source.glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            text = line.strip()
            if "\ufffd" in text:
                continue
            if HEADING.match(text) and len(text) <= 40:
                heads.append(HEADING.sub("", text).strip(" 。"))
            elif len(text) >= 60 and text.endswith(("。", "；", ";")):
                paras.append(text)
    return paras, heads


def cities() -> list[tuple[str, str]]:
    data = yaml.load((ROOT / "build_scripts/data/regions.yaml").read_text("utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return [(p["name"], p.get("parent") or "") for p in data["places"]
            if p.get("level") == "city" and p["name"].endswith("市")]


CN_NUM = "一二三四五六七八九十"


def document(i: int, rng: random.Random, paras: list[str], heads: list[str],
             places: list[tuple[str, str]]) -> str:
    city, _province = places[rng.randrange(len(places))]
    agency = city + rng.choice(DEPARTMENTS)
    year = rng.randint(2015, 2024)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    topic = rng.choice(TOPICS)
    kind = rng.random()
    if kind < 0.4:
        session = rng.randint(1, 5)
        title = (f"{agency}关于对{city}政协第{rng.randint(8, 14)}届{CN_NUM[session - 1]}次会议"
                 f"第{i + 1}号提案的答复")
        addressee = rng.choice(["张委员", "李委员", "王委员", "陈委员", "市台盟", "民建市委会"]) + ":"
    elif kind < 0.7:
        title = f"关于对{city}人大第{rng.randint(8, 16)}届会议第{i + 1}号建议答复的函"
        addressee = rng.choice(["刘代表", "赵代表", "徐代表", "孙代表"]) + ":"
    else:
        title = f"{agency}关于{rng.choice(VERBS)}{topic}工作的通知（第{i + 1}号）"
        addressee = "各县(市、区)人民政府,市直各单位:"
    lines = []
    if rng.random() < 0.6:
        lines.append(rng.choice(CHROME_HEAD))
    lines.append(title)
    if rng.random() < 0.7:
        lines.append(f"来源:本网 发布时间:{year}-{month:02d}-{day:02d} 浏览次数:{rng.randint(1, 9999)} "
                     "【字体: 分享到:")
    lines += ["", addressee, ""]
    lines.append(f"  关于{topic}的有关意见收悉,经认真研究,现答复如下:")
    for h in range(rng.randint(2, 5)):
        lines += ["", f"{CN_NUM[h]}、{rng.choice(heads)}", ""]
        for _ in range(rng.randint(1, 4)):
            lines.append("  " + rng.choice(paras))
    lines += ["", "  感谢您对我市工作的关心和支持。", "", agency,
              f"{year}年{month}月{day}日",
              f"(联系人:{rng.choice('张王李赵刘陈')}**,联系电话:0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)})"]
    if rng.random() < 0.7:
        lines += ["", ""] + rng.sample(CHROME_TAIL, rng.randint(1, 3))
    return "\n".join(lines) + "\n"


def generate(out: Path, n: int, seed: int = 2024) -> Path:
    """n raw documents in out/ (gen-00000.txt …); returns out."""
    paras, heads = seed_material()
    places = cities()
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (out / f"gen-{i:05d}.txt").write_text(document(i, rng, paras, heads, places), encoding="utf-8")
    return out


class TreeMemory:
    """Peak summed RSS of a process and all its descendants, sampled from /proc."""

    def __init__(self, pid: int, every: float = 0.2):
        self.pid, self.every, self.peak, self._stop = pid, every, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree_rss(self) -> int:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    stat = fh.read()
                with open(f"/proc/{entry}/statm") as fh:
                    pages = int(fh.read().split()[1])
            except OSError:
                continue
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(entry))
            rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
        total, todo = 0, [self.pid]
        while todo:
            pid = todo.pop()
            total += rss.get(pid, 0)
            todo += children.get(pid, [])
        return total

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._tree_rss())
            self._stop.wait(self.every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(cmd: list[str], log: Path) -> dict:
    """Run cmd; wall seconds, exit code, peak tree RSS and largest single-process maxrss."""
    started = time.perf_counter()
    with open(log, "ab") as fh:
        fh.write(("$ " + " ".join(cmd) + "\n").encode())
        fh.flush()
        # /usr/bin/time -f %M gives the largest single process of this command alone
        timed = ["/usr/bin/time", "-f", "MAXRSS_KB %M"] + cmd if Path("/usr/bin/time").exists() else cmd
        proc = subprocess.Popen(timed, cwd=ROOT, stdout=fh, stderr=subprocess.PIPE)
        mem = TreeMemory(proc.pid)
        _, err = proc.communicate()
        peak_tree = mem.stop()
        fh.write(err)
    m = re.search(rb"MAXRSS_KB (\d+)", err)
    timings = re.search(rb"^timings: (\{.*\})$", err, re.M)
    return {"seconds": time.perf_counter() - started, "code": proc.returncode,
            "stages": json.loads(timings.group(1)) if timings else {},
            "peak_tree_mb": peak_tree / 2**20,
            "max_process_mb": int(m.group(1)) / 1024 if m else
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def build_cmd(src: Path, docs: Path, site: Path, work: Path, jobs: int | None) -> list[str]:
    cmd = [PY, "-m", "build_scripts", "build", "--source", str(src), "--docs", str(docs),
           "--site", str(site), "--work", str(work)]
    if jobs and "--jobs" in subprocess.run([PY, "-m", "build_scripts", "build", "--help"], cwd=ROOT,
                                           capture_output=True, text=True).stdout:
        cmd += ["--jobs", str(jobs)]
    return cmd


def index_sizes(site: Path) -> dict[str, int]:
    """Bytes of each language's Pagefind index (all its shards)."""
    return {lang: sum(p.stat().st_size for p in (site / sub / "pagefind").rglob("*") if p.is_file())
            for lang, sub in LANG_SITE.items() if (site / sub / "pagefind").is_dir()}


def where_bytes_go(site: Path, n: int) -> dict[str, float]:
    """Bytes per document page (n documents × 3 languages) by kind of file."""
    kinds: dict[str, int] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        parts = relative.split("/")
        parts = parts[1:] if parts[0] in ("zh-Hant", "en") else parts
        if parts[0] == "documents":
            kind = "page html"
        elif parts[0] == "downloads" and parts[-1].startswith("archive."):
            kind = "bulk data"
        elif parts[0] == "downloads":
            kind = "downloads (txt, json, citations)"
        elif parts[0] == "pagefind":
            kind = "search index"
        else:
            kind = "listing pages and assets"
        kinds[kind] = kinds.get(kind, 0) + path.stat().st_size
    pages = 3 * n
    return {kind: round(size / pages) for kind, size in sorted(kinds.items())} | {
        "total": round(sum(kinds.values()) / pages)}


def bench(n: int, root: Path, jobs: int | None, quick: bool = False) -> dict:
    src = generate(root / "source", n)
    docs, site, work, log = root / "docs", root / "site", root / "work", root / "build.log"
    docs.mkdir(exist_ok=True)  # as in a checkout (docs/ holds a README there)
    cmd = build_cmd(src, docs, site, work, jobs)
    res = {"documents": n, "source_mb": sum(p.stat().st_size for p in src.iterdir()) / 1e6}
    print(f"[{n}] cold build …", flush=True)
    res["cold"] = run(cmd, log)
    print(f"[{n}] cold {res['cold']['seconds']:.1f}s (exit {res['cold']['code']})", flush=True)
    res["index_bytes"] = index_sizes(site)
    res["site_mb"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
    res["bytes_per_page"] = where_bytes_go(site, n)
    print(f"[{n}] stages: {res['cold']['stages']}", flush=True)
    print(f"[{n}] bytes per page: {res['bytes_per_page']}", flush=True)
    # the machine is shared and noisy: the median of three no-change runs
    runs = sorted((run(cmd, log) for _ in range(3)), key=lambda r: r["seconds"])
    res["no_change"] = runs[1]
    res["no_change_all"] = [round(r["seconds"], 1) for r in runs]
    print(f"[{n}] no-change {res['no_change_all']} s", flush=True)
    victim = src / f"gen-{n // 2:05d}.txt"
    text = victim.read_text("utf-8").splitlines()
    body = max(range(len(text)), key=lambda k: len(text[k]))
    text[body] = text[body].replace("。", "。本段于复核时作了修改。", 1)
    victim.write_text("\n".join(text) + "\n", "utf-8")
    res["one_changed"] = run(cmd, log)
    print(f"[{n}] one-changed {res['one_changed']['seconds']:.1f}s: {res['one_changed']['stages']}", flush=True)
    if quick:  # the bulk data, ZIM, snapshot and a second whole site build take long at large sizes
        return res
    res.update(exports(root, site, work, log))
    site2 = root / "site-alone"
    res["site_build"] = run([PY, "-m", "build_scripts", "site", "--docs", str(docs), "--site", str(site2),
                             "--work", str(root / "site-work"), "--always"], log)
    print(f"[{n}] site build alone {res['site_build']['seconds']:.1f}s", flush=True)
    return res


def exports(root: Path, site: Path, work: Path, log: Path) -> dict:
    """Each export on the built archive: the bulk data cold (its cache emptied) and reused, the ZIM
    and the zip snapshot, with their sizes."""
    shutil.rmtree(work / "cache" / "exports", ignore_errors=True)
    export = [PY, "-m", "build_scripts", "export", "--work", str(work), "--site", str(site)]
    out = {"export_cold": run(export, log), "export_reused": run(export, log)}
    downloads = site / "downloads"
    out["export_bytes"] = {name: (downloads / name).stat().st_size
                           for name in ("archive.jsonl.gz", "archive.sqlite", "metadata.csv", "README.md")
                           if (downloads / name).exists()}
    zim, snapshot = root / "archive.zim", root / "archive-snapshot.zip"
    out["zim"] = run([PY, "-m", "build_scripts", "zim", "--site", str(site), "--out", str(zim)], log)
    out["snapshot"] = run([PY, "-m", "build_scripts", "snapshot", "--site", str(site), "--out", str(snapshot)], log)
    out["zim_mb"] = zim.stat().st_size / 1e6 if zim.exists() else float("nan")
    out["snapshot_mb"] = snapshot.stat().st_size / 1e6 if snapshot.exists() else float("nan")
    print(f"exports: bulk data {out['export_cold']['seconds']:.1f} s cold, {out['export_reused']['seconds']:.1f} s "
          f"reused; ZIM {out['zim']['seconds']:.1f} s ({out['zim_mb']:.1f} MB); snapshot "
          f"{out['snapshot']['seconds']:.1f} s ({out['snapshot_mb']:.1f} MB)", flush=True)
    return out


STAGES = ("records", "variants", "exports", "render", "site.pages", "site.listing.zh", "site.mkdocs.zh",
          "site.pagefind.zh", "site.mkdocs.zh-Hant", "site.pagefind.zh-Hant", "site.mkdocs.en", "site.pagefind.en",
          "site.languages", "site.assemble", "write")


def report(results: list[dict]) -> str:
    rows = ["| documents | cold | no-change | one changed | peak tree RSS | largest process | "
            "search index zh / zh-Hant / en | site | bytes per page |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        runs = [r[k] for k in ("cold", "no_change", "one_changed", "site_build") if k in r]
        idx = r.get("index_bytes", {})
        rows.append(
            f"| {r['documents']:,} | {r['cold']['seconds']:.0f} s | {r['no_change']['seconds']:.1f} s | "
            f"{r['one_changed']['seconds']:.1f} s ({100 * r['one_changed']['seconds'] / r['cold']['seconds']:.0f}%) | "
            f"{max(x['peak_tree_mb'] for x in runs):,.0f} MB | {max(x['max_process_mb'] for x in runs):,.0f} MB | "
            + " / ".join(f"{idx.get(lang, 0) / 1e6:.1f}" for lang in LANG_SITE) + " MB"
            + f" | {r['site_mb']:,.0f} MB | {r['bytes_per_page']['total'] / 1e3:.1f} kB |")
    rows += ["", "Seconds by stage (cold build / one document changed; site.* are summed over the "
             "builds, which run two at a time; site.languages is their wall time):", "",
             "| documents | " + " | ".join(STAGES) + " |", "|---:|" + "---:|" * len(STAGES)]
    for r in results:
        cold, one = r["cold"]["stages"], r["one_changed"]["stages"]
        rows.append(f"| {r['documents']:,} | " + " | ".join(
            f"{cold.get(stage, 0):.0f} / {one.get(stage, 0):.1f}" for stage in STAGES) + " |")
    rows += ["", "| documents | bulk data cold | reused | archive.sqlite | archive.jsonl.gz | ZIM | ZIM size | "
             "zip snapshot | snapshot size |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        if "zim" not in r:
            continue
        sizes = r["export_bytes"]
        rows.append(f"| {r['documents']:,} | {r['export_cold']['seconds']:.1f} s | {r['export_reused']['seconds']:.1f} s | "
                    f"{sizes.get('archive.sqlite', 0) / 1e6:.1f} MB | {sizes.get('archive.jsonl.gz', 0) / 1e6:.1f} MB | "
                    f"{r['zim']['seconds']:.0f} s | {r['zim_mb']:.1f} MB | {r['snapshot']['seconds']:.0f} s | "
                    f"{r['snapshot_mb']:.1f} MB |")
    return "\n".join(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000],
                    help="archive sizes (default 1000; 5000 takes a long time on 2 cores)")
    ap.add_argument("--jobs", type=int, default=None, help="passed to build when it accepts --jobs")
    ap.add_argument("--keep", type=Path, default=None, help="work here and keep everything")
    ap.add_argument("--quick", action="store_true",
                    help="only the builds (cold, no change, one changed): no bulk data, ZIM, snapshot or second site build")
    ap.add_argument("--generate-only", type=Path, default=None, metavar="DIR",
                    help="only write a raw archive of the first size into DIR")
    args = ap.parse_args(argv)
    if args.generate_only:
        generate(args.generate_only, args.sizes[0])
        print(f"wrote {args.sizes[0]} documents into {args.generate_only}")
        return 0
    results = []
    for n in args.sizes:
        root = (args.keep / f"scale-{n}") if args.keep else Path(tempfile.mkdtemp(prefix=f"scale-{n}-"))
        if root.exists() and args.keep:
            shutil.rmtree(root)
        root.mkdir(parents=True, exist_ok=True)
        try:
            results.append(bench(n, root, args.jobs, args.quick))
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
        print(json.dumps(results[-1], indent=1))
    print(report(results))
    failed = [r for r in results if any(r[k]["code"] for k in ("cold", "no_change", "one_changed"))]
    if failed:
        print("note: a build exited non-zero (see build.log with --keep)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
