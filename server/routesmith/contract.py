"""The JSON the commands print with `--json`: one top-level object per command, named fields, the host as
`host`, times as ISO 8601 UTC strings. schemas/*-output.json are generated from these types (the explain
output is routesmith.model.ExplainOutput)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec


def iso(seconds: float) -> str:
    """Unix seconds as ISO 8601 UTC, e.g. 2026-01-31T12:00:00.250Z."""
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def outcome_json(record: msgspec.Struct) -> dict[str, Any]:
    """An OutcomeRecord as printed: its fields (schemas/outcome-record.json), `time` as ISO 8601 UTC."""
    fields = msgspec.structs.asdict(record)  # asdict: the log's wire subclass must not leak into JSON
    return {**fields, "time": iso(fields["time"])}


class LineError(msgspec.Struct, kw_only=True):
    line: int
    error: str


class RecordOutput(msgspec.Struct, kw_only=True):
    """`routesmith record --json`: what was stored (outcome_json fields), or why nothing was."""

    recorded: bool
    log: str
    record: dict[str, Any] | None = None
    reason: str | None = None
    warnings: list[str] = []


class ImportOutput(msgspec.Struct, kw_only=True):
    """`routesmith record --jsonl FILE --json`."""

    imported: int
    bad: int
    log: str
    source: str
    errors: list[LineError] = []


class HistoryOutput(msgspec.Struct, kw_only=True):
    """`routesmith history --json`: the most recent outcomes, oldest first (outcome_json fields)."""

    log: str
    count: int
    records: list[dict[str, Any]]


class TeamTally(msgspec.Struct, kw_only=True):
    """One group's outcomes in the team summaries of `stats --merge` (`stats --json` of other machines)."""

    successes: int
    decided: int  # successes and failures


class StatsGroup(msgspec.Struct, kw_only=True):
    host: str
    capability: str
    model: str
    n: int
    successes: int
    unknown: int  # imported outcomes whose log does not say how they went
    success_rate: float | None  # of the decided outcomes; None when every one is unknown
    ci95: tuple[float, float]  # Jeffreys 95% interval of the success rate
    p50_ms: float | None
    p90_ms: float | None
    # Only with --merge: the team's tally of this group, null when no summary has it (a group only the
    # team has is listed with n = 0).
    team: TeamTally | msgspec.UnsetType | None = msgspec.UNSET


class StatsOutput(msgspec.Struct, kw_only=True):
    """`routesmith stats --json`."""

    log: str
    count: int  # groups
    records: int  # outcomes counted
    groups: list[StatsGroup]


class SpendGroup(msgspec.Struct, kw_only=True):
    """One (host, capability, model) of `stats --cost`: its outcomes, their estimated cost and what the
    host's strongest model would have cost for each (in the host's plan unit, HostSpend.unit)."""

    host: str
    capability: str
    model: str
    n: int = 0
    successes: int = 0
    decided: int = 0  # successes and failures (unknown outcomes count in n only)
    priced: int = 0  # outcomes with a price: spent and baseline sum over these
    spent: float = 0.0
    baseline: float = 0.0


class HostSpend(msgspec.Struct, kw_only=True):
    """A host's `stats --cost` totals, in its plan's unit."""

    host: str
    unit: str
    plan: str
    strongest: str
    n: int
    priced: int
    spent: float
    baseline: float
    saving: float
    success_rate: float | None
    strongest_success_rate: float | None  # the strongest model's own outcomes, where it ran
    strongest_decided: int


class CostOutput(msgspec.Struct, kw_only=True):
    """`routesmith stats --cost --json`: estimates, never a bill (README, "What a route costs")."""

    log: str
    count: int  # groups
    records: int  # outcomes counted
    groups: list[SpendGroup]
    hosts: list[HostSpend]  # hosts with price data


class PruneOutput(msgspec.Struct, kw_only=True):
    """`routesmith prune --json`."""

    log: str
    dry_run: bool
    removed: int
    older_than: str | None = None  # the cutoff, ISO 8601 UTC
    keep: int | None = None


class ExportOutput(msgspec.Struct, kw_only=True):
    """`routesmith export --otlp --json`: how many outcomes the collector confirmed."""

    log: str
    endpoint: str  # the OTLP/HTTP base URL sent to
    sent: int


class Setting(msgspec.Struct, kw_only=True):
    key: str
    value: Any
    origin: str  # default | user:<path> | workspace:<path> | env:ROUTESMITH_X


class DoctorHost(msgspec.Struct, kw_only=True):
    host: str
    source: str
    evidence: list[str]
    configured_for: list[str]


class DoctorTelemetry(msgspec.Struct, kw_only=True):
    enabled: bool
    log: str
    writable: bool
    state: str


class Extra(msgspec.Struct, kw_only=True):
    name: str
    version: str | None  # None: not installed
    purpose: str


class DoctorOutput(msgspec.Struct, kw_only=True):
    """`routesmith doctor --json`."""

    version: str
    python: str
    executable: str | None
    user_config: str
    workspace_config: str | None
    settings: list[Setting]
    warnings: list[str]
    host: DoctorHost | None
    telemetry: DoctorTelemetry
    extras: list[Extra]
    problems: list[str]
