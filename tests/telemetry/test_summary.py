"""The decayed summary and its side-file cache agree with a from-scratch computation."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from routesmith.model import Capability, TelemetrySettings
from routesmith.telemetry import load_summary, open_log, summarize
from routesmith.telemetry.summary import HALF_LIFE_DAYS

DAY = 86400.0


def by_model(summary) -> dict[str, tuple[float, float, int, float | None]]:
    return {e.model: (round(e.successes, 6), round(e.failures, 6), e.n, e.p50_ms) for e in summary.evidence}


def test_evidence_halves_every_half_life(make_record) -> None:
    now = 1_790_000_000.0
    fresh = make_record(0, time=now, success=True)
    old = make_record(1, time=now - HALF_LIFE_DAYS * DAY, success=False)
    [evidence] = summarize([fresh, old], now=now).evidence
    assert evidence.successes == pytest.approx(1.0)
    assert evidence.failures == pytest.approx(0.5)
    assert evidence.n == 2
    assert evidence.capability is Capability.CODING


def test_typical_duration_is_the_geometric_mean(make_record) -> None:
    # Durations are roughly log-normal: the geometric mean estimates the median and shrugs off one outlier.
    durations = [100.0, 1000.0, 10_000.0, None]
    records = [make_record(i, duration_ms=d) for i, d in enumerate(durations)]
    [evidence] = summarize(records, now=1_790_000_000.0).evidence
    assert evidence.p50_ms == pytest.approx(1000.0)
    [untimed] = summarize([make_record(1, duration_ms=None)], now=1_790_000_000.0).evidence
    assert untimed.p50_ms is None


def test_load_summary_on_a_clean_machine_creates_nothing(tmp_path: Path) -> None:
    settings = TelemetrySettings(path=str(tmp_path / "nowhere" / "telemetry.rslog"))
    assert load_summary(settings).evidence == []
    assert not (tmp_path / "nowhere").exists()


def test_cached_and_incremental_summary_matches_a_full_recount(
    settings: TelemetrySettings, make_record
) -> None:
    rotating = msgspec.structs.replace(settings, max_bytes=6000)
    log = open_log(rotating)
    now = 1_790_100_000.0
    for step in range(5):  # appends that rotate and appends that do not
        log.append([make_record(i, model=f"m{i % 3}") for i in range(step * 60, step * 60 + 60)])
        summary = load_summary(rotating, now=now)
        assert by_model(summary) == by_model(summarize(log.iter_records(), now=now))
    cache = Path(settings.path + ".summary")
    assert cache.exists()
    stamp = cache.stat().st_mtime_ns
    load_summary(rotating, now=now)
    assert cache.stat().st_mtime_ns == stamp  # nothing new: the side file is not rewritten


def test_a_garbled_cache_is_recomputed(settings: TelemetrySettings, make_record) -> None:
    log = open_log(settings)
    log.append([make_record(i) for i in range(30)])
    now = 1_790_100_000.0
    expected = by_model(load_summary(settings, now=now))
    Path(settings.path + ".summary").write_bytes(b"\x93garbage")
    assert by_model(load_summary(settings, now=now)) == expected


def test_disabled_telemetry_gives_no_evidence(settings: TelemetrySettings, make_record) -> None:
    open_log(settings).append(make_record(1))
    assert load_summary(msgspec.structs.replace(settings, enabled=False)).evidence == []


def test_a_foreign_log_warns_and_routes_without_evidence(settings: TelemetrySettings) -> None:
    path = Path(settings.path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00" * 100)
    warnings: list[str] = []
    assert load_summary(settings, warn=warnings.append).evidence == []
    assert len(warnings) == 1 and "not a routesmith telemetry log" in warnings[0]
    assert path.read_bytes() == b"\x00" * 100
