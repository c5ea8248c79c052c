"""Records-stage throughput: documents per second over many copies of the seeds, on one core.

Usage: python benchmarks/records_throughput.py [--copies 400] [--runs 5]
Prints the median of several runs (these machines are shared and noisy).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.read import source_files  # noqa: E402
from build_scripts.records import make_records, write_records  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=400, help="copies of each seed")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (1: the one-core figure)")
    args = parser.parse_args()
    seeds = sorted((ROOT / "source").glob("*.txt"))
    with tempfile.TemporaryDirectory() as work:
        src = Path(work) / "src"
        src.mkdir()
        for copy in range(args.copies):
            for seed in seeds:
                shutil.copy(seed, src / f"{seed.stem}_{copy:05d}.txt")
        count = args.copies * len(seeds)
        make_records(source_files(src)[0], jobs=args.jobs)  # load the rule files once, as a long build would
        wall, cpu = [], []
        for run in range(args.runs):
            out = Path(work) / f"out{run}"
            start, start_cpu = time.perf_counter(), time.process_time()
            written, failures, _ = make_records(source_files(src)[0], jobs=args.jobs)
            write_records(written, out)
            wall.append(count / (time.perf_counter() - start))
            cpu.append(count / (time.process_time() - start_cpu))
            assert len(written) == count and not failures
    # CPU time is what this process itself used (with jobs=1, all the work): steadier than
    # wall time on a shared machine
    # (with workers, this process's CPU time leaves theirs out: only wall time means anything)
    cpu_figure = f"median {statistics.median(cpu):.0f} docs per CPU-second, " if args.jobs == 1 else ""
    print(f"records stage, {count} documents, {args.runs} runs, jobs={args.jobs}: {cpu_figure}"
          f"median {statistics.median(wall):.0f} docs/s wall (min {min(wall):.0f}, max {max(wall):.0f})")


if __name__ == "__main__":
    main()
