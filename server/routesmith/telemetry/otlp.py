"""Outcomes as OpenTelemetry spans and metrics, sent to a team's collector over OTLP/HTTP (`pip install
'routesmith-lsp[otel]'`).

Live export (`telemetry.otlp_endpoint` in the user config, or OTEL_EXPORTER_OTLP_ENDPOINT) never stands
between a caller and the log: `TelemetryLog.append` writes the records, then puts them in the export outbox
and wakes a sender (telemetry.outbox), without loading the SDK. A sender sends them as spans, each batch
confirmed by the collector, then counts the confirmed ones as metrics (an outcome counter and GenAI duration
and token histograms, delta temporality: one point per attribute set and send, so memory does not grow with
the records). Attributes: the GenAI semantic conventions where they fit, `routesmith.*` for the rest
(README, "OpenTelemetry"). Prompt text is never exported.

`python -m routesmith.telemetry.otlp LOG ENDPOINT LOCK_FD` is the detached sender a CLI process starts.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from routesmith import __version__
from routesmith.errors import UserError
from routesmith.model import OutcomeRecord, TelemetrySettings
from routesmith.telemetry.outbox import SENDER_DEADLINE_S, Drained, ExportFailed, Outbox

ENV_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT"
BATCH_SIZE = 512  # spans per request
EXPORT_TIMEOUT_S = 5.0  # one request to the collector, retries included (a sender waits, never a recorder)
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
        # shutdown_on_exit off: nothing waits in these providers (a Sender exports what it wrote itself).
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


def _quiet_sdk() -> None:
    """The SDK logs each failed request to stderr; a sender reports failures itself (ExportFailed)."""
    sdk_logger = logging.getLogger("opentelemetry")
    sdk_logger.propagate = False
    for old in list(sdk_logger.handlers):
        sdk_logger.removeHandler(old)
    sdk_logger.addHandler(logging.NullHandler())


class Sender:
    """Sends records to one collector now: spans in a request the collector must confirm, and the
    confirmed records' metrics in one request per `send_metrics`."""

    def __init__(self, base: str) -> None:
        sdk = _sdk()
        if sdk is None:
            raise UserError(f"--otlp: the OpenTelemetry extra is missing ({_INSTALL})")
        from opentelemetry.sdk.metrics.export import InMemoryMetricReader, MetricExportResult
        from opentelemetry.sdk.trace import SpanProcessor

        collected: list[Any] = []

        class Collector(SpanProcessor):
            """Keeps finished spans, to be exported here and now rather than from a queue."""

            def on_end(self, span: Any) -> None:
                collected.append(span)

        _quiet_sdk()
        self.sdk, self.collected = sdk, collected
        self.url = signal_url(base, "traces")
        self.exporter = sdk["OTLPSpanExporter"](endpoint=self.url, timeout=EXPORT_TIMEOUT_S)
        self.spans = SpanWriter(sdk, Collector())
        self.reader = InMemoryMetricReader(preferred_temporality=sdk["temporality"])
        self.metrics = MetricWriter(sdk, self.reader)
        self.metric_exporter = sdk["OTLPMetricExporter"](
            endpoint=signal_url(base, "metrics"),
            timeout=EXPORT_TIMEOUT_S,
            preferred_temporality=sdk["temporality"],
        )
        self.metrics_sent = MetricExportResult.SUCCESS

    def send_spans(self, records: list[OutcomeRecord]) -> None:
        """One request; ExportFailed unless the collector confirms it."""
        self.spans.write(records)
        try:
            if self.exporter.export(self.collected) != self.sdk["SpanExportResult"].SUCCESS:
                raise ExportFailed(f"{self.url} refused or did not answer")
        finally:
            self.collected.clear()

    def deliver(self, records: list[OutcomeRecord]) -> None:
        """Live export: the spans, confirmed; then the records count in the next `send_metrics`."""
        self.send_spans(records)
        self.metrics.write(records)

    def close(self) -> None:
        self.exporter.shutdown()
        self.metric_exporter.shutdown()

    def send_metrics(self) -> bool:
        """The counts since the last call, in one request; False when the collector did not take them
        (metrics are aggregates of the spans, which were confirmed: they are not sent again)."""
        data = self.reader.get_metrics_data()
        if data is None or not data.resource_metrics:
            return True
        return self.metric_exporter.export(data) == self.metrics_sent


def append_hook(
    settings: TelemetrySettings, warn: Any, env: Mapping[str, str] | None = None
) -> Callable[[list[OutcomeRecord]], None] | None:
    """What TelemetryLog.append calls after writing: None when export is off; else the process's delivery
    to the outbox and a sender (the SDK is loaded by the sender, never by the recording process)."""
    base = endpoint(settings, env)
    if base is None:
        return None
    from routesmith.telemetry.outbox import delivery
    from routesmith.telemetry.paths import log_path

    return delivery(log_path(settings), base, warn)


def send(records: Iterable[OutcomeRecord], base: str, batch: int = BATCH_SIZE) -> int:
    """Send records now as spans, in batches, each confirmed by the collector (`routesmith export --otlp`);
    returns how many (not as metrics: a metric point is stamped when it is sent, so history would count as
    now, and twice where it was sent live). A refusal or a timeout is a UserError naming the endpoint and
    how far it got."""
    sender = Sender(base)
    sent = 0
    pending: list[OutcomeRecord] = []

    def flush() -> None:
        nonlocal sent
        if pending:
            try:
                sender.send_spans(pending)
            except ExportFailed as exc:
                raise UserError(f"--otlp: {exc}; {sent} outcomes were sent before") from None
            sent += len(pending)
            pending.clear()

    try:
        for record in records:
            pending.append(record)
            if len(pending) >= batch:
                flush()
        flush()
    finally:
        sender.close()
    return sent


def send_pending(log: Path, base: str, warn: Any) -> Drained:
    """Send the outbox now (`routesmith export --otlp --pending`), after waiting for a sender that is at it
    (at most SENDER_DEADLINE_S: its alarm ends it by then)."""
    outbox = Outbox(log, warn)
    lock_fd = outbox.take_sender_lock(wait_s=SENDER_DEADLINE_S)
    if lock_fd is None:
        raise UserError(f"--pending: {outbox.sender_lock_path} is still held after {SENDER_DEADLINE_S} s")
    sender = Sender(base)
    try:
        drained = outbox.drain(sender.deliver, lock_fd, BATCH_SIZE)
        sender.send_metrics()
    finally:
        sender.close()
    return drained


def main(argv: list[str]) -> int:
    """The detached sender: `LOG ENDPOINT LOCK_FD`, the sender lock already held on LOCK_FD. The alarm
    ends it after SENDER_DEADLINE_S whatever the collector does; the cursor keeps what was confirmed."""
    signal.alarm(SENDER_DEADLINE_S)
    os.nice(10)  # background work: the recorder that started it, still exiting, comes first for the CPU
    log, base, lock_fd = argv
    sender = Sender(base)
    Outbox(Path(log), lambda _: None).drain(sender.deliver, int(lock_fd), BATCH_SIZE)
    sender.send_metrics()
    sender.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
