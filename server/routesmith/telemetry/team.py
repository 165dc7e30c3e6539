"""Team summaries: `routesmith stats --json` of other machines (or a collector pipeline writing the same
shape), read back as a prior for routing that weighs less than this machine's own outcomes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import msgspec

from routesmith.errors import UserError
from routesmith.model import Capability, TeamEvidence
from routesmith.telemetry.log import Warn


class _Row(msgspec.Struct):
    host: str
    capability: Capability
    model: str
    n: Annotated[int, msgspec.Meta(ge=0)]
    successes: Annotated[int, msgspec.Meta(ge=0)]
    unknown: Annotated[int, msgspec.Meta(ge=0)] = 0


class _Summary(msgspec.Struct):
    groups: list[_Row]


def read_team(paths: Iterable[str]) -> list[TeamEvidence]:
    """Every file's groups summed per (host, capability, model). A file that cannot be read or is not a
    `stats --json` summary is a UserError naming it."""
    totals: dict[tuple[str, str, str], list[int]] = {}
    for name in paths:
        path = Path(name).expanduser()
        try:
            summary = msgspec.json.decode(path.read_bytes(), type=_Summary)
        except OSError as exc:
            raise UserError(f"{path}: cannot read team summary: {exc.strerror}") from None
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise UserError(f"{path}: not a `routesmith stats --json` summary: {exc}") from None
        for row in summary.groups:
            decided = max(0, row.n - row.unknown)
            if row.successes > decided:
                raise UserError(
                    f"{path}: {row.host}/{row.capability}/{row.model}: more successes than outcomes"
                )
            tally = totals.setdefault((row.host, row.capability, row.model), [0, 0])
            tally[0] += row.successes
            tally[1] += decided
    return [
        TeamEvidence(host=host, capability=Capability(capability), model=model, successes=s, decided=d)
        for (host, capability, model), (s, d) in totals.items()
    ]


def load_team(paths: list[str], warn: Warn) -> list[TeamEvidence]:
    """For routing: a bad team file is reported and left out, never a failure."""
    if not paths:
        return []
    try:
        return read_team(paths)
    except UserError as exc:
        warn(f"routing without team evidence: {exc}")
        return []
