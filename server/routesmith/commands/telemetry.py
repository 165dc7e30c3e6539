"""`routesmith record`, `routesmith stats` and `routesmith history`: the telemetry log from a shell."""

from __future__ import annotations

import argparse
import collections
import operator
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from enum import StrEnum
from typing import IO, TypeVar

import msgspec

from routesmith.errors import UserError
from routesmith.model import (
    DEFAULT_CAPABILITY,
    Capability,
    OutcomeRecord,
    Source,
    TaskType,
    TelemetrySettings,
)
from routesmith.telemetry import open_log
from routesmith.telemetry.log import Segment, StatsRecord
from routesmith.telemetry.stats import Group, aggregate, merged

IMPORT_BATCH = 10_000
_TASKS = frozenset(TaskType)
E = TypeVar("E", bound=StrEnum)


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    {"record": _register_record, "stats": _register_stats, "history": _register_history}[name](subparsers)


# -- settings and argument parsing ------------------------------------------------------------------------


def _settings() -> TelemetrySettings:
    try:
        from routesmith.config import load_config
    except ImportError:  # the config module is not there yet: honour the documented environment variable
        return TelemetrySettings(path=os.environ.get("ROUTESMITH_TELEMETRY_PATH") or None)
    return load_config().config.telemetry


def _enum(kind: type[E], value: str | None, argument: str) -> E | None:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise UserError(f"{argument}: unknown value {value!r} (expected one of: {choices})") from None


def _positive(value: float | None, argument: str) -> None:
    if value is not None and value < 0:
        raise UserError(f"{argument}: must not be negative, got {value:g}")


