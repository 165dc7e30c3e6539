"""What OpenTelemetry export costs recording: one `TelemetryLog.append` with no export, with a collector that
answers, one that hangs (accepts connections, never replies) and one that refuses them, all on 127.0.0.1; then
a whole `routesmith record` process against each, and how long the detached sender it starts lives after it.
Target: recording costs the same whatever the collector does (an append puts the records in the export
outbox and hands the sending to a detached process; `record` never waits for the network), and a sender
ends within one request's timeout (otlp.EXPORT_TIMEOUT_S) when the collector is down.

The first append of a process starts the sender; it is shown apart. Needs the extra:
pip install 'routesmith-lsp[otel]'.

Run: python bench/bench_otel.py [--appends 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import http.server
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from routesmith.model import Capability, OutcomeRecord, Source, TaskType, TelemetrySettings
from routesmith.telemetry import open_log
from routesmith.telemetry.otlp import EXPORT_TIMEOUT_S
from routesmith.telemetry.outbox import SENDER_DEADLINE_S, Outbox

MAX_APPENDS = 100_000  # bounded, whatever the flag says


class _Answering(http.server.BaseHTTPRequestHandler):
    """An OTLP/HTTP receiver that accepts every request (an empty ExportTraceServiceResponse)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # quiet: the figures are the output
        pass


@contextmanager
def collector(kind: str) -> Iterator[str | None]:
    """The endpoint of a collector of `kind` on 127.0.0.1 (None: no export)."""
    if kind == "none":
        yield None
    elif kind == "answering":
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answering)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()
    elif kind == "hanging":
        with socket.create_server(("127.0.0.1", 0), backlog=64) as sock:  # the kernel accepts, nobody reads
            yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    else:  # refusing: a port nothing listens on
        with socket.create_server(("127.0.0.1", 0)) as sock:
            port = sock.getsockname()[1]
        yield f"http://127.0.0.1:{port}"


def record(i: int) -> OutcomeRecord:
    return OutcomeRecord(
        time=time.time(),
        host="claude_code",
        model="claude-sonnet-4-6",
        task=TaskType.CODING,
        capability=Capability.CODING,
        success=i % 4 != 0,
        source=Source.CLI,
        duration_ms=1200.0,
        step_id=i,
        input_tokens=12_000,
        output_tokens=500,
    )


def sender_done(log: Path) -> None:
    """Wait for the log's detached sender to end (it holds the sender lock while it lives)."""
    lock = Outbox(log, print).take_sender_lock(wait_s=SENDER_DEADLINE_S)
    if lock is None:
        raise SystemExit(f"a sender of {log} outlived its {SENDER_DEADLINE_S} s deadline")
    os.close(lock)


def appends(kind: str, url: str | None, count: int, directory: Path) -> None:
    said: list[str] = []
    settings = TelemetrySettings(path=str(directory / f"{kind}.rslog"), otlp_endpoint=url)
    log = open_log(settings, warn=said.append)
    started = time.perf_counter()
    log.append(record(0))
    first = time.perf_counter() - started
    times = []
    for i in range(1, count + 1):
        started = time.perf_counter()
        log.append(record(i))
        times.append(time.perf_counter() - started)
    times.sort()
    kept = sum(1 for _ in log.iter_records())
    print(
        f"{kind:>9}  first {first * 1e3:7.1f} ms   per append: mean {statistics.fmean(times) * 1e6:6.1f} µs, "
        f"p50 {times[len(times) // 2] * 1e6:6.1f} µs, p99 {times[int(len(times) * 0.99)] * 1e6:7.1f} µs, "
        f"max {times[-1] * 1e3:6.2f} ms   {kept} in the log"
        + (f"   warned: {said[0][:70]}..." if said else "")
    )
    sender_done(log.path)  # before the next case, so that its CPU is not shared with a sender


def process_runs(urls: dict[str, str | None], runs: int, directory: Path) -> None:
    """`routesmith record` against each collector, the kinds taking turns run by run (a shared machine's
    load then weighs on all alike); wall time, the process's own CPU time, and when its sender was done."""
    argv = [sys.executable, "-m", "routesmith", "record", "--host", "codex", "--model", "gpt-5.4"]
    argv += ["--task", "coding", "--success", "-q"]
    walls: dict[str, list[float]] = {kind: [] for kind in urls}
    cpus: dict[str, list[float]] = {kind: [] for kind in urls}
    lives: dict[str, list[float]] = {kind: [] for kind in urls}
    for _ in range(runs):
        for kind, url in urls.items():
            log = directory / f"process-{kind}.rslog"
            env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
            env |= {"ROUTESMITH_CONFIG": str(directory / "none.toml"), "ROUTESMITH_TELEMETRY_PATH": str(log)}
            env |= {"HOME": str(directory)} | ({"OTEL_EXPORTER_OTLP_ENDPOINT": url} if url else {})
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
            walls[kind].append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)  # `record` only: its sender is not ours
            cpus[kind].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            if result.returncode != 0:
                raise SystemExit(f"routesmith record failed: {result.stderr}")
            sender_done(log)
            lives[kind].append(time.perf_counter() - started)
    for kind, url in urls.items():
        line = (
            f"{kind:>9}  `routesmith record`: median {statistics.median(walls[kind]) * 1e3:5.0f} ms wall, "
            f"{statistics.median(cpus[kind]) * 1e3:4.0f} ms CPU of {runs} runs"
        )
        if url is not None:
            line += f"; its sender done {statistics.median(lives[kind]) * 1e3:5.0f} ms after the start"
        print(line)


def main() -> int:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument(
        "--appends", type=int, default=2000, help=f"appends per collector (at most {MAX_APPENDS})"
    )
    parser.add_argument("--runs", type=int, default=9, help="`routesmith record` processes per collector")
    args = parser.parse_args()
    count = max(1, min(args.appends, MAX_APPENDS))
    for name in [k for k in os.environ if k.startswith("OTEL_")]:
        del os.environ[name]  # no endpoint but the one each case sets
    try:
        import opentelemetry.sdk  # noqa: F401
    except ImportError:
        print("needs the extra: pip install 'routesmith-lsp[otel]'", file=sys.stderr)
        return 1
    kinds = ["none", "answering", "hanging", "refusing"]
    print(f"{count} appends of one record each")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        for kind in kinds:
            with collector(kind) as url:
                appends(kind, url, count, Path(tmp))
        print(f"whole process (a sender's request times out after {EXPORT_TIMEOUT_S:g} s)")
        urls = {kind: stack.enter_context(collector(kind)) for kind in kinds}
        process_runs(urls, max(1, args.runs), Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
