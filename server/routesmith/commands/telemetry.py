"""`routesmith record`, `routesmith stats` and `routesmith history`: the telemetry log from a shell."""

from __future__ import annotations

import argparse
import collections
import operator
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import IO, TypeVar

import msgspec

from routesmith.contract import (
    CostOutput,
    ExportOutput,
    HistoryOutput,
    ImportOutput,
    LineError,
    PruneOutput,
    RecordOutput,
    StatsGroup,
    StatsOutput,
    iso,
    outcome_json,
)
from routesmith.errors import UserError
from routesmith.model import (
    DEFAULT_CAPABILITY,
    Capability,
    Config,
    HostProfile,
    OutcomeRecord,
    Source,
    TaskType,
    TelemetrySettings,
)
from routesmith.telemetry import log_path, open_log
from routesmith.telemetry.log import Segment, StatsRecord
from routesmith.telemetry.stats import Group, aggregate, merged

IMPORT_BATCH = 10_000
_TASKS = frozenset(TaskType)
E = TypeVar("E", bound=StrEnum)


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    {
        "record": _register_record,
        "stats": _register_stats,
        "history": _register_history,
        "prune": _register_prune,
        "export": _register_export,
    }[name](subparsers)


# -- settings and argument parsing ------------------------------------------------------------------------


def _config() -> Config:
    from routesmith.commands.output import warn
    from routesmith.config import load_config

    loaded = load_config()
    warn(loaded.warnings)
    return loaded.config


def _settings() -> TelemetrySettings:
    return _config().telemetry


def _add_json(parser: argparse.ArgumentParser, schema: str, *, format_alias: bool = False) -> None:
    parser.add_argument("--json", action="store_true", help=f"print one JSON object (schemas/{schema})")
    if format_alias:
        parser.add_argument(
            "--format", choices=("table", "json"), default="table", help="table (default), or json: as --json"
        )


def _wants_json(args: argparse.Namespace) -> bool:
    return bool(args.json or getattr(args, "format", None) == "json")


def _enum(kind: type[E], value: str | None, argument: str) -> E | None:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        from routesmith.suggest import did_you_mean

        choices = [member.value for member in kind]
        raise UserError(
            f"{argument}: unknown value {value!r} (expected one of: {', '.join(choices)})"
            + did_you_mean(value, choices)
        ) from None


def _host(value: str, profiles: Mapping[str, HostProfile], argument: str) -> str:
    if value not in profiles:
        from routesmith.suggest import unknown_host

        raise UserError(f"{argument}: {unknown_host(value, profiles)}")
    return value


def _model_warning(profile: HostProfile, model: str) -> str | None:
    """A model the host's profile does not list is still recorded (profiles lag behind hosts), with a note."""
    from routesmith.routing import find_model

    if not profile.models or find_model(profile, model) is not None:
        return None
    listed = ", ".join(m.id for m in profile.models)
    return f"model {model!r} is not one of {profile.name}'s models ({listed}); recorded anyway"


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

JSONL_HELP = (
    "import records from FILE ('-' for stdin): one JSON object a line with host, model, task, success "
    "(true/false) and optionally capability (default: the task's), time (unix seconds or ISO 8601; default: "
    "now), duration_ms, source (default: import), route_id, step_id"
)


def _register_record(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "record",
        help="record an outcome (or import JSONL) into the telemetry log",
        description="Record one outcome, or import many with --jsonl (one JSON record a line). Host, task, "
        "capability and source are checked like everywhere else; a model the host's profile does not list "
        "is recorded with a warning.",
    )
    parser.add_argument("--host", help="host profile name, e.g. claude_code")
    parser.add_argument("--model", help="model id, e.g. claude-sonnet-4-6")
    parser.add_argument("--task", help="task type: " + ", ".join(TaskType))
    parser.add_argument(
        "--capability", help="capability class (default: the task's): " + ", ".join(Capability)
    )
    outcome = parser.add_mutually_exclusive_group()
    outcome.add_argument(
        "--success", dest="success", action="store_true", default=None, help="the step succeeded"
    )
    outcome.add_argument("--failure", dest="success", action="store_false", help="the step failed")
    parser.add_argument("--duration-ms", type=float, metavar="MS", help="how long the step took")
    parser.add_argument(
        "--source", default=Source.CLI.value, help="who records it (default: cli): " + ", ".join(Source)
    )
    parser.add_argument("--route-id", metavar="ID", help="groups the steps of one routed prompt")
    parser.add_argument("--step-id", type=int, metavar="N", help="the step's id within its route")
    parser.add_argument("--jsonl", metavar="FILE", help=JSONL_HELP)
    _add_json(parser, "record-output.json or import-output.json")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors and warnings")
    parser.set_defaults(func=run_record)


