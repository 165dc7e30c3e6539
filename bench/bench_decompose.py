"""In-process decomposition of a 2,000-line prompt file: cold, and after a one-character edit.

    python bench/bench_decompose.py [--lines 2000] [--runs 50] [--profile]

Two files, each built from varied Markdown sections with their own names, so no two blocks are the same
text: "dense" is a worst case where nearly every line is a step (headings, numbered and bulleted steps,
code, an output template); "spec" is a long prompt file as people write them: mostly context, rules, tables
and code, with a task list now and then. "cold" clears the per-block cache first (a file opened for the
first time); "edit" changes one character in the middle and decomposes again, as the language server
does on each keystroke; "typing" types a character on every 37th line in turn (bench_lsp.py's edits), with
the blocks each edit read again (the rest are taken from the reading before it). `--profile` runs the
typing edits again under cProfile and prints where an edit's time goes, pass by pass.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import routesmith.decompose as decomposer
from routesmith.decompose import clear_caches, decompose, incremental, order, structure

FEATURES = ["search", "billing", "export", "login", "audit log", "webhooks", "rate limiter", "invoices"]
VERBS = ["Implement", "Build", "Add", "Wire up", "Create"]
SECTION = """## {n}. {feature_title} ({n})

We need {feature} support for tenant {n}; the current module is in `src/{slug}{n}.py`.

1. Investigate how {feature} works today in `src/{slug}{n}.py` and note the edge cases
2. Propose a design for {feature} v{n} and wait for my OK
3. {verb} the {feature} endpoint #{n}, without touching the public API
4. Add unit tests and an integration test for case {n}
5. Update the docs if the behaviour changes

- Refactor the {slug} helpers of batch {n}, then run ruff format
- Ask for a security review of change {n}

```python
def test_{slug}_{n}():
    assert plan_{n}() == "write tests and docs"
```

Output format:
- Summary {n}
- Tests added
"""


SPEC_SECTION = """## {n}. The {feature} subsystem

The {feature} subsystem (`src/{slug}/`, owned by team {n}) handles requests from the web and mobile clients.
It was written in 2021 and has grown by accretion; most of the logic lives in `service.py` and the
handlers are thin. Requests arrive through the gateway, are authenticated with the session cookie, and
are rate limited per tenant. The data lives in Postgres, with a Redis cache in front of the hot reads.

| setting | default | notes |
|---|---|---|
| `{slug}.timeout` | 30s | per request |
| `{slug}.batch` | {n} | rows per page |

Rules for this area:
- Keep the public API of `src/{slug}/api.py` stable; clients pin it.
- Use the shared `retry()` helper, never hand-rolled loops.
- Log with structured fields (`tenant`, `request_id`), no f-strings in log calls.
- Database access goes through the repository classes only.

```python
def handle_{slug}_{n}(request):
    # add tests and docs when this changes
    return service.run(request)
```

Known issues: the batch endpoint times out for tenants with more than 10k rows, and the
cache is not invalidated when an admin edits a record by hand.

