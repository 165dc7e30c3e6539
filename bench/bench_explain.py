"""Whole-process `routesmith explain` latency, ours vs the original routesmith 0.1.8, in one run.

    python bench/bench_explain.py [--runs 30] [--original PATH/TO/original/bin/routesmith]

The original is installed on first use into .bench/orig (a separate venv: its PyPI name is `routesmith`,
ours is `routesmith-lsp`, and both install a `routesmith` command). Each run is a fresh process with a
clean HOME, so neither side reads a user config or telemetry; runs alternate between the two so machine
noise hits both alike. Wall time is what a user waits; CPU time (the child's user + system) is printed beside
it because on a shared, loaded machine it moves far less from run to run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROMPT = "Plan this feature, implement it, add tests, and write docs"


def original_command(given: str | None) -> Path:
    if given:
        return Path(given)
    venv = ROOT / ".bench" / "orig"
    exe = venv / "bin" / "routesmith"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "routesmith==0.1.8"], check=True)
    return exe


def time_once(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall ms, CPU ms) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--original", help="the original's routesmith executable (default: .bench/orig)")
    args = parser.parse_args()

    ours = shutil.which("routesmith", path=str(Path(sys.executable).parent)) or "routesmith"
    theirs = str(original_command(args.original))
    with tempfile.TemporaryDirectory() as home:
        env = {"PATH": os.environ["PATH"], "HOME": home, "LANG": "C.UTF-8"}
        commands = {
            "routesmith-lsp": [ours, "explain", PROMPT],
            "routesmith 0.1.8": [theirs, "explain", PROMPT],
        }
        for argv in commands.values():  # warm the page cache and .pyc files
            time_once(argv, env, Path(home))
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                times[name].append(time_once(argv, env, Path(home)))
    print(f"routesmith explain, whole process, {args.runs} runs each (clean HOME)")
    medians: dict[str, tuple[float, float]] = {}
    for name, samples in times.items():
        walls, cpus = [wall for wall, _ in samples], [cpu for _, cpu in samples]
        medians[name] = statistics.median(walls), statistics.median(cpus)
        p90 = statistics.quantiles(walls, n=10)[-1]
        wall, cpu = medians[name]
        print(f"  {name:18} p50 {wall:7.1f} ms   p90 {p90:7.1f} ms   CPU p50 {cpu:7.1f} ms")
    ours, theirs = medians["routesmith-lsp"], medians["routesmith 0.1.8"]
    print(f"  speed-up (median): {theirs[0] / ours[0]:.1f}x wall, {theirs[1] / ours[1]:.1f}x CPU")


if __name__ == "__main__":
    main()