def run_record(args: argparse.Namespace) -> int:
    from routesmith.commands.output import warn, write_json
    from routesmith.hosts import load_profiles

    config = _config()
    settings = config.telemetry
    if not settings.enabled:
        reason = "telemetry is disabled (telemetry.enabled = false); nothing recorded"
        if args.json:
            write_json(RecordOutput(recorded=False, log=str(log_path(settings)), reason=reason))
        else:
            print(f"routesmith: {reason}", file=sys.stderr)
        return 0
    profiles = load_profiles(config)
    if args.jsonl is not None:
        return _import_jsonl(args, settings, profiles)
    for argument in ("host", "model", "task"):
        if not getattr(args, argument):
            raise UserError(f"--{argument}: required (or use --jsonl FILE)")
    if args.success is None:
        raise UserError("--success or --failure: one is required")
    _positive(args.duration_ms, "--duration-ms")
    host = _host(args.host, profiles, "--host")
    task = _enum(TaskType, args.task, "--task")
    record = OutcomeRecord(
        time=time.time(),
        host=host,
        model=args.model,
        task=task,
        capability=_enum(Capability, args.capability, "--capability") or DEFAULT_CAPABILITY[task],
        success=args.success,
        source=_enum(Source, args.source, "--source"),
        duration_ms=args.duration_ms,
        route_id=args.route_id,
        step_id=args.step_id,
    )
    warnings = [w for w in [_model_warning(profiles[host], args.model)] if w]
    log = open_log(settings)
    log.append(record)
    if args.json:
        write_json(
            RecordOutput(recorded=True, log=str(log.path), record=outcome_json(record), warnings=warnings)
        )
        return 0
    warn(warnings)
    if not args.quiet:
        outcome = "success" if record.success else "failure"
        print(
            f"recorded {outcome}: {host} {record.model} ({record.task} -> {record.capability}) in {log.path}"
        )
    return 0


_ENUM_FIELDS: dict[str, type[StrEnum]] = {"task": TaskType, "capability": Capability, "source": Source}
_MSGSPEC_AT = re.compile(r"^(?P<problem>.*) - at `\$\.(?P<field>\w+)`$")


def _line_error(exc: Exception) -> str:
    """msgspec's "Invalid enum value 'x' - at `$.task`" as "task: invalid value 'x'; expected one of: ..."."""
    message = str(exc)
    match = _MSGSPEC_AT.match(message)
    if match is None:
        return message
    field, problem = match.group("field"), match.group("problem")
    if field in _ENUM_FIELDS and problem.startswith("Invalid enum value"):
        value = problem.removeprefix("Invalid enum value ").strip("'")
        choices = [member.value for member in _ENUM_FIELDS[field]]
        from routesmith.suggest import did_you_mean

        return f"{field}: invalid value {value!r}; expected one of: {', '.join(choices)}" + did_you_mean(
            value, choices
        )
    return f"{field}: {problem}"


def parse_jsonl_line(line: str, profiles: Mapping[str, HostProfile], now: float) -> OutcomeRecord:
    """One import line -> a record; `source` defaults to import, `time` to `now` and may be ISO 8601."""
    fields = msgspec.json.decode(line)
    if not isinstance(fields, dict):
        raise ValueError("expected a JSON object")
    fields.setdefault("source", Source.IMPORT.value)
    fields.setdefault("time", now)
    if isinstance(fields.get("time"), str):
        moment = parse_iso(fields["time"])
        if moment is None:
            raise ValueError(f"time: expected unix seconds or an ISO 8601 date/time, got {fields['time']!r}")
        fields["time"] = moment
    task = fields.get("task")
    if "capability" not in fields and isinstance(task, str) and task in _TASKS:
        fields["capability"] = DEFAULT_CAPABILITY[TaskType(task)]
    try:
        record = msgspec.convert(fields, OutcomeRecord)
    except msgspec.ValidationError as exc:
        raise ValueError(_line_error(exc)) from None
    _host(record.host, profiles, "host")
    _positive(record.duration_ms, "duration_ms")
    return record