{tasks}
"""
SPEC_TASKS = """Work for this release:
1. Investigate why the batch endpoint of {feature} times out for large tenants
2. Fix the cache invalidation on admin edits
3. Add a regression test for case {n}
"""


def build_spec(lines: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    parts = ["---\ndescription: long spec\n---\n# Platform notes\n"]
    n = 0
    while sum(part.count("\n") for part in parts) < lines:
        feature = rng.choice(FEATURES)
        tasks = SPEC_TASKS.format(feature=feature, n=n) if n % 4 == 0 else ""
        parts.append(SPEC_SECTION.format(n=n, feature=feature, slug=feature.replace(" ", "_"), tasks=tasks))
        n += 1
    return "".join(parts)


def build(lines: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts = ["---\ndescription: big prompt\nmodel: claude-sonnet-4-6\n---\n# Work plan\n"]
    n = 0
    while sum(part.count("\n") for part in parts) < lines:
        feature = rng.choice(FEATURES)
        parts.append(
            SECTION.format(
                n=n,
                feature=feature,
                feature_title=feature.title(),
                slug=feature.replace(" ", "_"),
                verb=rng.choice(VERBS),
            )
        )
        n += 1
    return "".join(parts)


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="also print where an edit's time goes")
    args = parser.parse_args()
    for name, text in (("dense", build(args.lines)), ("spec", build_spec(args.lines))):
        report(name, text, args.runs)
        if args.profile:
            profile(text, args.runs)


def report(name: str, text: str, runs: int) -> None:
    steps = len(decompose(text).steps)

    def cold() -> None:
        clear_caches()
        decompose(text)

    middle = len(text) // 2
    edits = [text[:middle] + c + text[middle:] for c in "abcdefghij"]
    counter = iter(range(10**9))

    def edit() -> None:
        decompose(edits[next(counter) % len(edits)])

    decompose(text)
    cold_ms = timed(cold, runs)
    edit_ms = timed(edit, runs)
    typed_ms, read = typing(text, runs)
    print(f"decompose, {name}: {text.count(chr(10))} lines, {len(text)} chars, {steps} steps")
    measured = (("cold (no cache)", cold_ms), ("after 1-char edit", edit_ms), ("typing", typed_ms))
    for label, samples in measured:
        p90 = statistics.quantiles(samples, n=10)[-1]
        print(f"  {label:18} p50 {statistics.median(samples):7.2f} ms   p90 {p90:7.2f} ms")
    blocks, middle_read = len(incremental._recent[0].entries), statistics.median(read)
    print(f"  typing: blocks read again per edit p50 {middle_read:.0f}, max {max(read)} of {blocks}")


# The passes of one decomposition, as cProfile names them: (label, function).
PASSES: list[tuple[str, Callable[..., Any]]] = [
    ("whole decomposition", decomposer.decompose_span),
    ("  block scan", structure.blocks),
    ("  blocks read again, the rest spliced", incremental.build),
    ("  final pass (finish)", decomposer._Builder.finish),
    ("    document reading", decomposer._Builder._read_as_document),
    ("    order and dependencies", order.plan),
    ("    order edges", decomposer._Builder._order_edges),
]


def profile(text: str, runs: int) -> None:
    """The typing edits under cProfile, with the collector tuned as the command line and the server tune it
    (routesmith.cli): each pass's time per edit (cProfile's own cost included) and its share."""
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    profiler = cProfile.Profile()
    try:
        typing(text, runs, profiler)
    finally:
        gc.set_threshold(*thresholds)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    cumulative = {(path, line, name): entry[3] for (path, line, name), entry in stats.items()}
    total = None
    print("  where an edit's time goes (typing, under cProfile):")
    for label, function in PASSES:
        code = function.__code__
        seconds = cumulative.get((code.co_filename, code.co_firstlineno, code.co_name), 0.0)
        total = total or seconds
        print(f"    {label:40} {seconds * 1000 / runs:7.2f} ms/edit  {seconds / total:6.1%}")


def typing(text: str, runs: int, profiler: cProfile.Profile | None = None) -> tuple[list[float], list[int]]:
    """A character typed on line 5, 42, 79, ... in turn, each edit decomposed: its time and the blocks it
    read again. The first edit after opening reads them all (no copies of the state yet) and is left out
    (and out of `profiler`, which profiles the others)."""
    lines = text.split("\n")
    samples, read = [], []
    decompose(text)
    for n in range(runs + 1):
        line = (n * 37) % (len(lines) - 10) + 5
        at = min(3, len(lines[line]))
        lines[line] = lines[line][:at] + "x" + lines[line][at:]
        edited = "\n".join(lines)
        incremental.counters.update(read=0, reused=0, spliced=0)
        if profiler is not None and n:
            profiler.enable()
        start = time.perf_counter()
        decompose(edited)
        if profiler is not None:
            profiler.disable()
        if n:
            samples.append((time.perf_counter() - start) * 1000)
            read.append(incremental.counters["read"])
    return samples, read


if __name__ == "__main__":
    main()
