"""OTLP export (spans and metrics) against a receiver on 127.0.0.1 that decodes what it gets with the
official opentelemetry-proto types; a collector that refuses or hangs, which must cost recording nothing
and lose nothing; and the outbox's cursor: each outcome goes out once."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from tests.lsp.conftest import Session, server_env, start
from tests.lsp.conftest import wait_until as lsp_wait_until
from tests.telemetry.conftest import record, routesmith
from tests.telemetry.otlp_support import (  # skips this module without the otel extra
    DELTA,
    STATUS_ERROR,
    Received,
    attributes,
    cli_env,
    metrics_service,
    senders,
    trace_service,
    wait_until,
    zombie_children,
)

from routesmith.model import OutcomeRecord, Source, TelemetrySettings, VerdictReason
from routesmith.telemetry import open_log
from routesmith.telemetry import outbox as outbox_module
from routesmith.telemetry.log import HEADER
from routesmith.telemetry.otlp import DURATION, EXPORT_TIMEOUT_S, OUTCOMES, TOKEN_USAGE
from routesmith.telemetry.otlp import attributes as attributes_of
from routesmith.telemetry.outbox import Drained, ExportFailed, Outbox

README = Path(__file__).parents[2] / "README.md"
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

    def __init__(self, reply_after_s: float = 0.0) -> None:
        super().__init__()
        self.paths: list[str] = []
        received = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(reply_after_s)
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

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    served = Receiver()
    yield served
    served.close()


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
    # Sent by a detached sender, spans and then metrics: done when it has gone.
    wait_until(lambda: not senders(tmp_path / "log.rslog"), 30, "the sender is still running")
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
    wait_until(lambda: not senders(tmp_path / "log.rslog"), 30, "the sender is still running")
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


def record_args(step: int) -> list[str]:
    """`routesmith record` for one outcome told apart by its duration (step ms)."""
    args = ["record", "--host", "codex", "--model", "gpt-5.4", "--task", "coding", "--success"]
    return [*args, "--duration-ms", str(step)]


def durations(spans: list[Any]) -> list[int]:
    return sorted(attributes(span)["routesmith.duration_ms"] for span in spans)


@pytest.mark.parametrize("collector", ["refusing", "hanging"])
def test_a_collector_that_refuses_or_hangs_costs_recording_nothing_and_loses_nothing(
    tmp_path: Path, collector: str, request: pytest.FixtureRequest, receiver: Receiver
) -> None:
    url = request.getfixturevalue(collector)
    log = tmp_path / "log.rslog"
    env = cli_env(tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=url, ROUTESMITH_CONFIG=str(tmp_path / "none.toml"))
    result = routesmith(env, *record_args(1))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    # `record` has returned while its sender still waits for the collector (a hanging one holds it for a
    # whole request): the process never waited for the network.
    if collector == "hanging":
        assert senders(log), "the sender should still be waiting for the hanging collector"
    wait_until(lambda: not senders(log), EXPORT_TIMEOUT_S + 20, "the detached sender is still running")
    cursor = Outbox(log, print).read_cursor()
    assert cursor.failure == f"{url}/v1/traces refused or did not answer"

    # The next record says so (once), and is recorded at once too.
    again = routesmith(env, *record_args(2))
    assert again.returncode == 0
    assert f"routesmith: warning: outcomes not exported to {url}: the last attempt (" in again.stderr
    assert "`routesmith export --otlp --pending`" in again.stderr
    wait_until(lambda: not senders(log), EXPORT_TIMEOUT_S + 20, "the detached sender is still running")
    assert len(list(open_log(TelemetrySettings(path=str(log))).iter_records())) == 2

    # Nothing lost: once a collector answers, what waited goes out, each outcome once.
    sent = routesmith(env, "export", "--otlp", "--pending", "--endpoint", receiver.url)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.strip() == f"sent 2 outcomes to {receiver.url}"
    assert durations(receiver.spans()) == [1, 2]
    assert (log.parent / "log.rslog.otlp" / "outbox").stat().st_size == HEADER.size  # emptied
    live = cli_env(tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url, ROUTESMITH_CONFIG=str(tmp_path / "x"))
    assert routesmith(live, *record_args(3)).returncode == 0
    wait_until(lambda: len(receiver.spans()) == 3 and not senders(log), 30, "the third outcome")
    assert durations(receiver.spans()) == [1, 2, 3]


@pytest.mark.parametrize("collector", ["refusing", "hanging"])
def test_appends_in_one_process_never_wait_and_leave_no_zombie(
    tmp_path: Path, collector: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(collector)
    settings = TelemetrySettings(path=str(tmp_path / "log.rslog"), otlp_endpoint=url)
    said: list[str] = []
    log = open_log(settings, warn=said.append)
    started = time.perf_counter()
    for i in range(200):
        log.append(record(i))
    per_append = (time.perf_counter() - started) / 200
    assert [r.step_id for r in log.iter_records()] == list(range(200))
    assert said == []
    # Far below one export attempt: the append never waits for the collector (bench/bench_otel.py times it).
    assert per_append < EXPORT_TIMEOUT_S / 100, per_append
    wait_until(lambda: not senders(log.path), EXPORT_TIMEOUT_S + 20, "the detached sender is still running")
    # Its exit was collected by this process (a long-lived caller keeps no zombie).
    wait_until(lambda: not zombie_children(), 5, "a sender is left a zombie")
    assert Outbox(log.path, print).read_cursor().failure is not None


def test_outcomes_recorded_while_a_sender_sends_each_reach_the_collector_once(tmp_path: Path) -> None:
    slow = Receiver(reply_after_s=0.3)  # each request takes a while: recorders overlap the sending
    log = tmp_path / "log.rslog"
    env = cli_env(tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=slow.url, ROUTESMITH_CONFIG=str(tmp_path / "x"))
    rows = "".join(
        json.dumps(
            {"host": "codex", "model": "gpt-5.4", "task": "review", "success": True, "duration_ms": 100 + i}
        )
        + "\n"
        for i in range(1300)  # three requests of 512
    )
    try:
        assert routesmith(env, "record", "--jsonl", "-", stdin=rows).returncode == 0
        wait_until(lambda: slow.paths, 30, "no request reached the collector")
        recorders = []
        for step in range(1, 9):  # recorded while that sender is at work, some of them in parallel
            recorders.append(
                subprocess.Popen(
                    [sys.executable, "-m", "routesmith", *record_args(step)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            time.sleep(0.1)
        assert [recorder.wait(60) for recorder in recorders] == [0] * 8
        wait_until(lambda: len(slow.spans()) >= 1308 and not senders(log), 60, "1308 outcomes")
        assert durations(slow.spans()) == list(range(1, 9)) + list(range(100, 1400))
        counted = sum(point.as_int for point in slow.points("routesmith.outcomes"))
        assert counted == 1308  # each confirmed outcome counted once in the metrics too
        assert Outbox(log, print).read_cursor().failure is None
    finally:
        slow.close()


def test_a_failed_batch_resumes_from_the_cursor_without_resending(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "log.rslog", print)
    outbox.append([record(i) for i in range(10)])
    outbox.append([record(i) for i in range(10, 13)])
    got: list[int] = []

    def collector_down_after(calls: int) -> Callable[[list[OutcomeRecord]], None]:
        def deliver(records: list[OutcomeRecord]) -> None:
            if len(got) >= calls * 4:
                raise ExportFailed("the collector went away")
            got.extend(r.step_id or 0 for r in records)

        return deliver

    lock = outbox.take_sender_lock()
    assert lock is not None and outbox.take_sender_lock() is None  # one sender at a time
    assert outbox.drain(collector_down_after(2), lock, batch=4) == Drained(8, "the collector went away")
    assert got == list(range(8))
    assert outbox.drain(collector_down_after(99), outbox.take_sender_lock(), batch=4) == Drained(5)
    assert got == list(range(13))
    assert outbox.drain(collector_down_after(99), outbox.take_sender_lock(), batch=4) == Drained(0)
    assert outbox.path.stat().st_size == HEADER.size


def test_a_full_outbox_keeps_recording_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outbox_module, "OUTBOX_MAX_BYTES", 2000)
    said: list[str] = []
    outbox = Outbox(tmp_path / "log.rslog", said.append)
    queued = [outbox.append(record(i)) for i in range(100)]
    assert 0 < sum(queued) < 100 and queued.count(0) == 100 - sum(queued)
    assert outbox.path.stat().st_size <= 2000
    [message] = said
    assert message.startswith(f"{outbox.path}: the export outbox is full (2000 bytes wait")


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


async def record_in_server(session: Session, steps: range) -> None:
    for step in steps:
        argument = {"success": True, "model": "sonnet", "host": "claude_code", "task": "coding"}
        result = await session.command("routesmith.recordOutcome", argument | {"durationMs": step})
        assert result["recorded"] is True
        assert not senders(session.telemetry)  # no process per record: the server's own thread sends


async def test_the_language_server_sends_from_its_own_thread(tmp_path: Path, receiver: Receiver) -> None:
    env = server_env(tmp_path) | {"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url}
    session = await start(tmp_path, "vscode", env=env)
    try:
        await record_in_server(session, range(1, 4))

        def counted() -> int:
            return sum(point.as_int for point in receiver.points("routesmith.outcomes"))

        await lsp_wait_until(lambda: len(receiver.spans()) == 3 and counted() == 3, "3 spans and counts")
    finally:
        await session.shutdown_session()
        await session.stop()
    assert durations(receiver.spans()) == [1, 2, 3]


async def test_a_hanging_collector_never_holds_up_the_language_server(
    tmp_path: Path, hanging: str, receiver: Receiver
) -> None:
    env = server_env(tmp_path) | {"OTEL_EXPORTER_OTLP_ENDPOINT": hanging}
    session = await start(tmp_path, "vscode", env=env)
    started = time.perf_counter()
    try:
        await record_in_server(session, range(1, 4))
        stats = await session.command("routesmith.showStats", {})  # and it answers anything else meanwhile
        assert [group["n"] for group in stats["groups"]] == [3]
    finally:
        await session.shutdown_session()
        await session.stop()
    # Recording, answering and exiting took less than the one request the collector holds (exit does not
    # wait for the sender thread); what it did not confirm waits in the outbox.
    assert time.perf_counter() - started < EXPORT_TIMEOUT_S
    cli = cli_env(tmp_path, ROUTESMITH_TELEMETRY_PATH=str(session.telemetry))
    sent = routesmith(cli, "export", "--otlp", "--pending", "--endpoint", receiver.url)
    assert sent.stdout.strip() == f"sent 3 outcomes to {receiver.url}", sent.stderr
    assert durations(receiver.spans()) == [1, 2, 3]


def test_a_workspace_module_named_like_the_sender_is_never_run(tmp_path: Path, receiver: Receiver) -> None:
    """`record` run inside an untrusted checkout: its own `routesmith` package must not shadow the sender."""
    work = tmp_path / "work"
    planted = work / "routesmith" / "telemetry"
    planted.mkdir(parents=True)
    marker = tmp_path / "ran"
    for package in (work / "routesmith", planted):
        (package / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    (planted / "otlp.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    env = cli_env(tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url, ROUTESMITH_CONFIG=str(tmp_path / "x"))
    recorder = subprocess.run(  # the installed console script, as a user runs it (its path has no cwd)
        [str(Path(sys.executable).with_name("routesmith")), *record_args(7)],
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
        timeout=60,
    )
    assert recorder.returncode == 0, recorder.stderr
    wait_until(lambda: receiver.spans() and not senders(tmp_path / "log.rslog"), 30, "the span")
    assert durations(receiver.spans()) == [7] and not marker.exists()


def test_without_the_extra_recording_goes_on_and_says_how_to_export(
    tmp_path: Path, receiver: Receiver
) -> None:
    env = cli_env(tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT=receiver.url, ROUTESMITH_CONFIG=str(tmp_path / "x"))
    without_extra = (
        "import runpy, sys; sys.modules['opentelemetry'] = None; "  # as if the package were not installed
        f"sys.argv = ['routesmith', *{record_args(1)!r}]; runpy.run_module('routesmith', run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", without_extra], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"routesmith: warning: outcomes are not exported to {receiver.url}: the OpenTelemetry extra is "
        "missing (pip install 'routesmith-lsp[otel]')\n"
    )
    assert len(list(open_log(TelemetrySettings(path=str(tmp_path / "log.rslog"))).iter_records())) == 1
    assert not (tmp_path / "log.rslog.otlp" / "outbox").exists() and not senders(tmp_path / "log.rslog")


def test_the_readme_names_every_exported_attribute_and_metric_and_nothing_else() -> None:
    section = README.read_text(encoding="utf-8").split("### OpenTelemetry", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    first_cells = [row.split(" | ", 1)[0] for row in rows]
    documented = {name for cell in first_cells for name in re.findall(r"`([\w.]+)`", cell)}
    full = record(
        3,
        success=None,
        source=Source.IMPORT,
        prompt_hash="p",
        session_hash="s",
        turn_hash="t",
        input_tokens=1,
        output_tokens=2,
        reasons=[VerdictReason.NO_SIGNAL],
    )
    exported = set(attributes_of(full)) | {"routesmith.success"}  # present when the outcome is known
    assert documented == exported | {OUTCOMES, DURATION, TOKEN_USAGE}
    sources = re.search(r"\| `routesmith.source` \| (.*) \|", section)
    assert sources and set(re.findall(r"`(\w+)`", sources.group(1))) == {str(s) for s in Source}