_RELATIVE = re.compile(r"(\d+(?:\.\d+)?)([smhdw])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_since(value: str, now: float) -> float:
    """`7d`, `12h`, `30m` ago, or an ISO date/time (UTC unless it says otherwise) -> unix seconds."""
    relative = _RELATIVE.fullmatch(value.strip())
    if relative:
        return now - float(relative[1]) * _UNIT_SECONDS[relative[2]]
    moment = parse_iso(value)
    if moment is None:
        raise UserError(f"--since: expected e.g. 7d, 12h or 2026-01-31, got {value!r}")
    return moment


def parse_iso(value: str) -> float | None:
    """An ISO 8601 date/time (UTC unless it says otherwise) -> unix seconds, None if it is not one."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


# -- record -------------------------------------------------------------------------------------------------


def _register_record(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "record",
        help="record an outcome (or import JSONL) into the telemetry log",
        description="Record one outcome, or import many with --jsonl (one JSON record a line).",
    )
    parser.add_argument("--host", help="host profile name, e.g. claude_code")
    parser.add_argument("--model", help="model id, e.g. claude-sonnet-4-6")
    parser.add_argument("--task", help="task type: " + ", ".join(TaskType))
    parser.add_argument("--capability", help="capability class (default: the task's default)")
    outcome = parser.add_mutually_exclusive_group()
    outcome.add_argument("--success", dest="success", action="store_true", default=None)
    outcome.add_argument("--failure", dest="success", action="store_false")
    parser.add_argument("--duration-ms", type=float, help="how long the step took")
    parser.add_argument("--source", default=Source.CLI.value, help="one of: " + ", ".join(Source))
    parser.add_argument("--route-id")
    parser.add_argument("--step-id", type=int)
    parser.add_argument("--jsonl", metavar="FILE", help="import records from FILE ('-' for stdin)")
    parser.set_defaults(func=run_record)


def run_record(args: argparse.Namespace) -> int:
    settings = _settings()
    if not settings.enabled:
        print(
            "routesmith: telemetry is disabled (telemetry.enabled = false); nothing recorded", file=sys.stderr
        )
        return 0
    if args.jsonl is not None:
        return _import_jsonl(args.jsonl, settings)
    for argument in ("host", "model", "task"):
        if not getattr(args, argument):
            raise UserError(f"--{argument}: required (or use --jsonl FILE)")
    if args.success is None:
        raise UserError("--success or --failure: one is required")
    _positive(args.duration_ms, "--duration-ms")
    task = _enum(TaskType, args.task, "--task")
    record = OutcomeRecord(
        time=time.time(),
        host=args.host,
        model=args.model,
        task=task,
        capability=_enum(Capability, args.capability, "--capability") or DEFAULT_CAPABILITY[task],
        success=args.success,
        source=_enum(Source, args.source, "--source"),
        duration_ms=args.duration_ms,
        route_id=args.route_id,
        step_id=args.step_id,
    )
    open_log(settings).append(record)
    return 0


def parse_jsonl_line(line: str) -> OutcomeRecord:
    """One import line -> a record; `source` defaults to import, `time` may be ISO 8601."""
    fields = msgspec.json.decode(line)
    if not isinstance(fields, dict):
        raise ValueError("expected a JSON object")
    fields.setdefault("source", Source.IMPORT.value)
    if isinstance(fields.get("time"), str):
        moment = parse_iso(fields["time"])
        if moment is None:
            raise ValueError(f"time: expected unix seconds or an ISO 8601 date/time, got {fields['time']!r}")
        fields["time"] = moment
    task = fields.get("task")
    if "capability" not in fields and isinstance(task, str) and task in _TASKS:
        fields["capability"] = DEFAULT_CAPABILITY[TaskType(task)]
    record = msgspec.convert(fields, OutcomeRecord)
    _positive(record.duration_ms, "duration_ms")
    return record


def _import_jsonl(name: str, settings: TelemetrySettings) -> int:
    log = open_log(settings)
    label = "<stdin>" if name == "-" else name
    try:
        stream: IO[str] = sys.stdin if name == "-" else open(name, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise UserError(f"--jsonl: cannot read {name}: {exc.strerror}") from None
    good, bad, pending = 0, 0, []
    with stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                pending.append(parse_jsonl_line(line))
            except (ValueError, UserError) as exc:  # msgspec's decode/validation errors are ValueErrors
                print(f"{label}:{number}: {exc}", file=sys.stderr)
                bad += 1
            if len(pending) >= IMPORT_BATCH:
                good += log.append(pending)
                pending = []
    good += log.append(pending)
    print(f"imported {good} records from {label}" + (f"; {bad} bad lines skipped" if bad else ""))
    return 1 if bad else 0


# -- stats --------------------------------------------------------------------------------------------------


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host")
    parser.add_argument("--model")
    parser.add_argument("--task")
    parser.add_argument("--capability")
    parser.add_argument(
        "--source", help="one of: " + ", ".join(Source) + "; or `recorded` (all but import) or `imported`"
    )
    parser.add_argument("--since", help="7d, 12h, 30m or an ISO date/time")
    parser.add_argument("--format", choices=("table", "json"), default="table")


def _register_stats(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="success rates and durations from the telemetry log",
        description="Success rate (95%% interval), p50/p90 duration per host, capability and model.",
    )
    _add_filters(parser)
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--top", type=int, metavar="N", help="the N best by success rate")
    order.add_argument("--bottom", type=int, metavar="N", help="the N worst by success rate")
    parser.add_argument(
        "--prune", action="store_true", help="delete old records (with --older-than or --keep)"
    )
    parser.add_argument("--older-than", type=float, metavar="DAYS", help="with --prune")
    parser.add_argument("--keep", type=int, metavar="N", help="with --prune: keep the newest N records")
    parser.set_defaults(func=run_stats)


def _filters(
    args: argparse.Namespace, now: float
) -> list[Callable[[list[OutcomeRecord]], list[OutcomeRecord]]]:
    """One list-narrowing step per filter given (comprehensions: the fast path for a million records)."""
    steps = []
    for field, value in (
        ("host", args.host),
        ("model", args.model),
        ("task", _enum(TaskType, args.task, "--task")),
        ("capability", _enum(Capability, args.capability, "--capability")),
        ("source", _source(args.source)),
    ):
        if value is not None:
            steps.append(
                lambda batch, get=operator.attrgetter(field), value=value: [
                    r for r in batch if get(r) == value
                ]
            )
    if args.source == RECORDED:
        steps.append(lambda batch: [r for r in batch if r.source != Source.IMPORT])
    if args.since:
        since = parse_since(args.since, now)
        steps.append(lambda batch: [r for r in batch if r.time >= since])
    return steps


RECORDED, IMPORTED = "recorded", "imported"  # --source: evidence someone recorded vs read from host logs


def _source(value: str | None) -> Source | None:
    if value == IMPORTED:
        return Source.IMPORT
    return None if value == RECORDED else _enum(Source, value, "--source")


def _records(args: argparse.Namespace, settings: TelemetrySettings) -> Iterator[list[OutcomeRecord]]:
    return _narrowed(open_log(settings).iter_batches(), _filters(args, time.time()))


def _narrowed(batches: Iterator[list], steps: list[Callable[[list], list]]) -> Iterator[list]:
    for batch in batches:
        for step in steps:
            batch = step(batch)
        yield batch


# What a forked reader sends back: (host, capability, model, n, successes, unknown, stride, durations), or
# an error.
_Groups = list[tuple[str, str, str, int, int, int, int, bytes]] | str


def aggregate_log(args: argparse.Namespace, settings: TelemetrySettings) -> dict[tuple[str, str, str], Group]:
    """The stats groups of the whole log. Decoding bounds `stats`, so where there are two CPUs a forked
    child reads the older half of the log's files while this process reads the newer half."""
    steps = _filters(args, time.time())
    log = open_log(settings)

    def tally(run: list[Segment]) -> dict[tuple[str, str, str], Group]:
        return aggregate(_narrowed(log.read(run, StatsRecord), steps))

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    parallel = hasattr(os, "fork") and cpus > 1
    runs = log.snapshot_parts(2 if parallel else 1)
    if len(runs) < 2:
        return tally(runs[0] if runs else [])
    older, newer = runs
    receive, send = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(receive)
            try:
                payload = msgspec.msgpack.encode(
                    [
                        (*key, g.n, g.successes, g.unknown, g.stride, g.sample.tobytes())
                        for key, g in tally(older).items()
                    ]
                )
            except UserError as exc:
                payload = msgspec.msgpack.encode(str(exc))
            with os.fdopen(send, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)  # no cleanup: the parent owns the terminal, its buffers and the files
    os.close(send)
    groups = tally(newer)
    with os.fdopen(receive, "rb") as pipe:
        payload = pipe.read()
    os.waitpid(pid, 0)
    if not payload:  # the child died: read its half here
        return merged(tally(older), groups)
    for segment in older:
        segment.file.close()
    received = msgspec.msgpack.decode(payload, type=_Groups)
    if isinstance(received, str):
        raise UserError(received)
    theirs = {}
    for host, capability, model, n, successes, unknown, stride, durations in received:
        group = theirs[host, capability, model] = Group()
        group.n, group.successes, group.unknown, group.stride = n, successes, unknown, stride
        group.sample.frombytes(durations)
    return merged(theirs, groups)


def run_stats(args: argparse.Namespace) -> int:
    settings = _settings()
    if args.prune:
        return _prune(args, settings)
    if args.older_than is not None or args.keep is not None:
        raise UserError("--older-than/--keep: only with --prune")
    for argument in ("top", "bottom"):
        value = getattr(args, argument)
        if value is not None and value < 1:
            raise UserError(f"--{argument}: must be at least 1, got {value}")
    rows = [group.row(*key) for key, group in aggregate_log(args, settings).items()]
    if args.top or args.bottom:
        rows.sort(key=lambda row: (_rate(row), row["n"]), reverse=bool(args.top))
        rows = rows[: args.top or args.bottom]
    else:
        rows.sort(key=lambda row: (row["host"], row["capability"], -_rate(row)))
    if args.format == "json":
        sys.stdout.write(msgspec.json.encode({"groups": rows}).decode() + "\n")
        return 0
    _print_table(
        ["host", "capability", "model", "n", "success", "95% interval", "p50 ms", "p90 ms"],
        [
            [
                row["host"],
                row["capability"],
                row["model"],
                str(row["n"]),
                "-" if row["success_rate"] is None else f"{row['success_rate']:.0%}",
                f"{row['ci95'][0]:.0%}–{row['ci95'][1]:.0%}",
                _ms(row["p50_ms"]),
                _ms(row["p90_ms"]),
            ]
            for row in rows
        ],
    )
    return 0


def _rate(row: dict[str, object]) -> float:
    """A row's success rate for sorting; a group of unknown outcomes only sorts last."""
    rate = row["success_rate"]
    return -1.0 if rate is None else float(rate)  # type: ignore[arg-type]


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    if not rows:
        print("no outcomes recorded (or none match the filters)")
        return
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    for line in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())


