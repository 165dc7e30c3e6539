"""Outcomes as OpenTelemetry spans and metrics, sent to a team's collector over OTLP/HTTP (`pip install
'routesmith-lsp[otel]'`).

Live export (`telemetry.otlp_endpoint` in the user config, or OTEL_EXPORTER_OTLP_ENDPOINT) never stands
between a caller and the log: `TelemetryLog.append` writes the records first, then hands them to a bounded
queue that a background thread batches to the collector (spans), and adds them to in-memory metric aggregates
that a background thread sends every METRIC_INTERVAL_MS (one point per attribute set, at most the SDK's
cardinality limit of them: memory does not grow with the number of records). A full queue drops spans (the
log keeps them; `routesmith export --otlp --since` sends history again, as spans); at exit a process waits at
most EXIT_FLUSH_S for what is queued. Attributes: the GenAI semantic conventions where they fit,
`routesmith.*` for the rest (README, "OpenTelemetry"). Prompt text is never exported.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from routesmith import __version__
from routesmith.errors import UserError
from routesmith.model import OutcomeRecord, TelemetrySettings

ENV_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT"
QUEUE_SIZE = 2048  # spans waiting for the collector; past it new ones are dropped, never waited for
BATCH_SIZE = 512
SCHEDULE_DELAY_MS = 1000
METRIC_INTERVAL_MS = 30_000  # a long-lived server's metric export; a CLI process sends its own at exit
EXPORT_TIMEOUT_S = 5.0  # one request to the collector (a background thread waits, not the caller)
EXIT_FLUSH_S = 1.0  # what a process spends at exit sending what is still queued
SCOPE = "routesmith"
OUTCOMES = "routesmith.outcomes"
DURATION = "gen_ai.client.operation.duration"
TOKEN_USAGE = "gen_ai.client.token.usage"
# The GenAI conventions' advised buckets, the duration's stretched to 45 minutes: an agent's step takes
# seconds to many minutes, not one model call's fraction of a second.
DURATION_BUCKETS_S = [0.01 * 2**i for i in range(19)]
TOKEN_BUCKETS = [4**i for i in range(14)]
_INSTALL = "pip install 'routesmith-lsp[otel]'"


def endpoint(settings: TelemetrySettings, env: Mapping[str, str] | None = None) -> str | None:
    """The collector's OTLP/HTTP base URL: telemetry.otlp_endpoint (user config), else the standard
    variable; None when neither is set."""
    env = os.environ if env is None else env
    return settings.otlp_endpoint or env.get(ENV_ENDPOINT) or None


def signal_url(base: str, signal: str) -> str:
    """OTLP/HTTP puts each signal at `<base>/v1/<signal>` (as the SDK does with OTEL_EXPORTER_OTLP_ENDPOINT);
    an endpoint given as one signal's URL names the base of the others."""
    base = base.rstrip("/")
    for known in ("traces", "metrics"):
        base = base.removesuffix(f"/v1/{known}")
    return f"{base}/v1/{signal}"


def metric_attributes(record: OutcomeRecord) -> dict[str, Any]:
    """The attributes a record's metric points are counted under: few values each (no ids, hashes or
    numbers), so that the aggregates stay small."""
    outcome = "unknown" if record.success is None else "success" if record.success else "failure"
    return {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": record.host,
        "gen_ai.request.model": record.model,
        "routesmith.host": record.host,
        "routesmith.model": record.model,
        "routesmith.task": str(record.task),
        "routesmith.capability": str(record.capability),
        "routesmith.outcome": outcome,
        "routesmith.source": str(record.source),
    }


def attributes(record: OutcomeRecord) -> dict[str, Any]:
    """A record's span attributes. No prompt text, whatever the log stores."""
    found = metric_attributes(record)
    optional: dict[str, Any] = {
        "gen_ai.usage.input_tokens": record.input_tokens,
        "gen_ai.usage.output_tokens": record.output_tokens,
        "routesmith.success": record.success,
        "routesmith.duration_ms": record.duration_ms,
        "routesmith.route_id": record.route_id,
        "routesmith.step_id": record.step_id,
        "routesmith.prompt_hash": record.prompt_hash,
        "routesmith.session_hash": record.session_hash,
        "routesmith.turn_hash": record.turn_hash,
        "routesmith.verdict_reasons": [str(reason) for reason in record.reasons] or None,
    }
    found.update((key, value) for key, value in optional.items() if value is not None)
    return found


