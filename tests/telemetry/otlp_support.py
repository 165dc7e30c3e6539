"""What the OTLP tests share: decoded export requests (from the 127.0.0.1 receiver, or from a real
collector's file exporter) read as spans, metrics and attributes; and the CLI's environment. Importing it
skips the importing test module where the otel extra is missing."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

trace_service = pytest.importorskip(
    "opentelemetry.proto.collector.trace.v1.trace_service_pb2",
    reason="the otel extra is not installed: pip install -e '.[test]'",
)

from google.protobuf import json_format  # noqa: E402
from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2 as metrics_service  # noqa: E402

DELTA = 1  # AGGREGATION_TEMPORALITY_DELTA
STATUS_ERROR = 2  # STATUS_CODE_ERROR


class Received:
    """OTLP export requests, decoded with the official opentelemetry-proto types, by signal."""

    def __init__(self) -> None:
        self.trace_requests: list[Any] = []
        self.metric_requests: list[Any] = []

    @classmethod
    def from_file_exporter(cls, path: Path) -> Received:
        """What a collector's file exporter wrote: one OTLP/JSON export request a line, traces
        (`resourceSpans`) and metrics (`resourceMetrics`) alike."""
        found = cls()
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        for line in filter(None, map(str.strip, text.splitlines())):
            if '"resourceSpans"' in line:
                request = trace_service.ExportTraceServiceRequest()
                found.trace_requests.append(json_format.Parse(line, request, ignore_unknown_fields=True))
            elif '"resourceMetrics"' in line:
                request = metrics_service.ExportMetricsServiceRequest()
                found.metric_requests.append(json_format.Parse(line, request, ignore_unknown_fields=True))
        return found

    def spans(self) -> list[Any]:
        return [
            span
            for request in self.trace_requests
            for resource in request.resource_spans
            for scope in resource.scope_spans
            for span in scope.spans
        ]

    def metrics(self) -> dict[str, list[Any]]:
        """Each metric name's Metric messages, over every request."""
        found: dict[str, list[Any]] = {}
        for request in self.metric_requests:
            for resource in request.resource_metrics:
                for scope in resource.scope_metrics:
                    for metric in scope.metrics:
                        found.setdefault(metric.name, []).append(metric)
        return found

    def points(self, name: str) -> list[Any]:
        """The data points of metric `name` (a sum's or a histogram's), over every request."""
        points = []
        for metric in self.metrics().get(name, []):
            kind = metric.WhichOneof("data")
            assert kind in ("sum", "histogram"), kind
            points.extend(getattr(metric, kind).data_points)
        return points


def attributes(item: Any) -> dict[str, Any]:
    """A span's, a resource's or a data point's attributes as a dict."""
    found = {}
    for attribute in item.attributes:
        value = attribute.value
        kind = value.WhichOneof("value")
        found[attribute.key] = (
            [v.string_value for v in value.array_value.values]
            if kind == "array_value"
            else getattr(value, kind)
        )
    return found


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The CLI's environment: a home and a log in tmp_path, no OTEL_* from the caller."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    return (
        env
        | {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "ROUTESMITH_TELEMETRY_PATH": str(tmp_path / "log.rslog"),
        }
        | extra
    )


def senders(log: Path) -> list[int]:
    """The live detached senders of `log` (their command line names it), by pid, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0") if entry.name.isdigit() else []
        except OSError:
            continue  # gone meanwhile
        if b"routesmith.telemetry.otlp" in argv and str(log).encode() in argv:
            found.append(int(entry.name))
    return found


def zombie_children() -> list[int]:
    """This process's children that exited and were not waited for."""
    found = []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] == "Z" and int(fields[1]) == os.getpid():
            found.append(int(entry.parent.name))
    return found


def wait_until(condition: Callable[[], object], timeout_s: float, failure: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"{failure} after {timeout_s} s"
        time.sleep(0.05)