def _prune(args: argparse.Namespace, settings: TelemetrySettings) -> int:
    if (args.older_than is None) == (args.keep is None):
        raise UserError("--prune: give exactly one of --older-than DAYS or --keep N")
    _positive(args.older_than, "--older-than")
    if args.keep is not None and args.keep < 0:
        raise UserError(f"--keep: must not be negative, got {args.keep}")
    log = open_log(settings)
    if args.keep is not None:
        removed = log.prune(keep=args.keep)
    else:
        removed = log.prune(older_than=time.time() - args.older_than * 86400)
    print(f"pruned {removed} records from {log.path}")
    return 0


# -- history ------------------------------------------------------------------------------------------------


def _register_history(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "history", help="recent outcomes from the telemetry log", description="The most recent outcomes."
    )
    _add_filters(parser)
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="how many (default 20)")
    parser.set_defaults(func=run_history)


def run_history(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UserError(f"--limit: must be at least 1, got {args.limit}")
    recent: collections.deque[OutcomeRecord] = collections.deque(maxlen=args.limit)
    for batch in _records(args, _settings()):
        recent.extend(batch)
    if args.format == "json":
        plain = [msgspec.structs.asdict(r) for r in recent]  # the wire subclass must not leak into JSON
        sys.stdout.write(msgspec.json.encode(plain).decode() + "\n")
        return 0
    _print_table(
        ["time (UTC)", "host", "model", "task", "capability", "outcome", "ms", "source"],
        [
            [
                datetime.fromtimestamp(r.time, UTC).strftime("%Y-%m-%d %H:%M:%S"),
                r.host,
                r.model,
                r.task,
                r.capability,
                "unknown" if r.success is None else "success" if r.success else "failure",
                _ms(r.duration_ms),
                r.source,
            ]
            for r in recent
        ],
    )
    return 0
