"""Ordering one long paragraph whose steps say "first", "last" and "before that": 10 KB to 240 KB.

    python bench/bench_order.py [--sizes 10000,60000,240000] [--runs 3]

Every such step is ordered against every other step of its paragraph; the decomposer keeps those
constraints as rank classes of the paragraph, not as pairwise edges, so the time to decompose should grow
with the steps, not with their square. Prints, per size, the median in-process `decompose` time, the steps
found and the largest `depends_on`; then each time ratio beside its size ratio. No asserts: numbers only.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

from routesmith.decompose import clear_caches, decompose

# The shape of the finding: "Lastly" and "last" put two steps of each sentence after all others, "first"
# puts one before all others; "before that" puts one before every step said earlier in the paragraph.
SENTENCES = [
    "Lastly update the docs; first plan it, then implement it and test it last. ",
    "Refactor the parser; before that, write a benchmark for it. ",
]


def paragraph(size: int, sentence: str) -> str:
    return (sentence * (size // len(sentence) + 1))[:size]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,60000,240000", help="prompt sizes in characters")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"decompose of one paragraph, median of {args.runs} runs (caches cleared each run)")
    for sentence in SENTENCES:
        print(f"  {sentence.strip()!r} repeated")
        figures = []
        for size in sizes:
            text = paragraph(size, sentence)
            samples = []
            for _ in range(args.runs):
                clear_caches()
                started = time.perf_counter()
                found = decompose(text)
                samples.append(time.perf_counter() - started)
            seconds = statistics.median(samples)
            widest = max((len(step.depends_on) for step in found.steps), default=0)
            figures.append((size, seconds))
            print(
                f"    {size:>9,} chars  {seconds:7.3f} s  {len(found.steps):>6,} steps  "
                f"widest depends_on {widest}"
            )
        for (small, t0), (large, t1) in itertools.pairwise(figures):
            print(f"    {small:,} -> {large:,} chars (x{large / small:.0f}): time x{t1 / t0:.1f}")


if __name__ == "__main__":
    main()