def _import_jsonl(
    args: argparse.Namespace, settings: TelemetrySettings, profiles: Mapping[str, HostProfile]
) -> int:
    from routesmith.commands.output import write_json

    name = args.jsonl
    log = open_log(settings)
    label = "<stdin>" if name == "-" else name
    try:
        stream: IO[str] = sys.stdin if name == "-" else open(name, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise UserError(f"--jsonl: cannot read {name}: {exc.strerror}") from None
    good, errors, pending = 0, [], []
    now = time.time()
    with stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                pending.append(parse_jsonl_line(line, profiles, now))
            except (ValueError, UserError) as exc:  # msgspec's decode errors are ValueErrors
                errors.append(LineError(line=number, error=str(exc)))
                if not args.json:
                    print(f"{label}:{number}: {exc}", file=sys.stderr)
            if len(pending) >= IMPORT_BATCH:
                good += log.append(pending)
                pending = []
                if sys.stderr.isatty() and not args.quiet:  # a long import says how far it got
                    print(f"\rimported {good} records ...", end="", file=sys.stderr, flush=True)
    good += log.append(pending)
    if good >= IMPORT_BATCH and sys.stderr.isatty() and not args.quiet:
        print("\r\x1b[K", end="", file=sys.stderr)  # the progress line makes way for the summary
    if args.json:
        write_json(
            ImportOutput(imported=good, bad=len(errors), log=str(log.path), source=label, errors=errors)
        )
    elif not args.quiet or errors:
        skipped = f"; {len(errors)} bad lines skipped" if errors else ""
        print(f"imported {good} records from {label} into {log.path}{skipped}")
    return 1 if errors else 0


# -- stats --------------------------------------------------------------------------------------------------


def _add_filters(parser: argparse.ArgumentParser, schema: str) -> None:
    parser.add_argument("--host", help="only this host, e.g. claude_code")
    parser.add_argument("--model", help="only this model id")
    parser.add_argument("--task", help="only this task type: " + ", ".join(TaskType))
    parser.add_argument("--capability", help="only this capability class: " + ", ".join(Capability))
    parser.add_argument(
        "--source",
        help="only outcomes recorded by: " + ", ".join(Source) + "; `recorded` (all but import), `imported`",
    )
    parser.add_argument("--since", help="only outcomes since: 7d, 12h, 30m ago or an ISO date/time")
    _add_json(parser, schema, format_alias=True)


def _register_stats(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="success rates and durations from the telemetry log",
        description="Success rate (95% interval), p50/p90 duration per host, capability and model. "
        "Read-only: `routesmith prune` deletes.",
    )
    _add_filters(parser, "stats-output.json")
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--top", type=int, metavar="N", help="the N best by success rate")
    order.add_argument("--bottom", type=int, metavar="N", help="the N worst by success rate")
    parser.add_argument(
        "--merge",
        nargs="+",
        metavar="FILE",
        help="team summaries (`stats --json` of other machines) shown beside the local counts",
    )
    parser.add_argument(
        "--cost",
        action="store_true",
        help="estimated spend per host, capability and model, and the saving against the host's strongest "
        "model for every outcome, with success rates beside it (JSON: schemas/stats-cost-output.json)",
    )
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
    from routesmith.commands.output import table, write_json

    config = _config()
    settings = config.telemetry
    if args.cost:
        if args.top or args.bottom or args.merge:
            raise UserError("--cost: not with --top, --bottom or --merge (it lists every priced group)")
        return _cost(args, config)
    for argument in ("top", "bottom"):
        value = getattr(args, argument)
        if value is not None and value < 1:
            raise UserError(f"--{argument}: must be at least 1, got {value}")
    rows = [group.row(*key) for key, group in aggregate_log(args, settings).items()]
    if args.merge:
        rows = _with_team(rows, args.merge)
    if args.top or args.bottom:
        rows.sort(key=lambda row: (_rate(row), row["n"]), reverse=bool(args.top))
        rows = rows[: args.top or args.bottom]
    else:
        rows.sort(key=lambda row: (row["host"], row["capability"], -_rate(row)))
    if _wants_json(args):
        groups = msgspec.convert(rows, list[StatsGroup])
        total = sum(group.n for group in groups)
        write_json(StatsOutput(log=str(log_path(settings)), count=len(groups), records=total, groups=groups))
        return 0
    team_column = ["team"] if args.merge else []
    _print_table(
        table,
        ["host", "capability", "model", "n", "success", "95% interval", "p50 ms", "p90 ms", *team_column],
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
                *([_team_cell(row)] if args.merge else []),
            ]
            for row in rows
        ],
    )
    return 0


