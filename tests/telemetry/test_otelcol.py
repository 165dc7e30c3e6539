"""RouteSmith's OTLP export against a real OpenTelemetry Collector: one built here by the collector builder
(`go.opentelemetry.io/collector/cmd/builder`) from the Go module proxy with Debian's Go, once, into
~/.cache/routesmith-e2e/otelcol (`$ROUTESMITH_E2E_CACHE`), then reused. The collector runs the README's
configuration on 127.0.0.1; the test reads what its file exporter wrote.

A cold build (a newer Go toolchain, the builder and the collector's modules, all compiled on this machine) is
too long for the suite's time, so it happens only with ROUTESMITH_OTELCOL=1, which .ci/run does not set;
golang-go is apt-get installed only with ROUTESMITH_E2E_INSTALL=1 as well. Otherwise, and where the build
fails or takes too long, the test skips and says why (a machine that reaches only PyPI, npm and Debian cannot
build one: none of them ships a collector or Go's modules). A collector already in the cache always runs, and
ROUTESMITH_OTELCOL_BIN names one built elsewhere (e.g. an otelcol-contrib release binary).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.conftest import missing_debian_packages
from tests.telemetry import otlp_support as otlp  # skips this module without the otel extra
from tests.telemetry.conftest import routesmith

GATE = "ROUTESMITH_OTELCOL"
# One release for every collector module: the builder's own defaults (providers, otelcol) come with it.
RELEASE = "v0.161.0"
COMPONENTS = {
    "receivers": ["go.opentelemetry.io/collector/receiver/otlpreceiver"],
    "processors": ["go.opentelemetry.io/collector/processor/batchprocessor"],
    "exporters": [
        "go.opentelemetry.io/collector/exporter/debugexporter",
        "github.com/open-telemetry/opentelemetry-collector-contrib/exporter/fileexporter",
    ],
}
NAME = "otelcol-routesmith"
MIN_GO = (1, 21)  # the first Go that fetches the newer toolchain a module asks for (GOTOOLCHAIN)
BUILD_TIMEOUT_S = 40 * 60
README = Path(__file__).parents[2] / "README.md"
README_ENDPOINT = "0.0.0.0:4318"
README_PATH = "/var/lib/otelcol/routesmith.jsonl"


BINARY = "ROUTESMITH_OTELCOL_BIN"
ELSEWHERE = (
    f"Where the proxy is reachable: `{GATE}=1 python -m pytest tests/telemetry/test_otelcol.py` builds it "
    "once (Go 1.21 or later; with ROUTESMITH_E2E_INSTALL=1 as root it may apt-get install golang-go); or "
    f"`{BINARY}=/path/to/otelcol-contrib` runs a collector release binary (from the opentelemetry-collector-"
    "releases GitHub releases) instead"
)


def cache_dir() -> Path:
    base = os.environ.get("ROUTESMITH_E2E_CACHE") or Path.home() / ".cache" / "routesmith-e2e"
    return Path(base) / "otelcol"


def readme_config() -> str:
    """The README's collector configuration, as printed there (so that the two cannot drift apart)."""
    text = README.read_text(encoding="utf-8")
    found = re.search(
        r"A collector that receives RouteSmith spans and metrics.*?```yaml\n(.*?)```", text, re.S
    )
    assert found, f"{README}: no collector configuration after 'A collector that receives RouteSmith'"
    config = found.group(1)
    assert config.count(README_ENDPOINT) == 1 and config.count(README_PATH) == 1, config
    return config


def _go_version(go: str) -> tuple[int, ...]:
    reported = subprocess.run([go, "env", "GOVERSION"], capture_output=True, text=True, timeout=60).stdout
    return tuple(int(part) for part in re.findall(r"\d+", reported)[:2])


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def _proxy_unreachable(go: str, env: dict[str, str]) -> str | None:
    """Why the Go module proxy cannot serve the builder (None when it can), asked before a long build."""
    builder = f"go.opentelemetry.io/collector/cmd/builder@{RELEASE}"
    try:
        asked = subprocess.run(
            [go, "list", "-m", builder], env=env, capture_output=True, text=True, timeout=120
        )
    except subprocess.TimeoutExpired:
        return "the Go module proxy did not answer within 120 s"
    if asked.returncode != 0:
        return f"the Go module proxy does not serve {builder} here: {asked.stderr.strip()[-300:]}"
    return None


