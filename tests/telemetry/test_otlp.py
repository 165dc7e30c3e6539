"""OTLP export (spans and metrics) against a receiver on 127.0.0.1 that decodes what it gets with the
official opentelemetry-proto types; and a collector that refuses or hangs, which must cost recording
nothing."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from tests.telemetry.conftest import record, routesmith
from tests.telemetry.otlp_support import (  # skips this module without the otel extra
    DELTA,
    STATUS_ERROR,
    Received,
    attributes,
    cli_env,
    metrics_service,
    trace_service,
)

from routesmith.model import TelemetrySettings
from routesmith.telemetry import open_log
from routesmith.telemetry.otlp import EXIT_FLUSH_S, EXPORT_TIMEOUT_S

# What each OTLP/HTTP path carries: its request type, and the reply the receiver sends.
SIGNALS = {
    "/v1/traces": (trace_service.ExportTraceServiceRequest, trace_service.ExportTraceServiceResponse),
    "/v1/metrics": (
        metrics_service.ExportMetricsServiceRequest,
        metrics_service.ExportMetricsServiceResponse,
    ),
}


class Receiver(Received):
    """An OTLP/HTTP endpoint for traces and metrics: every request body is parsed as its path's export
    request (a path it does not know, or a body that does not parse, fails the handler: no reply, not
    recorded)."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []
        received = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                request_type, reply_type = SIGNALS[self.path]
                request = request_type()
                request.ParseFromString(body)
                is_trace = self.path == "/v1/traces"
                (received.trace_requests if is_trace else received.metric_requests).append(request)
                received.paths.append(self.path)
                reply = reply_type().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    served = Receiver()
    yield served
    served.server.shutdown()
    served.server.server_close()


