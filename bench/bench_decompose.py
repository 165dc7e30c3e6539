"""In-process decomposition of a 2,000-line prompt file: cold, and after a one-character edit.

    python bench/bench_decompose.py [--lines 2000] [--runs 50]

The file is built from varied Markdown sections (headings, numbered and bulleted steps, prose, fenced code,
an output template), each with its own feature names, so no two blocks are the same text. "cold" clears
the per-block cache first (a file opened for the first time); "edit" changes one character in the middle
and decomposes again, as the language server does on each keystroke.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from routesmith.decompose import _read_block, decompose

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
    args = parser.parse_args()
    text = build(args.lines)
    steps = len(decompose(text).steps)

    def cold() -> None:
        _read_block.cache_clear()
        decompose(text)

    middle = len(text) // 2
    edits = [text[:middle] + c + text[middle:] for c in "abcdefghij"]
    counter = iter(range(10**9))

    def edit() -> None:
        decompose(edits[next(counter) % len(edits)])

    decompose(text)
    cold_ms = timed(cold, args.runs)
    edit_ms = timed(edit, args.runs)
    print(f"decompose: {text.count(chr(10))} lines, {len(text)} chars, {steps} steps")
    for name, samples in (("cold (no cache)", cold_ms), ("after 1-char edit", edit_ms)):
        p90 = statistics.quantiles(samples, n=10)[-1]
        print(f"  {name:18} p50 {statistics.median(samples):7.2f} ms   p90 {p90:7.2f} ms")


if __name__ == "__main__":
    main()