def _run_step(command: list[str], env: dict[str, str], cwd: Path, log: Path, deadline: float) -> str | None:
    """Runs one build step, its output appended to `log`; returns why it failed (None when it did not)."""
    remaining = deadline - time.monotonic()
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        try:
            done = subprocess.run(
                command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, timeout=remaining
            )
        except subprocess.TimeoutExpired:
            return f"took longer than {BUILD_TIMEOUT_S // 60} minutes"
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
        return f"`{' '.join(command[:2])}` exited {done.returncode}: {' | '.join(tail)[-400:]}"
    return None


def build(cache: Path, progress: Callable[[str], None]) -> Path:
    """The collector binary: the cached one, or one built now (only with ROUTESMITH_OTELCOL=1)."""
    binary = cache / NAME
    if binary.is_file() and os.access(binary, os.X_OK):
        return binary
    if os.environ.get(GATE) != "1":
        pytest.skip(
            f"no OpenTelemetry Collector in {cache}, and none comes from PyPI, npm or Debian (no package "
            "there ships one): it is built from the Go module proxy, which a machine that "
            f"reaches only those registries cannot use, and the build is left out of the suite's time. "
            + ELSEWHERE
        )
    if shutil.which("go") is None and (reason := missing_debian_packages(["golang-go"], progress)):
        pytest.skip(reason)
    go = shutil.which("go")
    if go is None:
        pytest.skip("golang-go is installed but `go` is not on PATH")
    env = os.environ | {
        "GOPATH": str(cache / "gopath"),
        "GOMODCACHE": str(cache / "gomod"),
        "GOCACHE": str(cache / "gobuild"),
        "GOBIN": str(cache / "bin"),
        "GOFLAGS": "-modcacherw",  # a cache that `rm -r` can remove
        "GOTOOLCHAIN": "auto",  # Debian's go.env says local: let it fetch the Go the modules ask for
        "CGO_ENABLED": "0",
    }
    if reason := _proxy_unreachable(go, env):
        pytest.skip(f"{reason}. {ELSEWHERE}")
    if (version := _go_version(go)) < MIN_GO:
        pytest.skip(
            f"this machine's Go is {_dotted(version)}: the collector needs a newer Go, which only Go "
            f"{_dotted(MIN_GO)} and later fetch from the module proxy themselves (Debian 13's golang-go does)"
        )
    work = cache / "build"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    manifest = [f"dist:\n  name: {NAME}\n  description: RouteSmith's test collector\n  output_path: {work}\n"]
    for kind, modules in COMPONENTS.items():
        manifest.append(f"{kind}:\n" + "".join(f"  - gomod: {module} {RELEASE}\n" for module in modules))
    (work / "builder-config.yaml").write_text("".join(manifest), encoding="utf-8")
    log = work / "build.log"
    steps = [
        ("collector builder", [go, "install", f"go.opentelemetry.io/collector/cmd/builder@{RELEASE}"]),
        ("collector", [str(cache / "bin" / "builder"), f"--config={work / 'builder-config.yaml'}"]),
    ]
    started = time.monotonic()
    deadline = started + BUILD_TIMEOUT_S
    for what, command in steps:
        progress(f"building the {what} {RELEASE} (log: {log})")
        if reason := _run_step(command, env, work, log, deadline):
            pytest.skip(f"building the {what} failed ({reason}); log: {log}")
        progress(f"built the {what} after {time.monotonic() - started:.0f} s")
    os.replace(work / NAME, binary)  # only a finished build is ever found in the cache
    return binary


@pytest.fixture(scope="session")
def otelcol(progress: Callable[[str], None]) -> Path:
    """The collector the test runs: ROUTESMITH_OTELCOL_BIN's (any build with the README's components, e.g.
    otelcol-contrib), else the one built here."""
    if given := os.environ.get(BINARY):
        if not (os.path.isfile(given) and os.access(given, os.X_OK)):
            pytest.fail(f"{BINARY}={given}: not an executable file")
        return Path(given)
    return build(cache_dir(), progress)


