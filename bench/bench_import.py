"""`routesmith import` figures: 1,000 Claude Code sessions holding 100,000 turns in a temporary HOME, read by
the real CLI in a child process: time, turns per second, peak memory (streamed: it should stay flat as the
logs grow), and the second, no-op import's time. Targets: >= 20,000 turns/s, no-op re-import <= 0.5 s. The
CPU time is printed too: on a shared machine the wall time says as much about the other load as the import.

Each turn is a request, two assistant lines sharing one message id (a response spread over lines), a tool
call and its result, as Claude Code writes them. `--distinct` sets how many different request texts the
sessions draw from (real logs repeat short follow-ups such as "continue"; 0 makes every request unique).

Run: python bench/bench_import.py [--sessions 1000] [--turns 100] [--distinct 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_telemetry import MEMORY_PROBE

VERBS = [
    "Fix",
    "Refactor",
    "Write tests for",
    "Document",
    "Review",
    "Explain",
    "Format",
    "Plan the rewrite of",
]
THINGS = [
    "the parser",
    "the cart totals",
    "the login form",
    "the cache layer",
    "the CLI flags",
    "the exporter",
]
FOLLOW_UPS = ["continue", "yes, do it", "run the tests again", "no, that's wrong, keep the old name"]


def request(rng: random.Random, number: int, distinct: int) -> str:
    pick = number % distinct if distinct else number
    if pick % 5 == 4:
        return FOLLOW_UPS[pick % len(FOLLOW_UPS)]
    return f"{VERBS[pick % len(VERBS)]} {THINGS[pick // 8 % len(THINGS)]} in module_{pick}.py and check it"


def session_lines(rng: random.Random, session: int, turns: int, distinct: int, start: float) -> str:
    lines = []
    moment = start
    for turn in range(turns):
        uuid = f"{session:05d}-{turn:04d}"
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(moment))
        text = request(rng, rng.randrange(1 << 30), distinct)
        lines.append(
            {
                "type": "user",
                "uuid": uuid,
                "sessionId": f"s{session}",
                "timestamp": stamp,
                "message": {"role": "user", "content": text},
            }
        )
        for part in range(2):
            lines.append(
                {
                    "type": "assistant",
                    "uuid": f"{uuid}-a{part}",
                    "sessionId": f"s{session}",
                    "timestamp": stamp,
                    "requestId": f"req-{uuid}",
                    "message": {
                        "id": f"msg-{uuid}",
                        "model": "claude-sonnet-4-6",
                        "content": [{"type": "tool_use", "id": f"t-{uuid}", "name": "Bash"}],
                        "usage": {"input_tokens": 1200, "output_tokens": 80},
                    },
                }
            )
        lines.append(
            {
                "type": "user",
                "uuid": f"{uuid}-r",
                "sessionId": f"s{session}",
                "timestamp": stamp,
                "message": {
                    "role": "user",
                    "content": [
                        {
                            "type": "tool_result",
                            "tool_use_id": f"t-{uuid}",
                            "is_error": turn % 7 == 0,
                            "content": "===== 3 passed in 0.12s =====" if turn % 3 else "Exit code 1",
                        }
                    ],
                },
            }
        )
        moment += 60
    return "".join(json.dumps(line) + "\n" for line in lines)


def write_logs(home: Path, sessions: int, turns: int, distinct: int) -> int:
    rng = random.Random(15)
    projects = home / ".claude" / "projects"
    start = time.time() - 20 * 86400
    size = 0
    for session in range(sessions):
        folder = projects / f"-home-user-project-{session % 40}"
        folder.mkdir(parents=True, exist_ok=True)
        text = session_lines(rng, session, turns, distinct, start + session * 600)
        (folder / f"session-{session:05d}.jsonl").write_text(text)
        size += len(text)
    return size


def cpu_seconds() -> float:
    """User + system time of the children waited for so far (the figure a busy machine does not inflate
    as much as wall time)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(home: Path, *args: str) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds, peak RSS in KiB and stdout of `routesmith import ...` in a child process."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    env.pop("CLAUDE_CONFIG_DIR", None)
    env.pop("ROUTESMITH_TELEMETRY_PATH", None)
    started, cpu = time.perf_counter(), cpu_seconds()
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, "import", "claude_code", "--json", *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    elapsed = time.perf_counter() - started
    return elapsed, cpu_seconds() - cpu, int(done.stderr.strip().splitlines()[-1]), done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=100)
    parser.add_argument("--distinct", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        size = write_logs(home, args.sessions, args.turns, args.distinct)
        total = args.sessions * args.turns
        print(
            f"{args.sessions} sessions, {total} turns, {size / 1e6:.0f} MB of JSONL, "
            f"{args.distinct or total} distinct requests"
        )
        run(home, "--dry-run")  # warm the decomposer's on-disk lexicon cache and the page cache
        small_home = home / "small"
        write_logs(small_home, max(1, args.sessions // 10), args.turns, args.distinct)
        _, _, small_peak, _ = run(small_home)
        elapsed, cpu, peak, out = run(home)
        added = json.loads(out)["added"]
        print(
            f"first import: {elapsed:.2f} s, {total / elapsed:,.0f} turns/s (target >= 20,000), "
            f"{added} records added; {cpu:.2f} s of CPU, {total / cpu:,.0f} turns per CPU second"
        )
        print(
            f"peak memory: {peak / 1024:.0f} MiB for {total} turns; {small_peak / 1024:.0f} MiB for a tenth"
        )
        elapsed, _, _, out = run(home)
        assert json.loads(out)["added"] == 0
        print(f"no-op re-import (whole process): {elapsed:.3f} s (target <= 0.5 s)")


if __name__ == "__main__":
    main()