def _sdk() -> Any:
    try:
        from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.metrics import Counter, Histogram, MeterProvider
        from opentelemetry.sdk.metrics.export import AggregationTemporality, PeriodicExportingMetricReader
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExportResult
        from opentelemetry.trace import Status, StatusCode
    except ImportError:
        return None
    return {
        "OTLPSpanExporter": OTLPSpanExporter,
        "Resource": Resource,
        "TracerProvider": TracerProvider,
        "BatchSpanProcessor": BatchSpanProcessor,
        "SpanExportResult": SpanExportResult,
        "Status": Status,
        "StatusCode": StatusCode,
        "OTLPMetricExporter": OTLPMetricExporter,
        "MeterProvider": MeterProvider,
        "PeriodicExportingMetricReader": PeriodicExportingMetricReader,
        # Delta: most outcomes come from short-lived `routesmith record` processes, whose cumulative counts
        # would each restart at 1; deltas from any number of processes simply add up.
        "temporality": {
            Counter: AggregationTemporality.DELTA,
            Histogram: AggregationTemporality.DELTA,
        },
    }


def _resource(sdk: Any) -> Any:
    return sdk["Resource"].create({"service.name": "routesmith", "service.version": __version__})


class SpanWriter:
    """Turns records into finished spans for one span processor (a batching one, or a collecting one)."""

    def __init__(self, sdk: Any, processor: Any) -> None:
        # shutdown_on_exit off: this module decides how long exit may wait (EXIT_FLUSH_S).
        self.provider = sdk["TracerProvider"](resource=_resource(sdk), shutdown_on_exit=False)
        self.provider.add_span_processor(processor)
        self.tracer = self.provider.get_tracer(SCOPE, __version__)
        self.sdk = sdk

    def write(self, records: Iterable[OutcomeRecord]) -> None:
        error = self.sdk["Status"](self.sdk["StatusCode"].ERROR, "the step failed")
        for record in records:
            end = int(record.time * 1e9)
            start = end - int((record.duration_ms or 0) * 1e6)
            span = self.tracer.start_span(
                f"invoke_agent {record.host}", start_time=start, attributes=attributes(record)
            )
            if record.success is False:
                span.set_status(error)
            span.end(end_time=end)


class MetricWriter:
    """Counts records into the metric aggregates that `reader` collects: an outcome counter, and histograms
    of the steps' durations and, where the record has them, their tokens."""

    def __init__(self, sdk: Any, reader: Any) -> None:
        self.provider = sdk["MeterProvider"](
            metric_readers=[reader], resource=_resource(sdk), shutdown_on_exit=False
        )
        meter = self.provider.get_meter(SCOPE, __version__)
        self.outcomes = meter.create_counter(
            OUTCOMES, unit="{outcome}", description="Steps whose outcome RouteSmith recorded"
        )
        self.duration = meter.create_histogram(
            DURATION,
            unit="s",
            description="How long a coding agent took for a routed step",
            explicit_bucket_boundaries_advisory=DURATION_BUCKETS_S,
        )
        self.tokens = meter.create_histogram(
            TOKEN_USAGE,
            unit="{token}",
            description="Tokens a routed step used, by gen_ai.token.type",
            explicit_bucket_boundaries_advisory=TOKEN_BUCKETS,
        )

    def write(self, records: Iterable[OutcomeRecord]) -> None:
        for record in records:
            counted = metric_attributes(record)
            self.outcomes.add(1, counted)
            if record.duration_ms is not None:
                self.duration.record(record.duration_ms / 1000, counted)
            for kind, tokens in (("input", record.input_tokens), ("output", record.output_tokens)):
                if tokens is not None:
                    self.tokens.record(tokens, counted | {"gen_ai.token.type": kind})


class _Once(logging.Handler):
    """The SDK's own log lines (a retry, a full queue, a failed batch) as one warning per process."""

    def __init__(self, base: str, warn: Any) -> None:
        super().__init__(logging.WARNING)
        self.base, self.warn, self.said = base, warn, False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.said:
            self.said = True
            self.warn(
                f"outcomes not exported to {self.base} ({record.getMessage()[:200]}); they are in the log, "
                "and `routesmith export --otlp --since ...` sends them again"
            )


def _quiet_sdk(handler: logging.Handler | None) -> None:
    """Route the SDK's logging to `handler` (None: nowhere) instead of stderr."""
    sdk_logger = logging.getLogger("opentelemetry")
    sdk_logger.propagate = False
    for old in list(sdk_logger.handlers):
        sdk_logger.removeHandler(old)
    sdk_logger.addHandler(handler or logging.NullHandler())


