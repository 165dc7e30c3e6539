#!/usr/bin/env python3
"""Score the decomposer on real prompt and instruction files (tests/data/real/).

Each file in files/ has a manifest row (repo, path, commit, license, kind, host, lang) and a gold label
(labels.jsonl: the ordered distinct task types a careful engineer says the file asks the agent to do,
[] for none). A file is routed as RouteSmith routes it in an editor: by its original path (an
AGENTS.md as an instruction file, a `.github/prompts/x.prompt.md` as a prompt), so each is copied under
its repository path into a temporary tree first.

  score.py                         # the development half, in-process
  score.py --half held             # the held-back half: score it only at the end of a stop
  score.py --half all --verbose    # every miss
  score.py --cmd "routesmith explain --json --file {path}"   # through a command instead
  score.py --no-path               # each text as if it came on stdin, with no path to say what it is
  score.py --by kind               # also each kind of file (task_prompt, command, agent, ...) on its own
  score.py --by lang               # ... or each language, host or batch (--by host, --by batch);
                                   # --by-kind is --by kind

Metrics: type-set precision/recall/F1 over (file, task) pairs, mean per-file F1 (1 when both are
empty), exact-set rate, order agreement (gold pairs whose first steps come in gold order, among pairs
both predicted) and how many `none` files stay quiet. The last line is the summary.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import pathlib
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable

HERE = pathlib.Path(__file__).parent


def half_of(file_id: str) -> str:
    """A fixed split: half the files are for development, half are held back."""
    return "dev" if int(hashlib.sha256(file_id.encode()).hexdigest()[:8], 16) % 2 == 0 else "held"


def load(half: str) -> list[dict]:
    manifest = {row["id"]: row for row in _jsonl(HERE / "manifest.jsonl")}
    cases = []
    for label in _jsonl(HERE / "labels.jsonl"):
        row = manifest[label["id"]]
        if half == "all" or half_of(row["id"]) == half:
            # the batch is the id's letter: files of one batch were found and labelled together
            batch = row["id"].rstrip("0123456789")
            cases.append({**row, "batch": batch, "gold": label["tasks"], "why": label.get("why", "")})
    return cases


def _jsonl(path: pathlib.Path) -> Iterable[dict]:
    with open(path, encoding="utf-8") as lines:
        yield from (json.loads(line) for line in lines if line.strip())


def in_process(path: pathlib.Path, *, with_path: bool = True) -> list[str]:
    """The steps RouteSmith shows for the file at `path` (generic host: the decomposition is the same);
    without its path (as from stdin) the text is read as whichever kind of file it reads like."""
    from routesmith.decompose import decompose, decompose_span, reads_as_instructions, sections
    from routesmith.files import DocumentKind, classify

    text = path.read_text(encoding="utf-8", errors="replace")
    kind = classify(path.as_posix()) if with_path else None
    if kind is None:
        kind = DocumentKind.INSTRUCTION if reads_as_instructions(text) else DocumentKind.PROMPT
    if kind is DocumentKind.PROMPT:
        return [str(step.task) for step in decompose(text).steps]
    tasks: list[str] = []
    next_id = 1
    for section in sections(text):
        found = decompose_span(text, section.span, first_id=next_id, instructions=True)
        tasks += [str(step.task) for step in found.steps]
        next_id += len(found.steps)
    return tasks


def with_command(template: str) -> Callable[[pathlib.Path], list[str]]:
    def predict(path: pathlib.Path) -> list[str]:
        argv = [part.replace("{path}", str(path)) for part in shlex.split(template)]
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr.strip().splitlines()[-1:] or f"exit {proc.returncode}")
        return [step["task"] for step in json.loads(proc.stdout)["steps"]]

    return predict


def distinct(tasks: list[str]) -> list[str]:
    return list(dict.fromkeys(tasks))


def score(cases: list[dict], predict: Callable[[pathlib.Path], list[str]], verbose: bool) -> dict:
    tp = fp = fn = exact = order_hits = order_pairs = quiet = nones = 0
    file_f1 = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            path = pathlib.Path(tmp, case["id"], case["path"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes((HERE / "files" / case["file"]).read_bytes())
            got = distinct(predict(path))
            gold = case["gold"]
            hit = len(set(got) & set(gold))
            tp, fp, fn = tp + hit, fp + len(set(got) - set(gold)), fn + len(set(gold) - set(got))
            denominator = len(set(got)) + len(set(gold))
            file_f1 += 1.0 if not denominator else 2 * hit / denominator
            exact += set(got) == set(gold)
            for i, a in enumerate(gold):
                for b in gold[i + 1 :]:
                    if a in got and b in got:
                        order_pairs += 1
                        order_hits += got.index(a) < got.index(b)
            if not gold:
                nones += 1
                quiet += not got
            if verbose and set(got) != set(gold):
                where = f"{case['id']} {case['path']} ({case['kind']}, {case['lang']})"
                print(f"  miss {where} got={got} gold={gold}")
    n = len(cases) or 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "files": len(cases),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "file_f1": file_f1 / n,
        "exact": exact / n,
        "order": order_hits / order_pairs if order_pairs else 1.0,
        "none_quiet": quiet / nones if nones else 1.0,
        "nones": nones,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--half", choices=("dev", "held", "all"), default="dev")
    parser.add_argument("--cmd", help="a command printing explain --json for {path}")
    parser.add_argument("--no-path", action="store_true", help="route each text as if it came on stdin")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument(
        "--by",
        choices=("kind", "lang", "host", "batch"),
        help="also score each kind, language, host or batch (the id's letter) on its own",
    )
    parser.add_argument("--by-kind", dest="by", action="store_const", const="kind", help="--by kind")
    args = parser.parse_args()
    cases = load(args.half)
    if args.cmd:
        predict = with_command(args.cmd)
    else:
        predict = functools.partial(in_process, with_path=not args.no_path)
    if args.by:
        for value in sorted({case[args.by] for case in cases}):
            of_value = [case for case in cases if case[args.by] == value]
            report(f"{value}, {args.half}", score(of_value, predict, verbose=False), as_json=args.json)
    report(args.half, score(cases, predict, args.verbose), as_json=args.json)
    return 0


def report(label: str, result: dict, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result))
        return
    print(
        f"real files ({label}, {result['files']}): F1 {result['f1']:.3f} "
        f"(P {result['precision']:.3f} R {result['recall']:.3f}), per-file F1 {result['file_f1']:.3f}, "
        f"exact {result['exact']:.1%}, order {result['order']:.1%}, "
        f"none quiet {result['none_quiet']:.1%} of {result['nones']}"
    )


if __name__ == "__main__":
    sys.exit(main())
