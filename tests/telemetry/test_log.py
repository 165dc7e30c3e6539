"""The telemetry log on real files: round trip, crashes, concurrency, foreign files, rotation, prune."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import msgspec
import pytest

from routesmith.model import TelemetrySettings
from routesmith.telemetry import TelemetryError, TelemetryLog, open_log
from routesmith.telemetry.log import HEADER
from routesmith.telemetry.privacy import prompt_hash


def plain(records) -> list[dict]:
    return [msgspec.structs.asdict(r) for r in records]


def test_round_trip_keeps_every_field_in_order(log: TelemetryLog, make_record) -> None:
    written = [make_record(i) for i in range(10)]
    log.append(written[0])
    log.append(written[1:])
    assert plain(log.iter_records()) == plain(written)
    assert log.path.stat().st_mode & 0o777 == 0o600  # outcomes are personal data


def test_reading_a_missing_log_yields_nothing(log: TelemetryLog) -> None:
    assert list(log.iter_records()) == []


def test_prompt_text_is_dropped_unless_opted_in(settings: TelemetrySettings, make_record) -> None:
    secret = "refactor the payroll module for ACME"
    open_log(settings).append(make_record(1, prompt_text=secret, prompt_hash="h1"))
    stored = Path(settings.path).read_bytes()
    assert secret.encode() not in stored
    [record] = open_log(settings).iter_records()
    assert (record.prompt_text, record.prompt_hash) == (None, "h1")

    opted_in = msgspec.structs.replace(settings, store_prompt_text=True)
    open_log(opted_in).append(make_record(2, prompt_text=secret))
    assert secret.encode() in Path(settings.path).read_bytes()


def test_prompt_hash_groups_repeats_and_is_salted_per_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompt = "plan the feature, implement it, add tests"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "me"))
    mine = prompt_hash(prompt)
    assert prompt_hash(prompt) == mine
    assert prompt_hash(prompt + ".") != mine
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "them"))
    assert prompt_hash(prompt) != mine  # no dictionary across users
    salt = tmp_path / "me" / "routesmith" / "prompt-salt"  # the user data dir, never beside a log
    assert salt.stat().st_mode & 0o777 == 0o600


def test_invalid_record_is_refused_before_touching_the_file(log: TelemetryLog, make_record) -> None:
    log.append(make_record(1))
    before = log.path.read_bytes()
    with pytest.raises(TelemetryError, match="invalid outcome record"):
        log.append(make_record(2, task="juggling"))
    assert log.path.read_bytes() == before


def test_torn_tail_is_skipped_with_a_warning_then_repaired(
    log: TelemetryLog, warnings: list[str], make_record
) -> None:
    log.append([make_record(i) for i in range(5)])
    whole = log.path.stat().st_size
    log.append(make_record(5))
    with open(log.path, "r+b") as file:
        file.truncate(log.path.stat().st_size - 7)  # a kill in the middle of the last write

    assert plain(log.iter_records()) == plain([make_record(i) for i in range(5)])
    assert len(warnings) == 1 and "torn record" in warnings[0] and str(whole) in warnings[0]

    log.append(make_record(6))  # the next writer cuts the torn bytes, then appends
    assert plain(log.iter_records()) == plain([make_record(i) for i in (0, 1, 2, 3, 4, 6)])
    assert any("removed a torn record" in w for w in warnings)


def test_damage_in_the_middle_is_an_error_and_nothing_is_rewritten(log: TelemetryLog, make_record) -> None:
    for i in range(3):
        log.append(make_record(i))
    data = bytearray(log.path.read_bytes())
    data[HEADER.size + 20] ^= 0xFF  # inside the first frame's payload
    log.path.write_bytes(data)
    with pytest.raises(TelemetryError, match=r"corrupt at byte 12 \(checksum mismatch\)"):
        list(log.iter_records())
    # The last frame is intact, so a writer appends without "repairing" away the damaged data.
    log.append(make_record(9))
    assert log.path.read_bytes().startswith(bytes(data))


def test_foreign_file_is_refused_and_left_byte_identical(log: TelemetryLog, make_record) -> None:
    log.path.parent.mkdir(parents=True)
    original = b'{"outcomes": []}\n' * 20
    log.path.write_bytes(original)
    with pytest.raises(TelemetryError, match="not a routesmith telemetry log"):
        log.append(make_record(1))
    with pytest.raises(TelemetryError, match="not a routesmith telemetry log"):
        list(log.iter_records())
    assert log.path.read_bytes() == original


def test_kill_9_loses_no_acknowledged_record(settings: TelemetrySettings, start_writer) -> None:
    path = Path(settings.path)
    acknowledged: set[str] = set()
    for round_ in range(4):
        writer = start_writer(path, f"w{round_}", 100_000, 40)
        for _ in range(25 + 30 * round_):  # kill after a varying number of acknowledgements
            acknowledged.add(writer.stdout.readline().strip())
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        # Lines already printed but not yet read were acknowledged too.
        acknowledged.update(line.strip() for line in writer.stdout if line.strip())
        writer.stdout.close()
        writer.stderr.close()
    warnings: list[str] = []
    records = list(open_log(settings, warn=warnings.append).iter_records())
    stored = {r.route_id for r in records}
    assert acknowledged <= stored
    # Every batch that made it is whole: 40 records with step ids 0..39.
    by_batch: dict[str, list[int]] = {}
    for r in records:
        by_batch.setdefault(r.route_id, []).append(r.step_id)
    assert all(steps == list(range(40)) for steps in by_batch.values())


@pytest.mark.parametrize("max_bytes", [1 << 30, 400_000], ids=["one file", "rotating"])
def test_eight_concurrent_writers_interleave_whole_batches(
    settings: TelemetrySettings, start_writer, max_bytes: int
) -> None:
    path = Path(settings.path)
    writers = [start_writer(path, f"p{n}", 150, 1 + n % 3, max_bytes) for n in range(8)]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert len(out.split()) == 150  # every batch acknowledged
    records = list(open_log(settings).iter_records())
    assert len(records) == sum(150 * (1 + n % 3) for n in range(8))
    runs: list[tuple[str, list[int]]] = []
    for r in records:  # consecutive records of one batch must be adjacent in the file
        if runs and runs[-1][0] == r.route_id:
            runs[-1][1].append(r.step_id)
        else:
            runs.append((r.route_id, [r.step_id]))
    assert len(runs) == 8 * 150
    assert all(steps == list(range(len(steps))) for _, steps in runs)
    if max_bytes < 1 << 30:
        assert len(open_log(settings).paths()) > 3  # rotation happened while all eight were writing


def test_rotation_compacts_segments_and_keeps_the_log_within_its_budget(
    settings: TelemetrySettings, make_record
) -> None:
    log = open_log(
        msgspec.structs.replace(settings, max_bytes=4000)
    )  # the active file rotates past 250 bytes
    for i in range(400):
        log.append(make_record(i))
    segments = log.paths()[:-1]
    assert len(segments) > 3
    assert sum(p.stat().st_size for p in segments) <= 4000
    assert all(p.stat().st_size > 250 for p in segments[:-1])  # compacted, yet whole appends each
    times = [r.time for r in log.iter_records()]
    # Whole oldest segments were dropped; what is left is the newest records, contiguous.
    assert 0 < len(times) < 400
    assert times == [make_record(i).time for i in range(400 - len(times), 400)]


def test_a_compacted_segment_uses_large_frames(settings: TelemetrySettings, make_record) -> None:
    log = open_log(msgspec.structs.replace(settings, max_bytes=16 * 20_000))
    for i in range(300):  # ~28 kB of one-record frames: past 20 kB the active file rotates
        log.append(make_record(i))
    [segment] = log.paths()[:-1]
    frames = segment.read_bytes().count(b"RF")
    assert frames < 5  # a few thousand-record frames instead of hundreds of one-record ones
    assert plain(log.iter_records()) == plain(make_record(i) for i in range(300))


def test_prune_by_count_keeps_the_newest(log: TelemetryLog, make_record) -> None:
    log.append([make_record(i) for i in range(50)])
    for i in range(50, 60):
        log.append(make_record(i))
    assert log.prune(keep=15) == 45
    assert plain(log.iter_records()) == plain([make_record(i) for i in range(45, 60)])
    log.append(make_record(60))  # still a valid log to append to
    assert len(list(log.iter_records())) == 16


def test_prune_by_age_across_segments(settings: TelemetrySettings, make_record) -> None:
    log = open_log(msgspec.structs.replace(settings, max_bytes=16_000))
    for i in range(100):
        log.append(make_record(i))
    cutoff = make_record(80).time
    before = len(list(log.iter_records()))
    assert len(log.paths()) > 3  # the records are spread over several files
    removed = log.prune(older_than=cutoff)
    remaining = list(log.iter_records())
    assert [r.time for r in remaining] == [make_record(i).time for i in range(80, 100)]
    assert removed == before - 20


def test_reader_does_not_block_a_writer_while_it_iterates(log: TelemetryLog, make_record) -> None:
    log.append([make_record(i) for i in range(10)])
    reader = log.iter_records()
    next(reader)  # the reader is mid-way through the file
    started = time.monotonic()
    log.append(make_record(10))  # must not wait for the reader to finish
    assert time.monotonic() - started < 5
    assert len(list(reader)) == 9  # the reader sees its snapshot, not the new record