def _with_team(rows: list[dict[str, object]], paths: list[str]) -> list[dict[str, object]]:
    """Each row with its team tally (`"team": {"successes", "decided"}` or null); groups only the team has
    become rows of their own with n = 0."""
    from routesmith.telemetry.beta import credible_interval
    from routesmith.telemetry.team import read_team

    team = {(t.host, t.capability, t.model): t for t in read_team(paths)}
    for row in rows:
        found = team.pop((row["host"], row["capability"], row["model"]), None)  # type: ignore[arg-type]
        row["team"] = {"successes": found.successes, "decided": found.decided} if found else None
    for t in team.values():
        low, high = credible_interval(0.5, 0.5, 0.95)
        rows.append(
            {
                "host": t.host,
                "capability": t.capability,
                "model": t.model,
                "n": 0,
                "successes": 0,
                "unknown": 0,
                "success_rate": None,
                "ci95": [round(low, 4), round(high, 4)],
                "p50_ms": None,
                "p90_ms": None,
                "team": {"successes": t.successes, "decided": t.decided},
            }
        )
    return rows


def _team_cell(row: dict[str, object]) -> str:
    team = row.get("team")
    return f"{team['successes']}/{team['decided']}" if isinstance(team, dict) else "-"


def _cost(args: argparse.Namespace, config: Config) -> int:
    from routesmith.commands.output import table, write_json
    from routesmith.cost import amount
    from routesmith.hosts import load_profiles
    from routesmith.telemetry import load_summary
    from routesmith.telemetry.log import TokenRecord
    from routesmith.telemetry.spend import by_host, tally

    profiles = load_profiles(config)
    log = open_log(config.telemetry)
    groups = tally(
        _narrowed(log.iter_batches(TokenRecord), _filters(args, time.time())),
        profiles,
        config,
        load_summary(config.telemetry),
    )
    hosts = by_host(groups, profiles, config)
    if _wants_json(args):
        records = sum(g.n for g in groups)
        write_json(
            CostOutput(log=str(log.path), count=len(groups), records=records, groups=groups, hosts=hosts)
        )
        return 0
    units = {h.host: h.unit for h in hosts}

    def money(value: float, host: str, priced: int) -> str:
        return amount(value, units[host]) if priced and host in units else "-"

    _print_table(
        table,
        ["host", "capability", "model", "n", "success", "spent", "strongest", "saving"],
        [
            [
                g.host,
                g.capability,
                g.model,
                str(g.n),
                f"{g.successes / g.decided:.0%}" if g.decided else "-",
                money(g.spent, g.host, g.priced),
                money(g.baseline, g.host, g.priced),
                money(g.baseline - g.spent, g.host, g.priced),
            ]
            for g in groups
        ],
    )
    for h in hosts:
        share = f" ({h.saving / h.baseline:.0%})" if h.baseline else ""
        rate = "-" if h.success_rate is None else f"{h.success_rate:.0%}"
        own = (
            f"; {h.strongest} on its own: {h.strongest_success_rate:.0%} of {h.strongest_decided}"
            if h.strongest_success_rate is not None
            else f"; no outcomes of {h.strongest} to compare"
        )
        print(
            f"{h.host} (estimate, plan {h.plan}): spent {amount(h.spent, h.unit)}, {h.strongest} for every "
            f"one {amount(h.baseline, h.unit)}, saved {amount(h.saving, h.unit)}{share}; success {rate}{own}"
            + (f"; {h.n - h.priced} of {h.n} outcomes unpriced" if h.priced < h.n else "")
        )
    return 0


def _rate(row: dict[str, object]) -> float:
    """A row's success rate for sorting; a group of unknown outcomes only sorts last."""
    rate = row["success_rate"]
    return -1.0 if rate is None else float(rate)  # type: ignore[arg-type]


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _print_table(table: Callable[..., list[str]], header: list[str], rows: list[list[str]]) -> None:
    """The rows, or a line saying there are none; the text columns (host, model, ...) give way to fit
    the terminal, the figures never do."""
    if not rows:
        print("no outcomes recorded (or none match the filters)")
        return
    text_columns = [i for i, name in enumerate(header) if name in ("host", "capability", "model", "task")]
    print("\n".join(table(header, rows, flexible=text_columns, minimum=6)))


# -- prune --------------------------------------------------------------------------------------------------


def _register_prune(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "prune",
        help="delete old outcomes from the telemetry log",
        description="Delete outcomes older than an age, or all but the newest N. On a terminal it asks "
        "first; scripts pass --yes. --dry-run only counts.",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--older-than", metavar="AGE", help="delete outcomes older than this: 90d, 12h, 2w, 30m"
    )
    which.add_argument("--keep", type=int, metavar="N", help="keep the newest N outcomes, delete the rest")
    parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")
    parser.add_argument("-y", "--yes", action="store_true", help="do not ask (needed when not on a terminal)")
    _add_json(parser, "prune-output.json")
    parser.set_defaults(func=run_prune)