class LiveExporter:
    """The live path: records go to a bounded span queue and into metric aggregates; background threads
    send both."""

    def __init__(self, base: str, sdk: Any, warn: Any) -> None:
        self.base = base
        _quiet_sdk(_Once(base, warn))
        exporter = sdk["OTLPSpanExporter"](endpoint=signal_url(base, "traces"), timeout=EXPORT_TIMEOUT_S)
        self.processor = sdk["BatchSpanProcessor"](
            exporter,
            max_queue_size=QUEUE_SIZE,
            max_export_batch_size=BATCH_SIZE,
            schedule_delay_millis=SCHEDULE_DELAY_MS,
            export_timeout_millis=int(EXPORT_TIMEOUT_S * 1000),
        )
        self.writer = SpanWriter(sdk, self.processor)
        metric_exporter = sdk["OTLPMetricExporter"](
            endpoint=signal_url(base, "metrics"),
            timeout=EXPORT_TIMEOUT_S,
            preferred_temporality=sdk["temporality"],
        )
        reader = sdk["PeriodicExportingMetricReader"](
            metric_exporter,
            export_interval_millis=METRIC_INTERVAL_MS,
            export_timeout_millis=EXPORT_TIMEOUT_S * 1000,
        )
        self.metrics = MetricWriter(sdk, reader)
        atexit.register(self.close)

    def __call__(self, records: list[OutcomeRecord]) -> None:
        self.writer.write(records)
        self.metrics.write(records)

    def close(self) -> None:
        """Send what is queued and counted, waiting at most EXIT_FLUSH_S in all: the SDK's flush waits for
        the collector as long as its retries take, so each runs in a daemon thread that exit does not wait
        for. A collector that refuses connections gets no wait at all: what it missed stays in the local
        log, and `routesmith export --otlp` sends it later."""
        if not _accepts_connections(self.base):
            return
        closers = [
            threading.Thread(target=provider.shutdown, daemon=True)
            for provider in (self.writer.provider, self.metrics.provider)
        ]
        deadline = time.monotonic() + EXIT_FLUSH_S
        for closer in closers:
            closer.start()
        for closer in closers:
            closer.join(max(0.0, deadline - time.monotonic()))


_PROBE_S = 0.1  # how long exit waits to learn whether the collector takes connections at all


def _accepts_connections(base: str) -> bool:
    """Whether something listens at the endpoint's host and port (a refusal answers at once)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((parts.hostname or "localhost", port), timeout=_PROBE_S).close()
    except OSError:
        return False
    return True


_live: dict[str, LiveExporter | None] = {}
_lock = threading.Lock()


def live_exporter(
    settings: TelemetrySettings, warn: Any, env: Mapping[str, str] | None = None
) -> LiveExporter | None:
    """The process's exporter for the configured endpoint (one per endpoint), or None when export is off.
    An endpoint without the extra installed is said once, and recording goes on."""
    base = endpoint(settings, env)
    if base is None:
        return None
    with _lock:
        if base not in _live:
            sdk = _sdk()
            if sdk is None:
                warn(f"outcomes are not exported to {base}: the OpenTelemetry extra is missing ({_INSTALL})")
                _live[base] = None
            else:
                _live[base] = LiveExporter(base, sdk, warn)
        return _live[base]


def append_hook(
    settings: TelemetrySettings, warn: Any, env: Mapping[str, str] | None = None
) -> Callable[[list[OutcomeRecord]], None] | None:
    """What TelemetryLog.append calls after writing: None when export is off; else a hook that starts the
    exporter on first use (a process that only reads the log never loads the SDK)."""
    if endpoint(settings, env) is None:
        return None

    def export(records: list[OutcomeRecord]) -> None:
        exporter = live_exporter(settings, warn, env)
        if exporter is not None:
            exporter(records)

    return export


def send(records: Iterable[OutcomeRecord], base: str, batch: int = BATCH_SIZE) -> int:
    """Send records now as spans, in batches, each confirmed by the collector (`routesmith export --otlp`);
    returns how many (not as metrics: a metric point is stamped when it is sent, so history would count as
    now, and twice where it was sent live). A refusal or a timeout is a UserError naming the endpoint and
    how far it got."""
    sdk = _sdk()
    if sdk is None:
        raise UserError(f"--otlp: the OpenTelemetry extra is missing ({_INSTALL})")
    from opentelemetry.sdk.trace import SpanProcessor

    class Collector(SpanProcessor):
        """Keeps finished spans, to be exported here and now rather than from a queue."""

        def on_end(self, span: Any) -> None:
            collected.append(span)

    _quiet_sdk(None)  # a refusal is this function's error, said once
    url = signal_url(base, "traces")
    exporter = sdk["OTLPSpanExporter"](endpoint=url, timeout=EXPORT_TIMEOUT_S)
    collected: list[Any] = []
    writer = SpanWriter(sdk, Collector())
    sent = 0
    pending: list[OutcomeRecord] = []

    def flush() -> None:
        nonlocal sent
        writer.write(pending)
        if collected:
            if exporter.export(collected) != sdk["SpanExportResult"].SUCCESS:
                raise UserError(f"--otlp: {url} refused or did not answer; {sent} outcomes were sent before")
            sent += len(collected)
        collected.clear()
        pending.clear()

    try:
        for record in records:
            pending.append(record)
            if len(pending) >= batch:
                flush()
        flush()
    finally:
        exporter.shutdown()
    return sent