@pytest.fixture
def hanging() -> Iterator[str]:
    """A collector that takes the connection (the kernel's backlog) and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


@pytest.fixture
def refusing() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now: connections are refused
    return f"http://127.0.0.1:{port}"


def test_a_recorded_outcome_reaches_the_collector_as_a_genai_span_and_metrics(
    tmp_path: Path, receiver: Receiver
) -> None:
    env = cli_env(tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url)
    args = [
        "record",
        "--host",
        "claude_code",
        "--model",
        "sonnet",
        "--task",
        "testing",
        "--duration-ms",
        "1500",
    ]
    result = routesmith(env, *args, "--failure")
    assert result.returncode == 0, result.stderr
    [span] = receiver.spans()
    assert sorted(receiver.paths) == ["/v1/metrics", "/v1/traces"]
    assert span.name == "invoke_agent claude_code"
    found = attributes(span)
    assert found["gen_ai.operation.name"] == "invoke_agent"
    assert found["gen_ai.request.model"] == "sonnet"
    assert (found["routesmith.host"], found["routesmith.task"], found["routesmith.capability"]) == (
        "claude_code",
        "testing",
        "coding",
    )
    assert (found["routesmith.outcome"], found["routesmith.success"], found["routesmith.source"]) == (
        "failure",
        False,
        "cli",
    )
    assert span.end_time_unix_nano - span.start_time_unix_nano == 1_500_000_000
    assert span.status.code == STATUS_ERROR
    assert attributes(receiver.trace_requests[0].resource_spans[0].resource)["service.name"] == "routesmith"

    # The same outcome as metrics, sent when the process exits: counted once, its duration in seconds.
    [counted] = receiver.points("routesmith.outcomes")
    [outcomes] = receiver.metrics()["routesmith.outcomes"]
    assert (outcomes.unit, outcomes.sum.is_monotonic, outcomes.sum.aggregation_temporality) == (
        "{outcome}",
        True,
        DELTA,
    )
    assert counted.as_int == 1
    dimensions = attributes(counted)
    assert dimensions == {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": "claude_code",
        "gen_ai.request.model": "sonnet",
        "routesmith.host": "claude_code",
        "routesmith.model": "sonnet",
        "routesmith.task": "testing",
        "routesmith.capability": "coding",
        "routesmith.outcome": "failure",
        "routesmith.source": "cli",
    }
    [duration] = receiver.points("gen_ai.client.operation.duration")
    assert receiver.metrics()["gen_ai.client.operation.duration"][0].unit == "s"
    assert (duration.count, duration.sum, attributes(duration)) == (1, 1.5, dimensions)
    assert sum(duration.bucket_counts) == 1
    assert "gen_ai.client.token.usage" not in receiver.metrics()  # the record has no token counts
    [metric_request] = receiver.metric_requests
    assert attributes(metric_request.resource_metrics[0].resource)["service.name"] == "routesmith"


def test_live_metrics_count_outcomes_per_attribute_set_with_token_usage(
    tmp_path: Path, receiver: Receiver
) -> None:
    # An endpoint given as the traces URL: the metrics go to the same collector's /v1/metrics.
    config = tmp_path / "config.toml"
    config.write_text(
        f'[telemetry]\nstore_prompt_text = true\notlp_endpoint = "{receiver.url}/v1/traces"\n',
        encoding="utf-8",
    )
    now = time.time()
    planned = {"host": "claude_code", "model": "opus", "task": "planning", "prompt_text": "secret plan"}
    rows = [
        planned | {"time": now - i, "success": True, "input_tokens": 1000 * i, "output_tokens": i}
        for i in range(1, 4)
    ] + [planned | {"time": now - 10 - i, "success": False, "duration_ms": 90_000.0} for i in range(2)]
    stdin = "".join(json.dumps(row) + "\n" for row in rows)
    env = cli_env(tmp_path, ROUTESMITH_CONFIG=str(config))
    result = routesmith(env, "record", "--jsonl", "-", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert len(receiver.spans()) == 5

    by_outcome = {
        attributes(p)["routesmith.outcome"]: p.as_int for p in receiver.points("routesmith.outcomes")
    }
    assert by_outcome == {"success": 3, "failure": 2}
    [duration] = receiver.points("gen_ai.client.operation.duration")  # only the failures have one
    assert (duration.count, duration.sum, attributes(duration)["routesmith.outcome"]) == (2, 180.0, "failure")
    tokens = {attributes(p)["gen_ai.token.type"]: p for p in receiver.points("gen_ai.client.token.usage")}
    assert (tokens["input"].count, tokens["input"].sum) == (3, 6000)
    assert (tokens["output"].count, tokens["output"].sum) == (3, 6)
    assert attributes(tokens["input"])["gen_ai.request.model"] == "opus"
    assert receiver.metrics()["gen_ai.client.token.usage"][0].unit == "{token}"
    assert "secret" not in str(receiver.metric_requests)


def test_export_resends_history_in_confirmed_batches_without_prompt_text(
    tmp_path: Path, receiver: Receiver
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[telemetry]\nstore_prompt_text = true\notlp_endpoint = "{receiver.url}"\n', encoding="utf-8"
    )
    quiet = cli_env(tmp_path)  # recorded before the endpoint was configured: nothing sent live
    old = {"time": 1_700_000_000, "host": "codex", "model": "gpt-5.4", "task": "review", "success": True}
    rows = [old] + [
        {
            "time": time.time() - 60,
            "host": "claude_code",
            "model": "opus",
            "task": "planning",
            "success": None,
            "input_tokens": 1000 + i,
            "output_tokens": 10,
            "prompt_text": "secret plan",
            "reasons": ["no_signal"],
        }
        for i in range(1200)
    ]
    stdin = "".join(json.dumps(row) + "\n" for row in rows)
    assert (
        routesmith(
            quiet | {"ROUTESMITH_CONFIG": str(tmp_path / "none.toml")}, "record", "--jsonl", "-", stdin=stdin
        ).returncode
        == 0
    )
    assert receiver.paths == []
    env = quiet | {"ROUTESMITH_CONFIG": str(config)}
    result = routesmith(env, "export", "--otlp", "--since", "1d")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"sent 1200 outcomes to {receiver.url}"
    spans = receiver.spans()
    assert len(spans) == 1200 and len(receiver.trace_requests) == 3  # batches of 512
    inputs = sorted(attributes(s)["gen_ai.usage.input_tokens"] for s in spans)
    assert inputs == list(range(1000, 2200))
    first = attributes(spans[0])
    assert first["routesmith.outcome"] == "unknown" and "routesmith.success" not in first
    assert first["routesmith.verdict_reasons"] == ["no_signal"]
    assert not any("secret" in str(attributes(s)) for s in spans)
    assert "/v1/metrics" not in receiver.paths  # history is not counted again as if it happened now
    again = json.loads(routesmith(env, "export", "--otlp", "--json").stdout)
    assert again == {"log": str(tmp_path / "log.rslog"), "endpoint": receiver.url, "sent": 1201}


def test_export_to_a_refusing_collector_is_one_clear_error(tmp_path: Path, refusing: str) -> None:
    env = cli_env(tmp_path, ROUTESMITH_CONFIG=str(tmp_path / "none.toml"))
    assert (
        routesmith(
            env, "record", "--host", "codex", "--model", "gpt-5.4", "--task", "coding", "--success"
        ).returncode
        == 0
    )
    result = routesmith(env, "export", "--otlp", "--endpoint", refusing)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"routesmith: error: --otlp: {refusing}/v1/traces refused or did not answer; "
        "0 outcomes were sent before"
    )
    none = routesmith(env, "export", "--otlp")
    assert none.returncode == 2 and "no endpoint" in none.stderr


@pytest.mark.parametrize("collector", ["refusing", "hanging"])
def test_a_collector_that_refuses_or_hangs_costs_recording_nothing(
    tmp_path: Path, collector: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(collector)
    settings = TelemetrySettings(path=str(tmp_path / "log.rslog"), otlp_endpoint=url)
    said: list[str] = []
    log = open_log(settings, warn=said.append)
    log.append(record(0))  # the first append starts the exporter (imports the SDK): not what is measured
    started = time.perf_counter()
    for i in range(1, 201):
        log.append(record(i))
    per_append = (time.perf_counter() - started) / 200
    assert [r.step_id for r in log.iter_records()] == list(range(201))
    assert all(message.startswith(f"outcomes not exported to {url} (") for message in said)  # at most one
    # Far below one export attempt: the append never waits for the collector.
    assert per_append < EXPORT_TIMEOUT_S / 100, per_append

    # A whole `routesmith record` process waits at most EXIT_FLUSH_S at exit, then leaves.
    env = cli_env(tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=url, ROUTESMITH_CONFIG=str(tmp_path / "none.toml"))
    started = time.perf_counter()
    result = routesmith(
        env, "record", "--host", "codex", "--model", "gpt-5.4", "--task", "coding", "--success"
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert elapsed < EXPORT_TIMEOUT_S, elapsed  # start-up + at most EXIT_FLUSH_S (+ the thread's stop)
    if collector == "refusing":
        assert elapsed < EXIT_FLUSH_S, elapsed  # a refusal is learnt at once: no wait at exit
    assert len(list(open_log(TelemetrySettings(path=str(tmp_path / "log.rslog"))).iter_records())) == 202


def test_a_workspace_file_cannot_set_the_endpoint(tmp_path: Path, receiver: Receiver) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / ".routesmith.toml").write_text(
        f'[telemetry]\notlp_endpoint = "{receiver.url}"\n', encoding="utf-8"
    )
    env = cli_env(tmp_path, ROUTESMITH_CONFIG=str(tmp_path / "none.toml"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "routesmith",
            "record",
            "--host",
            "codex",
            "--model",
            "gpt-5.4",
            "--task",
            "coding",
            "--success",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
        timeout=60,
    )
    assert result.returncode == 0
    assert (
        f"{work / '.routesmith.toml'}:2:1: telemetry.otlp_endpoint: ignored: a workspace file may not set "
        "this, it names a network endpoint RouteSmith sends to; only the user config may"
    ) in result.stderr
    assert receiver.spans() == []
