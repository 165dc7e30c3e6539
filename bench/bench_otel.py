"""What OpenTelemetry export costs recording: one `TelemetryLog.append` with no export, with a collector that
answers, one that hangs (accepts connections, never replies) and one that refuses them, all on 127.0.0.1; then
a whole `routesmith record` process against each (it waits at most otlp.EXIT_FLUSH_S at exit for what is
queued). Target: an append costs the same with any collector (the queue takes the span, a background thread
sends it), and a process never waits more than about a second for a collector that is down.

The first append of a process starts the exporter (imports the SDK); it is shown apart. Needs the extra:
pip install 'routesmith-lsp[otel]'.

Run: python bench/bench_otel.py [--appends 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import http.server
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from routesmith.model import Capability, OutcomeRecord, Source, TaskType, TelemetrySettings
from routesmith.telemetry import open_log
from routesmith.telemetry.otlp import EXIT_FLUSH_S, QUEUE_SIZE

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


def process(kind: str, url: str | None, runs: int, directory: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env |= {
        "ROUTESMITH_CONFIG": str(directory / "none.toml"),
        "ROUTESMITH_TELEMETRY_PATH": str(directory / f"process-{kind}.rslog"),
        "HOME": str(directory),
    }
    if url is not None:
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = url
    argv = [sys.executable, "-m", "routesmith", "record", "--host", "codex", "--model", "gpt-5.4"]
    argv += ["--task", "coding", "--success", "-q"]
    walls = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
        walls.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise SystemExit(f"routesmith record failed: {result.stderr}")
    print(f"{kind:>9}  `routesmith record`: median {statistics.median(walls) * 1e3:6.0f} ms of {runs} runs")


def main() -> int:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument(
        "--appends", type=int, default=2000, help=f"appends per collector (at most {MAX_APPENDS})"
    )
    parser.add_argument("--runs", type=int, default=3, help="`routesmith record` processes per collector")
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
    print(f"{count} appends of one record each (queue {QUEUE_SIZE} spans; past it spans are dropped)")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            with collector(kind) as url:
                appends(kind, url, count, Path(tmp))
        print(f"whole process (exit waits at most {EXIT_FLUSH_S:g} s for the queue)")
        for kind in kinds:
            with collector(kind) as url:
                process(kind, url, max(1, args.runs), Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
