#!/usr/bin/env python3
"""Score the decomposer per language on the multilingual set (one LANG.jsonl a language, dev.jsonl's format).

  score.py                      # the development half of every language, in-process
  score.py --half held          # the held-back half: score it only at the end of a stop
  score.py --half all --verbose de ja   # every miss in German and Japanese
  score.py --extra [extra2]     # extra/ (or extra2/): more development prompts, not split in halves
  score.py de fr --extra DIR    # DIR/LANG.jsonl (a new batch, anywhere), only the languages named first

A case is fully right when its task-type set and its order are right (../../../../shared/decompose/score.py's
rules, repeated here so the repository scores without the shared folder). The last line is the summary.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).parent


def half_of(case_id: str) -> str:
    """A fixed split: half of each language's cases are for development, half are held back."""
    return "dev" if int(hashlib.sha256(case_id.encode()).hexdigest()[:8], 16) % 2 == 0 else "held"


def judge(case: dict, steps: list[str]) -> bool:
    chosen = set(steps)
    covered = all(chosen & set(group) for group in case["need"])
    allowed = set(case["allow"]).union(*map(set, case["need"]))

    def first(group: int) -> int | None:
        return min((k for k, step in enumerate(steps) if step in case["need"][group]), default=None)

    ordered = all(
        (a := first(i)) is not None and (b := first(j)) is not None and a < b for i, j in case["order"]
    )
    return covered and chosen <= allowed and ordered


KEYS = ("id", "prompt", "need", "allow", "order")


def _cases(path: pathlib.Path) -> list[dict]:
    """The cases of one LANG.jsonl; ValueError names the file, line and key of a malformed one."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}:{number}: not JSON ({error.msg})") from None
        missing = [key for key in KEYS if not isinstance(case, dict) or key not in case]
        if missing:
            raise ValueError(f"{path}:{number}: no {', '.join(missing)}")
        cases.append(case)
    return cases


def score(
    half: str,
    verbose: frozenset[str] = frozenset(),
    folder: pathlib.Path = HERE,
    languages: frozenset[str] = frozenset(),
) -> dict[str, tuple[int, int]]:
    """(right, cases) per language (all, or only `languages`); `half` is ignored for a folder other than the
    split set's own."""
    from routesmith.decompose import decompose

    results: dict[str, tuple[int, int]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        if languages and path.stem not in languages:
            continue
        cases = _cases(path)
        if folder.resolve() == HERE.resolve():
            cases = [case for case in cases if half == "all" or half_of(case["id"]) == half]
        right = 0
        for case in cases:
            steps = [str(step.task) for step in decompose(case["prompt"]).steps]
            ok = judge(case, steps)
            right += ok
            if not ok and path.stem in verbose:
                print(f"  miss {case['id']} got={steps} need={case['need']} :: {case['prompt'][:80]!r}")
        results[path.stem] = (right, len(cases))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--half", choices=("dev", "held", "all"), default="dev")
    parser.add_argument("--verbose", nargs="*", default=[], metavar="LANG", help="list the misses of LANG")
    parser.add_argument(
        "--extra",
        nargs="?",
        const="extra",
        metavar="FOLDER",
        help="score FOLDER/LANG.jsonl (development prompts, no halves; extra/ when FOLDER is left out)",
    )
    parser.add_argument("languages", nargs="*", metavar="LANG", help="only these languages (default: all)")
    args = parser.parse_args()
    folder = HERE / args.extra if args.extra else HERE  # an absolute FOLDER stays as given
    if not folder.is_dir():
        parser.error(f"--extra {args.extra}: not a directory")
    if not any(folder.glob("*.jsonl")):
        parser.error(f"no LANG.jsonl files in {folder}")
    try:
        results = score(args.half, frozenset(args.verbose), folder, frozenset(args.languages))
    except ValueError as error:
        parser.error(str(error))
    if not results:
        parser.error(f"none of {' '.join(args.languages)} in {folder}")
    for language, (right, n) in results.items():
        print(f"{language}: {right}/{n} ({right / n:.0%})")
    right = sum(r for r, _ in results.values())
    n = sum(n for _, n in results.values())
    print(f"multilingual ({args.extra or args.half}): {right}/{n} ({right / n:.0%}) fully right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
