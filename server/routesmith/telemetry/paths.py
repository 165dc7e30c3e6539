"""Where the telemetry log lives."""

from __future__ import annotations

from pathlib import Path

from routesmith.model import TelemetrySettings

LOG_NAME = "telemetry.rslog"


def default_log_path() -> Path:
    """`telemetry.rslog` in the platform's user data directory (e.g. ~/.local/share/routesmith)."""
    from routesmith.dirs import user_dir

    return user_dir("data") / LOG_NAME


def log_path(settings: TelemetrySettings) -> Path:
    return Path(settings.path).expanduser() if settings.path else default_log_path()