def run_prune(args: argparse.Namespace) -> int:
    from routesmith.commands.output import write_json

    cutoff: float | None = None
    if args.older_than is not None:
        relative = _RELATIVE.fullmatch(args.older_than.strip())
        if relative is None:
            raise UserError(
                f"--older-than: expected an age such as 90d, 12h, 2w or 30m, got {args.older_than!r}"
            )
        cutoff = time.time() - float(relative[1]) * _UNIT_SECONDS[relative[2]]
    if args.keep is not None and args.keep < 0:
        raise UserError(f"--keep: must not be negative, got {args.keep}")
    log = open_log(_settings())
    what = "outcomes " + (
        f"older than {iso(cutoff)}" if cutoff is not None else f"(all but the newest {args.keep})"
    )
    count = log.prune(older_than=cutoff, keep=args.keep, dry_run=True)
    if not args.dry_run and count and not args.yes:
        if not sys.stdin.isatty():
            raise UserError(
                f"prune: would delete {count} {what} from {log.path}; pass --yes to do it without asking"
            )
        answer = input(f"Delete {count} {what} from {log.path}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing deleted")
            return 1
    removed = count if args.dry_run else log.prune(older_than=cutoff, keep=args.keep)
    if args.json:
        write_json(
            PruneOutput(
                log=str(log.path),
                dry_run=args.dry_run,
                removed=removed,
                older_than=iso(cutoff) if cutoff is not None else None,
                keep=args.keep,
            )
        )
    elif args.dry_run:
        print(f"would delete {removed} {what} from {log.path} (dry run: nothing deleted)")
    else:
        print(f"deleted {removed} {what} from {log.path}")
    return 0


# -- history ------------------------------------------------------------------------------------------------


def _register_history(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "history", help="recent outcomes from the telemetry log", description="The most recent outcomes."
    )
    _add_filters(parser, "history-output.json")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="how many (default 20)")
    parser.set_defaults(func=run_history)


def run_history(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UserError(f"--limit: must be at least 1, got {args.limit}")
    from routesmith.commands.output import table, write_json

    settings = _settings()
    recent: collections.deque[OutcomeRecord] = collections.deque(maxlen=args.limit)
    for batch in _records(args, settings):
        recent.extend(batch)
    if _wants_json(args):
        records = [outcome_json(r) for r in recent]
        write_json(HistoryOutput(log=str(log_path(settings)), count=len(records), records=records))
        return 0
    _print_table(
        table,
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


# -- export -------------------------------------------------------------------------------------------------


def _register_export(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="send recorded outcomes to an OpenTelemetry collector",
        description="Send the log's outcomes (all, or those matching the filters) to the OTLP/HTTP endpoint "
        "of telemetry.otlp_endpoint or OTEL_EXPORTER_OTLP_ENDPOINT, each batch confirmed by the collector "
        "(`pip install 'routesmith-lsp[otel]'`).",
    )
    parser.add_argument("--otlp", action="store_true", required=True, help="as OTLP spans (the only format)")
    parser.add_argument("--endpoint", help="the collector's OTLP/HTTP base URL (default: from config or env)")
    parser.add_argument(
        "--pending",
        action="store_true",
        help="send only what waits in the export outbox (what live export has not delivered yet), "
        "with its metrics, instead of the filtered log",
    )
    _add_filters(parser, "export-output.json")
    parser.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from routesmith.commands.output import write_json
    from routesmith.telemetry.otlp import ENV_ENDPOINT, endpoint, send

    settings = _settings()
    base = args.endpoint or endpoint(settings)
    if base is None:
        raise UserError(
            f"--otlp: no endpoint: set telemetry.otlp_endpoint in the user config, {ENV_ENDPOINT}, "
            "or --endpoint"
        )
    if args.pending:
        filters = ("host", "model", "task", "capability", "source", "since")
        if given := [f"--{name}" for name in filters if getattr(args, name) is not None]:
            raise UserError(f"--pending sends the whole outbox; it takes no filter ({', '.join(given)})")
        from routesmith.commands.output import warn as say
        from routesmith.telemetry.otlp import send_pending

        drained = send_pending(log_path(settings), base, lambda message: say([message]))
        if drained.failure:
            raise UserError(
                f"--pending: {drained.failure}; {drained.sent} outcomes were sent before, the rest wait"
            )
        sent = drained.sent
    else:
        sent = send((r for batch in _records(args, settings) for r in batch), base)
    if _wants_json(args):
        write_json(ExportOutput(log=str(log_path(settings)), endpoint=base, sent=sent))
    else:
        print(f"sent {sent} outcomes to {base}")
    return 0
