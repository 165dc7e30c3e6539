"""From outcome records to the router's `PerformanceSummary`, and a side file that keeps it cheap.

Evidence decays with a half-life so a model that was fixed can win its place back. Each record is
weighted `2 ** ((time - ANCHOR) / half_life)`: sums of such weights never need rescaling as time passes
(multiply by `2 ** ((ANCHOR - now) / half_life)` when reading), so a summary can be extended with new
records instead of recomputed. `load_summary` keeps that running sum in `<log>.summary`, keyed by the
identity of every log file and how far into the active file it has read; after an append it folds in
only the new frames.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterable
from pathlib import Path

import msgspec

from routesmith.model import Capability, ModelEvidence, OutcomeRecord, PerformanceSummary, TelemetrySettings
from routesmith.telemetry.log import HEADER, TelemetryLog, warn_to_stderr
from routesmith.telemetry.paths import log_path

HALF_LIFE_DAYS = 7.0  # tuned with bench/simulate_routing.py: 14 days wins a fixed model back too slowly
_HALF_LIFE = HALF_LIFE_DAYS * 86400.0
ANCHOR = 1_767_225_600.0  # 2026-01-01 UTC; any fixed instant works, it only keeps exponents small
_BUCKET = math.log(1.01)  # latency histograms: 1% resolution, bounded size however many records
_MAX_EXPONENT = 500.0  # 2**500 times 10**9 records still fits a float; 500 half-lives is 19 years
CACHE_FORMAT = 1


class Tally(msgspec.Struct, array_like=True):
    """Running decayed counts for one (host, capability, model)."""

    host: str
    capability: Capability
    model: str
    successes: float = 0.0  # sum of anchored weights
    failures: float = 0.0
    n: int = 0
    latency: dict[int, int] = {}  # log-spaced duration bucket -> count


class Fold(msgspec.Struct, array_like=True):
    """Mergeable state behind a PerformanceSummary; also the side file's content."""

    tallies: dict[str, Tally] = {}

    def add(self, records: Iterable[OutcomeRecord]) -> None:
        tallies = self.tallies
        for r in records:
            key = f"{r.host}\0{r.capability}\0{r.model}"
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = Tally(r.host, r.capability, r.model, latency={})
            weight = _weight(r.time - ANCHOR)
            if r.success:
                tally.successes += weight
            else:
                tally.failures += weight
            tally.n += 1
            if r.duration_ms is not None and r.duration_ms > 0:
                bucket = duration_bucket(r.duration_ms)
                tally.latency[bucket] = tally.latency.get(bucket, 0) + 1

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
                    p50_ms=quantile(t.latency, 0.5),
                )
                for t in self.tallies.values()
            ]
        )


def _weight(seconds: float) -> float:
    # Clamped so a record with an absurd timestamp (year 1970 or 3000) cannot overflow the sums.
    return 2.0 ** max(-_MAX_EXPONENT, min(_MAX_EXPONENT, seconds / _HALF_LIFE))


def duration_bucket(ms: float) -> int:
    return round(math.log(ms) / _BUCKET)


def quantile(histogram: dict[int, int], q: float) -> float | None:
    """The q-quantile of a duration histogram (within 1%), None when it is empty."""
    rank = q * sum(histogram.values())
    seen = 0
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if seen >= rank:
            return round(math.exp(bucket * _BUCKET), 1)
    return None


def summarize(records: Iterable[OutcomeRecord], now: float | None = None) -> PerformanceSummary:
    """Decayed evidence per (host, capability, model) as of `now` (default: the current time)."""
    fold = Fold()
    fold.add(records)
    return fold.summary(time.time() if now is None else now)


class _Cache(msgspec.Struct, array_like=True):
    format: int
    half_life: float
    segments: list[tuple[int, int]]  # (inode, size) of each rotated segment, oldest first
    active_inode: int
    active_offset: int  # frames up to here are folded in
    fold: Fold


def load_summary(settings: TelemetrySettings, now: float | None = None) -> PerformanceSummary:
    """The current PerformanceSummary for the log in `settings`, reading only what is new since last time."""
    now = time.time() if now is None else now
    if not settings.enabled:
        return PerformanceSummary()
    path = log_path(settings)
    log = TelemetryLog(path, warn=warn_to_stderr)
    if not any(p.exists() for p in log.paths()):
        return PerformanceSummary()  # and create nothing: `explain` on a clean machine leaves no files
    segments = log.snapshot()
    try:
        rotated = [s for s in segments if s.path != path]
        active = next((s for s in segments if s.path == path), None)
        cache_path = path.with_name(path.name + ".summary")
        cache = _read_cache(cache_path)
        identity = [(s.inode, s.size) for s in rotated]
        fresh = (
            cache is not None
            and cache.segments == identity
            and active is not None
            and cache.active_inode == active.inode
            and cache.active_offset <= active.size
        )
        if not fresh:
            cache = _Cache(CACHE_FORMAT, _HALF_LIFE, identity, 0, HEADER.size, Fold())
            for segment in rotated:
                for _, batch in segment.batches(log.warn):
                    cache.fold.add(batch)
        if active is not None and cache.active_offset < active.size:
            cache.active_inode = active.inode
            for end, batch in active.batches(log.warn, cache.active_offset):
                cache.fold.add(batch)
                cache.active_offset = end
            _write_cache(cache_path, cache)
        elif not fresh:
            _write_cache(cache_path, cache)
        return cache.fold.summary(now)
    finally:
        for segment in segments:
            segment.file.close()


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
