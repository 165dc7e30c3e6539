"""Outcome telemetry: an append-only log anyone can write to, and the summary routing reads from it.

Writers: `open_log(settings).append(record_or_records)`. Router: `load_summary(settings)`.
Prompt grouping without prompt text: `routesmith.telemetry.privacy.prompt_hash(text)` (imported
on demand, like everything that is not needed by `explain`).
"""

from __future__ import annotations

from routesmith.model import TelemetrySettings
from routesmith.telemetry.log import TelemetryError, TelemetryLog, Warn, warn_to_stderr
from routesmith.telemetry.paths import default_log_path, log_path
from routesmith.telemetry.summary import load_summary, summarize

__all__ = [
    "TelemetryError",
    "TelemetryLog",
    "default_log_path",
    "load_summary",
    "log_path",
    "open_log",
    "summarize",
]


def open_log(settings: TelemetrySettings, *, warn: Warn = warn_to_stderr) -> TelemetryLog:
    """The log configured by `settings` (nothing is opened until it is used); with an OTLP endpoint
    configured, each append is also queued for the collector (telemetry.otlp)."""
    from routesmith.telemetry.otlp import append_hook

    return TelemetryLog(
        log_path(settings),
        store_prompt_text=settings.store_prompt_text,
        max_bytes=settings.max_bytes,
        fsync=settings.fsync,
        warn=warn,
        on_append=append_hook(settings, warn),
    )
