"""Shared helpers: records with known fields, logs in tmp dirs, and the CLI as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from routesmith.model import Capability, OutcomeRecord, Source, TaskType, TelemetrySettings
from routesmith.telemetry import TelemetryLog, open_log

WRITER = Path(__file__).with_name("writer.py")


def record(i: int = 0, **fields: object) -> OutcomeRecord:
    """Record number `i`: distinct time, route id and duration; every third one a failure."""
    values: dict[str, object] = {
        "time": 1_790_000_000.0 + i,
        "host": "claude_code",
        "model": "claude-sonnet-4-6",
        "task": TaskType.CODING,
        "capability": Capability.CODING,
        "success": i % 3 != 0,
        "source": Source.CLI,
        "duration_ms": 1000.0 + i,
        "route_id": f"r{i}",
        "step_id": i,
    }
    values.update(fields)
    return OutcomeRecord(**values)


@pytest.fixture
def settings(tmp_path: Path) -> TelemetrySettings:
    return TelemetrySettings(path=str(tmp_path / "data" / "telemetry.rslog"))


@pytest.fixture
def warnings() -> list[str]:
    return []


@pytest.fixture
def log(settings: TelemetrySettings, warnings: list[str]) -> TelemetryLog:
    return open_log(settings, warn=warnings.append)


def writer(path: Path, tag: str, count: int, batch: int, max_bytes: int = 1 << 30) -> subprocess.Popen:
    """A separate process appending `count` batches and printing each acknowledged batch's tag."""
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(path), tag, str(count), str(batch), str(max_bytes)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def routesmith(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`routesmith ARGS` in a subprocess with `env`, from its HOME when that exists."""
    return subprocess.run(
        [sys.executable, "-m", "routesmith", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=env["HOME"] if Path(env["HOME"]).is_dir() else None,
        timeout=120,
    )


@pytest.fixture
def make_record() -> Callable[..., OutcomeRecord]:
    return record


@pytest.fixture
def start_writer() -> Callable[..., subprocess.Popen]:
    return writer
