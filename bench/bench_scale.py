"""How `routesmith explain --json` grows with the prompt: 10 KB to 1 MB of prose, of a numbered list, of
Japanese prose, of one Japanese run of nouns joined by "と" with no punctuation (no clause ever ends) and
of one Japanese run of "-te" chunks with no full stop.

    python bench/bench_scale.py [--sizes 10000,100000,1000000] [--runs 3]

Each run is a fresh `routesmith explain --json --file` process with a clean HOME. Prints, per input and
size, the median wall time (and CPU time, steadier on a loaded machine), the peak RSS (the child's
ru_maxrss), the steps found and the JSON bytes per step; then the ratios from the smallest to the largest
size, beside the ratio of the sizes: linear growth keeps the time ratio near the size ratio (start-up weighs
on the small end), and memory per step flat.
Targets for 1 MB: at most 3 s, 300 MiB peak and 1 KB of JSON per step. No asserts: numbers only.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Each input repeats one unit with its own number ({n}), so no two pieces of a long paragraph are the same
# text (the decomposer reads a paragraph 64 KiB at a time and caches what it read: a text of one repeated
# sentence would be read once).
SENTENCE = "Implement the feature {n} and add tests, then write docs. "  # the prose, numbered
ITEMS = [
    "Implement the {t} endpoint",
    "Add unit tests for the {t} parser",
    "Document the {t} settings",
    "Refactor the {t} module",
    "Investigate why {t} is slow",
    "Plan the {t} migration",
    "Then review the {t} change",
    "Run black on the {t} package",
    "Fix the {t} bug and add a regression test",
]
THINGS = ["billing", "export", "login", "search", "cache", "upload", "webhook", "invoice"]
JA_SENTENCE = "原因{n}を調べて修正し、テストを追加してください。README{n}が古いので更新して。"
# "インデントとクォートを統一して": "と" after task nouns joins one verb's objects
JA_NOUNS = "インデント{n}と"
# "-te" chunks naming no task, never split: one clause read from each "て"
JA_TE = "細部{n}まで全部覚えておいて"


def numbered(unit: str, size: int) -> str:
    """`unit` with n = 1, 2, ... until `size` characters."""
    parts, total, n = [], 0, 0
    while total < size:
        n += 1
        parts.append(unit.format(n=n))
        total += len(parts[-1])
    return "".join(parts)


def prose(size: int) -> str:
    return numbered(SENTENCE, size)[:size]


def ja_prose(size: int) -> str:
    return numbered(JA_SENTENCE, size)[:size]


def ja_run_on(size: int) -> str:
    return numbered(JA_NOUNS, size) + "統一してください"


def ja_te_chain(size: int) -> str:
    return "この機能の計画を立てて: " + numbered(JA_TE, size)


def numbered_list(size: int) -> str:
    rng = random.Random(1)
    lines, total, n = [], 0, 0
    while total < size:
        n += 1
        line = f"{n}. {rng.choice(ITEMS).format(t=rng.choice(THINGS) + str(n))}\n"
        lines.append(line)
        total += len(line)
    return "".join(lines)


def run_once(argv: list[str], env: dict[str, str], out: Path) -> tuple[float, float, float]:
    """(seconds, CPU seconds, peak RSS in MiB) of one process writing to `out`. The peak a child reports
    includes the resident memory of whoever started it, so this process stays small: posix_spawn, and the
    output is read back in chunks (`steps_in`), never as one object."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 1, str(out), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    started = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def steps_in(path: Path) -> int:
    """The steps of an `explain --json` output, counted chunk by chunk."""
    marker, count, tail = b'{"id":', 0, b""
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            count += data.count(marker)
            tail = data[-(len(marker) - 1) :]
    return count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000,1000000", help="prompt sizes in characters")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    exe = shutil.which("routesmith", path=str(Path(sys.executable).parent)) or shutil.which("routesmith")
    if exe is None:
        raise SystemExit("routesmith is not installed in this environment")
    with tempfile.TemporaryDirectory() as home:
        env = {
            "PATH": os.environ["PATH"],
            "HOME": home,
            "LANG": "C.UTF-8",
            # another checkout's code ("before" figures: PYTHONPATH=<that checkout>/server)
            **{k: os.environ[k] for k in ("PYTHONPATH",) if k in os.environ},
        }
        out = Path(home) / "out.json"
        bare = min(run_once([exe, "explain", "--json", "Plan it"], env, out)[2] for _ in range(args.runs))
        print(f"routesmith explain --json --file, {args.runs} runs each; bare start-up peak {bare:.0f} MiB")
        inputs = (
            ("prose", prose),
            ("numbered list", numbered_list),
            ("ja prose", ja_prose),
            ("ja run-on", ja_run_on),
            ("ja -te chain", ja_te_chain),
        )
        for name, make in inputs:
            figures = []
            for size in sizes:
                path = Path(home) / f"{name.replace(' ', '-')}-{size}.md"
                path.write_text(make(size), encoding="utf-8")
                argv = [exe, "explain", "--json", "--file", str(path)]
                samples = [run_once(argv, env, out) for _ in range(args.runs)]
                seconds = statistics.median(s[0] for s in samples)
                cpu = statistics.median(s[1] for s in samples)
                peak = max(s[2] for s in samples)
                steps = steps_in(out)
                per_step = out.stat().st_size / max(steps, 1)
                figures.append((size, seconds, cpu, peak))
                print(
                    f"  {name:14} {size:>9,} chars  {seconds:6.2f} s (CPU {cpu:5.2f} s)  "
                    f"peak {peak:6.1f} MiB  {steps:>6,} steps  {per_step:5.0f} B JSON/step"
                )
            (small, t0, c0, m0), (large, t1, c1, m1) = figures[0], figures[-1]
            print(
                f"  {name:14} {small:,} -> {large:,} chars (x{large / small:.0f}): time x{t1 / t0:.1f} "
                f"(CPU x{c1 / c0:.1f}), "
                f"peak x{m1 / m0:.1f} ({(m1 - bare) * 1024 / max(steps, 1):.1f} KiB per step above start-up)"
            )


if __name__ == "__main__":
    main()
