"""From outcome records to the router's `PerformanceSummary`, and a side file that keeps it cheap.

Evidence decays with a half-life so a model that was fixed can win its place back. Each record is
weighted `2 ** ((time - ANCHOR) / half_life)`: sums of such weights never need rescaling as time passes
(multiply by `2 ** ((ANCHOR - now) / half_life)` when reading), so folds can be extended and merged.
`load_summary` keeps one fold per rotated segment (immutable, keyed by inode and size) and one for the
active file up to the offset it has read, in `<log>.summary`. After an append it reads only the new
frames; after a rotation, only the new segment.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterable
from pathlib import Path

import msgspec

from routesmith.model import (
    Capability,
    ModelEvidence,
    OutcomeRecord,
    PerformanceSummary,
    Source,
    TaskTokenEvidence,
    TelemetrySettings,
)
from routesmith.telemetry.log import (
    HEADER,
    Segment,
    TelemetryError,
    TelemetryLog,
    TokenRecord,
    Warn,
    warn_to_stderr,
)
from routesmith.telemetry.paths import log_path

HALF_LIFE_DAYS = 7.0  # tuned with bench/simulate_routing.py: 14 days wins a fixed model back too slowly
_HALF_LIFE = HALF_LIFE_DAYS * 86400.0
ANCHOR = 1_767_225_600.0  # 2026-01-01 UTC; any fixed instant works, it only keeps exponents small
_MAX_EXPONENT = 500.0  # 2**500 times 10**9 records still fits a float; 500 half-lives is 19 years
CACHE_FORMAT = 4


class Tally(msgspec.Struct, array_like=True):
    """Running decayed counts for one (host, capability, model)."""

    host: str
    capability: Capability
    model: str
    successes: float = 0.0  # sum of anchored weights
    failures: float = 0.0
    n: int = 0
    timed: int = 0  # records with a duration
    log_ms: float = 0.0  # sum of ln(duration): durations are roughly log-normal, so exp(mean) is the median
    imported: int = 0  # records imported from a host's session log (hover: "from N imported turns")

    def merge(self, other: Tally) -> None:
        self.successes += other.successes
        self.failures += other.failures
        self.n += other.n
        self.timed += other.timed
        self.log_ms += other.log_ms
        self.imported += other.imported


class TokenTally(msgspec.Struct, array_like=True):
    """Token counts of imported turns of one task (the calibration of cost.step_tokens)."""

    n: int = 0
    log_input: float = 0.0
    log_output: float = 0.0

    def merge(self, other: TokenTally) -> None:
        self.n += other.n
        self.log_input += other.log_input
        self.log_output += other.log_output


class Fold(msgspec.Struct, array_like=True):
    """Mergeable state behind a PerformanceSummary; the side file holds several."""

    tallies: dict[str, Tally] = {}
    tokens: dict[str, TokenTally] = {}  # by task

    def add(self, records: Iterable[OutcomeRecord]) -> None:
        tallies = self.tallies
        for r in records:
            if r.input_tokens and r.output_tokens:
                tokens = self.tokens.get(r.task)
                if tokens is None:
                    tokens = self.tokens[r.task] = TokenTally()
                tokens.n += 1
                tokens.log_input += math.log(r.input_tokens)
                tokens.log_output += math.log(r.output_tokens)
            key = f"{r.host}\0{r.capability}\0{r.model}"
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = Tally(r.host, r.capability, r.model)
            weight = _weight(r.time - ANCHOR)
            if r.success:
                tally.successes += weight
            elif r.success is not None:  # unknown outcomes are evidence of nothing
                tally.failures += weight
            tally.n += 1
            if r.source == Source.IMPORT:
                tally.imported += 1
            if r.duration_ms:
                tally.timed += 1
                tally.log_ms += math.log(r.duration_ms)

    def merge(self, other: Fold) -> None:
        for key, tally in other.tallies.items():
            mine = self.tallies.get(key)
            if mine is None:
                self.tallies[key] = msgspec.structs.replace(tally)  # a copy: `other` stays as cached
            else:
                mine.merge(tally)
        for task, tokens in other.tokens.items():
            if task in self.tokens:
                self.tokens[task].merge(tokens)
            else:
                self.tokens[task] = msgspec.structs.replace(tokens)

    def summary(self, now: float) -> PerformanceSummary:
        scale = _weight(ANCHOR - now)
        return PerformanceSummary(
            evidence=[
                ModelEvidence(
                    host=t.host,
                    capability=t.capability,
                    model=t.model,
                    successes=t.successes * scale,
                    failures=t.failures * scale,
                    n=t.n,
                    p50_ms=round(math.exp(t.log_ms / t.timed), 1) if t.timed else None,
                    imported=t.imported,
                )
                for t in self.tallies.values()
            ],
            tokens=[
                TaskTokenEvidence(task=task, n=t.n, log_input=t.log_input, log_output=t.log_output)
                for task, t in self.tokens.items()
            ],
        )


def _weight(seconds: float) -> float:
    # Clamped so a record with an absurd timestamp (year 1970 or 3000) cannot overflow the sums.
    return 2.0 ** max(-_MAX_EXPONENT, min(_MAX_EXPONENT, seconds / _HALF_LIFE))


def summarize(records: Iterable[OutcomeRecord], now: float | None = None) -> PerformanceSummary:
    """Decayed evidence per (host, capability, model) as of `now` (default: the current time)."""
    fold = Fold()
    fold.add(records)
    return fold.summary(time.time() if now is None else now)


class _SegmentFold(msgspec.Struct, array_like=True):
    inode: int
    size: int
    fold: Fold


class _Cache(msgspec.Struct, array_like=True):
    format: int
    half_life: float
    segments: list[_SegmentFold]  # rotated segments are immutable: folded once each
    active_inode: int
    active_offset: int  # the active file's frames up to here are in `active`
    active: Fold


def load_summary(
    settings: TelemetrySettings, now: float | None = None, warn: Warn = warn_to_stderr
) -> PerformanceSummary:
    """The current PerformanceSummary for the log in `settings`, reading only what is new since last time.

    Routing must not fail because of telemetry: an unreadable, foreign or corrupt log is reported through
    `warn` and routing proceeds without performance evidence (`routesmith stats` shows the error itself).
    """
    now = time.time() if now is None else now
    if not settings.enabled:
        return PerformanceSummary()
    path = log_path(settings)
    log = TelemetryLog(path, warn=warn)
    if not any(p.exists() for p in log.paths()):
        return PerformanceSummary()  # and create nothing: `explain` on a clean machine leaves no files
    try:
        segments = log.snapshot()
        try:
            cache_path = path.with_name(path.name + ".summary")
            updated, changed = _update(_read_cache(cache_path), segments, path, log)
            if changed:
                _write_cache(cache_path, updated)
        finally:
            for segment in segments:
                segment.file.close()
    except TelemetryError as exc:
        warn(f"routing without performance data: {exc}")
        return PerformanceSummary()
    total = Fold()
    for part in [*(s.fold for s in updated.segments), updated.active]:
        total.merge(part)
    return total.summary(now)


def _update(
    cache: _Cache | None, segments: list[Segment], path: Path, log: TelemetryLog
) -> tuple[_Cache, bool]:
    """The cache brought up to date, reusing every fold that is still valid; and whether it changed."""
    known = {(s.inode, s.size): s for s in cache.segments} if cache else {}
    changed = cache is None
    folds = []
    for segment in (s for s in segments if s.path != path):
        folded = known.get((segment.inode, segment.size))
        if folded is None:
            folded = _SegmentFold(segment.inode, segment.size, _fold(segment, HEADER.size, log)[0])
            changed = True
        folds.append(folded)
    changed = changed or len(folds) != len(cache.segments)
    active = next((s for s in segments if s.path == path), None)
    if active is None:
        inode, offset, fold = 0, HEADER.size, Fold()
        changed = changed or cache.active_inode != 0
    elif cache and cache.active_inode == active.inode and cache.active_offset <= active.size:
        inode, fold = active.inode, cache.active
        extra, offset = _fold(active, cache.active_offset, log)
        fold.merge(extra)
        changed = changed or offset != cache.active_offset
    else:
        inode, (fold, offset) = active.inode, _fold(active, HEADER.size, log)
        changed = True
    return _Cache(CACHE_FORMAT, _HALF_LIFE, folds, inode, offset, fold), changed


def _fold(segment: Segment, start: int, log: TelemetryLog) -> tuple[Fold, int]:
    """A fold of the segment's frames from `start`, and the offset it got to."""
    fold, offset = Fold(), start
    for offset, batch in segment.batches(log.warn, start, TokenRecord):  # noqa: B007 - the last offset is the result
        fold.add(batch)
    return fold, offset


def _read_cache(path: Path) -> _Cache | None:
    try:
        cache = msgspec.msgpack.decode(path.read_bytes(), type=_Cache)
    except (OSError, msgspec.DecodeError):
        return None  # missing, unreadable or from another version: just recompute
    return cache if cache.format == CACHE_FORMAT and cache.half_life == _HALF_LIFE else None


def _write_cache(path: Path, cache: _Cache) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(msgspec.msgpack.encode(cache))
        tmp.replace(path)  # atomic: concurrent readers see the old or the new summary, both valid
    except OSError:
        tmp.unlink(missing_ok=True)  # the cache is an optimisation; a read-only directory is fine
