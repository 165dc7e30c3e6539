"""Telemetry log figures: append throughput, `stats` over a million records, memory while reading, and the
cost `load_summary` adds to every `routesmith explain`.

Run: python bench/bench_telemetry.py [--records 1000000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from routesmith.model import Capability, OutcomeRecord, Source, TaskType, TelemetrySettings
from routesmith.telemetry import load_summary, open_log
from routesmith.telemetry.log import HEADER_BYTES, StatsRecord, encode_frames

MODELS = [
    "claude-opus-4-7",
    "claude-sonnet-4-6",
    "claude-haiku-4-5",
    "gpt-5.4",
    "gpt-5.4-mini",
    "gemini-3.1-pro",
]
HOSTS = ["claude_code", "cursor", "copilot", "codex"]
# Runs the CLI, then reports this process's peak RSS (VmHWM: unlike ru_maxrss, not inherited across exec).
MEMORY_PROBE = (
    "import re, sys\n"
    "from routesmith.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "status = open('/proc/self/status').read()\n"
    "print(re.search(r'VmHWM:\\s+(\\d+)', status)[1], file=sys.stderr)\n"
    "raise SystemExit(code)\n"
)
BUDGET = 128 << 20  # a disk budget that holds a million records (the default 64 MiB holds ~800k)


def records(count: int, seed: int = 1) -> list[OutcomeRecord]:
    rng = random.Random(seed)
    start = time.time() - 60 * 86400
    tasks = list(TaskType)
    return [
        OutcomeRecord(
            time=start + i * 60 * 86400 / count,
            host=rng.choice(HOSTS),
            model=rng.choice(MODELS),
            task=(task := rng.choice(tasks)),
            capability=list(Capability)[hash(task) % 4],
            success=rng.random() < 0.8,
            source=Source.RUN,
            duration_ms=rng.lognormvariate(8, 0.5),
            route_id=f"r{i // 4}",
            step_id=i % 4 + 1,
        )
        for i in range(count)
    ]


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bench_append(base: Path) -> None:
    print("append throughput (records acknowledged per second):")
    sample = records(20_000)
    for fsync in (False, True):
        log = open_log(TelemetrySettings(path=str(base / f"append-{fsync}.rslog"), fsync=fsync))
        single = sample[: 2000 if fsync else 5000]
        seconds = timed(lambda log=log, single=single: [log.append(r) for r in single])
        print(f"  one at a time, fsync={fsync!s:<5}  {len(single) / seconds:>10,.0f}/s")
        seconds = timed(
            lambda log=log: [log.append(sample[i : i + 1000]) for i in range(0, len(sample), 1000)]
        )
        print(f"  batches of 1000, fsync={fsync!s:<5} {len(sample) / seconds:>9,.0f}/s")


def write_log(path: Path, count: int, through_writer: bool) -> None:
    """The log `count` one-record appends leave: through the real writer (which rotates and compacts
    every 1/16 of the budget), or as raw one-record frames that were never compacted (the worst case)."""
    chunk = 100_000
    if through_writer:
        log = open_log(TelemetrySettings(path=str(path), max_bytes=BUDGET))
        for start in range(0, count, chunk):
            for record in records(min(chunk, count - start), seed=start):
                log.append(record)
        return
    with open(path, "wb") as out:
        out.write(HEADER_BYTES)
        for start in range(0, count, chunk):
            out.write(b"".join(encode_frames([r]) for r in records(min(chunk, count - start), seed=start)))


def run_stats(path: Path, *args: str) -> tuple[float, int]:
    env = {**os.environ, "ROUTESMITH_TELEMETRY_PATH": str(path)}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, "stats", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - started, int(result.stderr.strip().splitlines()[-1])


def bench_stats(base: Path, count: int) -> None:
    from routesmith.telemetry.stats import aggregate

    print("\nstats: whole `routesmith stats` process (wall clock), read+aggregate in one process, peak RSS")
    for through_writer in (True, False):
        layout = "appended one at a time" if through_writer else "never compacted (worst)"
        for n in (count // 10, count):
            path = base / f"stats-{n}-{through_writer}" / "telemetry.rslog"
            path.parent.mkdir()
            write_log(path, n, through_writer)
            size = sum(p.stat().st_size for p in path.parent.glob("telemetry.rslog*"))
            seconds, rss_kb = run_stats(path)
            filtered, _ = run_stats(path, "--host", "cursor", "--since", "30d")
            log = open_log(TelemetrySettings(path=str(path)))
            aggregation = timed(lambda log=log: aggregate(log.iter_batches(StatsRecord)))
            print(
                f"  {n:>9,} records, {layout:<24} {size / 1e6:6.1f} MB  stats {seconds:5.2f} s  "
                f"filtered {filtered:5.2f} s  read+aggregate {aggregation:5.2f} s  "
                f"peak RSS {rss_kb / 1024:5.1f} MB"
            )


def bench_summary(base: Path, count: int) -> None:
    print(f"\nload_summary (what every `routesmith explain` pays), log of {count:,} records:")
    path = base / f"stats-{count}-True" / "telemetry.rslog"
    settings = TelemetrySettings(path=str(path), max_bytes=BUDGET)
    Path(str(path) + ".summary").unlink(missing_ok=True)
    print(f"  first call, no side file yet      {timed(lambda: load_summary(settings)) * 1e3:8.1f} ms")
    print(f"  side file fresh                   {timed(lambda: load_summary(settings)) * 1e3:8.1f} ms")
    open_log(settings).append(records(1)[0])
    print(f"  after one more append             {timed(lambda: load_summary(settings)) * 1e3:8.1f} ms")
    open_log(settings).append(records(100_000, seed=7))  # past 1/16 of the budget: the active file rotates
    print(f"  after 100,000 more and a rotation {timed(lambda: load_summary(settings)) * 1e3:8.1f} ms")
    print(f"  side file fresh again             {timed(lambda: load_summary(settings)) * 1e3:8.1f} ms")
    # Bytecode caching on, as in a normal install (this sandbox sets PYTHONDONTWRITEBYTECODE).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    probe = (
        "from routesmith.model import TelemetrySettings\n"
        "from routesmith.telemetry import load_summary\n"
        f"load_summary(TelemetrySettings(path={str(path)!r}))\n"
    )
    subprocess.run([sys.executable, "-c", probe], env=env, check=True)  # writes the .pyc files
    seconds = timed(lambda: subprocess.run([sys.executable, "-c", probe], env=env, check=True))
    bare = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], env=env, check=True))
    print(
        f"  whole process: python + import + load_summary {seconds * 1e3:.0f} ms (bare: {bare * 1e3:.0f} ms)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, help="where to write the logs (default: a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = args.dir or Path(scratch)
        base.mkdir(parents=True, exist_ok=True)
        bench_append(base)
        bench_stats(base, args.records)
        bench_summary(base, args.records)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