def test_the_readme_configuration_uses_what_the_test_collector_is_built_with() -> None:
    """Every receiver, processor and exporter the README's configuration names is in the collector the test
    builds, and it has a traces and a metrics pipeline (a drift here fails without any collector)."""
    named: dict[str, list[str]] = {}
    section = ""
    for line in readme_config().splitlines():
        if top := re.match(r"(\w+):", line):
            section = top.group(1)
            named[section] = []
        elif component := re.match(r"  (\w+):", line):
            named[section].append(component.group(1))
    used = {kind: sorted(f"{name}{kind[:-1]}" for name in named[kind]) for kind in COMPONENTS}
    built = {
        kind: sorted(module.rsplit("/", 1)[-1] for module in modules) for kind, modules in COMPONENTS.items()
    }
    assert used == built
    assert re.search(r"^    traces:\n", readme_config(), re.M) and re.search(
        r"^    metrics:\n", readme_config(), re.M
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def collector(otelcol: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The built collector running the README's configuration on 127.0.0.1: its URL and its file output."""
    port = _free_port()
    output = tmp_path / "routesmith.jsonl"
    config = tmp_path / "routesmith.yaml"
    config.write_text(
        readme_config().replace(README_ENDPOINT, f"127.0.0.1:{port}").replace(README_PATH, str(output)),
        encoding="utf-8",
    )
    log = tmp_path / "otelcol.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen([str(otelcol), f"--config={config}"], stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"the collector exited: {log.read_text(encoding='utf-8')[-2000:]}"
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert time.monotonic() < deadline, f"the collector did not listen: {log.read_text()[-2000:]}"
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", output
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _written(output: Path, spans: int, timeout_s: float = 30) -> otlp.Received:
    """The file exporter's output once it holds `spans` spans and an outcome count (it writes per batch)."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = otlp.Received.from_file_exporter(output)
        if len(found.spans()) >= spans and found.points("routesmith.outcomes"):
            return found
        assert time.monotonic() < deadline, f"{output} after {timeout_s} s: {len(found.spans())} spans"
        time.sleep(0.2)


def test_a_real_collector_receives_recorded_and_exported_outcomes(
    collector: tuple[str, Path], tmp_path: Path
) -> None:
    url, output = collector
    # History recorded before any endpoint was set: only `export --otlp` sends it.
    quiet = otlp.cli_env(tmp_path, ROUTESMITH_CONFIG=str(tmp_path / "none.toml"))
    history = [
        {
            "time": time.time() - 3600 - i,
            "host": "codex",
            "model": "gpt-5.4",
            "task": "review",
            "success": True,
            "input_tokens": 2000 + i,
            "output_tokens": 100,
            "prompt_text": "secret review",
        }
        for i in range(3)
    ]
    stdin = "".join(json.dumps(row) + "\n" for row in history)
    assert routesmith(quiet, "record", "--jsonl", "-", stdin=stdin).returncode == 0

    live = quiet | {"OTEL_EXPORTER_OTLP_ENDPOINT": url}
    record = ["record", "--host", "claude_code", "--model", "sonnet", "--task", "testing"]
    result = routesmith(live, *record, "--duration-ms", "2500", "--failure")
    assert result.returncode == 0, result.stderr
    sent = routesmith(quiet, "export", "--otlp", "--since", "1d", "--endpoint", url)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.strip() == f"sent 4 outcomes to {url}"

    found = _written(output, spans=5)  # the live span, then all four again from the log
    spans = found.spans()
    names = sorted(span.name for span in spans)
    assert names == ["invoke_agent claude_code"] * 2 + ["invoke_agent codex"] * 3
    failed = [span for span in spans if span.name == "invoke_agent claude_code"]
    assert all(span.status.code == otlp.STATUS_ERROR for span in failed)
    assert {span.end_time_unix_nano - span.start_time_unix_nano for span in failed} == {2_500_000_000}
    reviewed = sorted(
        otlp.attributes(s)["gen_ai.usage.input_tokens"] for s in spans if s.name.endswith("codex")
    )
    assert reviewed == [2000, 2001, 2002]
    assert otlp.attributes(found.trace_requests[0].resource_spans[0].resource)["service.name"] == "routesmith"
    assert "secret" not in output.read_text(encoding="utf-8")

    # The live outcome as metrics, as the collector passed them on.
    [counted] = found.points("routesmith.outcomes")
    [outcomes] = found.metrics()["routesmith.outcomes"]
    assert (outcomes.sum.aggregation_temporality, outcomes.sum.is_monotonic) == (otlp.DELTA, True)
    assert counted.as_int == 1
    dimensions = otlp.attributes(counted)
    assert (dimensions["gen_ai.request.model"], dimensions["routesmith.outcome"]) == ("sonnet", "failure")
    assert (dimensions["routesmith.task"], dimensions["routesmith.capability"]) == ("testing", "coding")
    [duration] = found.points("gen_ai.client.operation.duration")
    assert (duration.count, duration.sum) == (1, 2.5)
