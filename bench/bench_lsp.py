"""Language server latency and memory, measured through a real `routesmith lsp` subprocess over stdio.

    python bench/bench_lsp.py [--runs 50] [--lines 2000] [--documents 50]

Two files of `--lines` lines: "dense", nearly every line a step or two (2,431 steps in 2,000 lines: numbered
and bulleted steps under headings, a description that asks for them all), and "spec", a long spec as people
write them (context, rules, tables and code, a task list now and then; bench_decompose.py's). For each: the
first inlay-hint request after opening (it routes the document), p50/p90 of the round trip (request to
response, as an editor sees it) for the whole document and for one screen (100 lines) at an unchanged
version, document symbols, folding ranges and the code lens of that version (all from the cached analysis),
and inlay hints right after a one-character didChange (the edited version is routed); beside each, the
server's own CPU time per request (its threads' schedstat: on a busy machine the round trip also waits for a
core). Then the server's peak RSS (VmHWM) with `--documents` more dense files open and routed. The client is
pygls' own, negotiating UTF-16 like VS Code, and the server routes for Claude Code so every step gets a
model.

Targets (issue 13): dense unchanged whole document <= 40 ms; after an edit one screen <= 10 ms and the
whole document <= 60 ms; first request <= 150 ms; spec one screen after an edit <= 5 ms; 51 open documents
<= 100 MiB. No asserts: numbers only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.protocol import default_converter
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parents[1]
CAPABILITIES = ROOT / "tests" / "lsp" / "clients" / "vscode.json"
SCREEN = 100  # lines in one screen

THINGS = [
    "the billing export",
    "the rate limiter",
    "OAuth login",
    "the CSV importer",
    "search suggestions",
    "the audit log",
    "webhook retries",
    "the settings page",
    "dark mode",
    "the payment flow",
    "the cache layer",
    "the upload service",
]


DENSE_ITEMS = [
    "Plan {t} and implement it",
    "Add tests for {t}, then document it",
    "Refactor {t} and get it reviewed",
    "Investigate why {t} is slow and fix it",
    "Implement {t}, add tests and update the docs",
    "Fix {t} and add a regression test",
]


def dense_file(lines: int, seed: int) -> str:
    """A prompt file where nearly every line asks for two steps or three: headings over numbered and
    bulleted lists, no context (about 1.7 steps a line)."""
    rng = random.Random(seed)
    out = ["---", "description: carry out every item below", "---", ""]
    part = 0
    while len(out) < lines:
        part += 1
        out += [f"## Part {part}", ""]
        bullet = rng.random() < 0.3
        for n in range(1, 13):
            thing = f"{rng.choice(THINGS)} {part}.{n}"
            out.append(("- " if bullet else f"{n}. ") + rng.choice(DENSE_ITEMS).format(t=thing))
        out.append("")
    return "\n".join(out[:lines]) + "\n"


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=10, method="inclusive")
    return f"p50 {statistics.median(samples):7.2f} ms   p90 {cuts[8]:7.2f} ms   (n={len(samples)})"


def server_cpu_ms(pid: int) -> float:
    """CPU time the server's threads have run (ns-resolution schedstat): on a busy machine the round trip
    includes waiting for a core, this only the server's own work."""
    return sum(int(p.read_text().split()[0]) for p in Path(f"/proc/{pid}/task").glob("*/schedstat")) / 1e6


def percentiles_and_cpu(samples: list[float], cpu_ms: float) -> str:
    return f"{percentiles(samples)}   server CPU {cpu_ms / len(samples):6.2f} ms/request"


def peak_rss_kib(pid: int) -> tuple[int, int]:
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmHWM"].split()[0]), int(fields["VmRSS"].split()[0])


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("routesmith-bench", "1", converter_factory=default_converter)

        @self.feature(types.WORKSPACE_CONFIGURATION)
        def configuration(params: types.ConfigurationParams) -> list[Any]:
            return [None for _ in params.items]

        @self.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            return None

        @self.feature(types.WORKSPACE_INLAY_HINT_REFRESH)
        def refresh(params: None) -> None:
            return None

        @self.feature(types.WORKSPACE_CODE_LENS_REFRESH)
        def lens_refresh(params: None) -> None:
            return None

        for method in (
            types.WINDOW_LOG_MESSAGE,
            types.WINDOW_SHOW_MESSAGE,
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS,
            "routesmith/status",
        ):
            self.feature(method)(lambda params: None)


async def hints_ms(client: Client, uri: str, first: int, last: int) -> tuple[float, int]:
    started = time.perf_counter()
    result = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(first, 0), types.Position(last, 0)),
        )
    )
    return (time.perf_counter() - started) * 1000, len(result or [])


async def measure(client: Client, path: Path, name: str, text: str, runs: int) -> None:
    assert client._server is not None
    pid = client._server.pid
    uri = from_fs_path(str(path))
    lines = text.split("\n")
    total = len(lines)
    cpu = server_cpu_ms(pid)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, text))
    )
    first_ms, count = await hints_ms(client, uri, 0, total)
    cpu = server_cpu_ms(pid) - cpu
    print(f"{name}: {total - 1} lines, {len(text):,} characters, {count} steps hinted")
    print(
        f"  first request (routes the document):{first_ms:21.2f} ms   server CPU {cpu:.2f} ms, open included"
    )
    screen = (total // 2, total // 2 + SCREEN)
    for label, (first, last) in (("whole document", (0, total)), (f"one screen ({SCREEN} lines)", screen)):
        cpu = server_cpu_ms(pid)
        samples = [(await hints_ms(client, uri, first, last))[0] for _ in range(runs)]
        cpu = server_cpu_ms(pid) - cpu
        print(f"  inlay hints, unchanged, {label + ':':25}{percentiles_and_cpu(samples, cpu)}")
    document = types.TextDocumentIdentifier(uri=uri)
    requests = {
        "document symbols": lambda: client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=document)
        ),
        "folding ranges": lambda: client.text_document_folding_range_async(
            types.FoldingRangeParams(text_document=document)
        ),
        "code lens": lambda: client.text_document_code_lens_async(
            types.CodeLensParams(text_document=document)
        ),
    }
    for label, request in requests.items():
        samples = []
        cpu = server_cpu_ms(pid)
        for _ in range(runs):
            started = time.perf_counter()
            await request()
            samples.append((time.perf_counter() - started) * 1000)
        cpu = server_cpu_ms(pid) - cpu
        print(
            f"  {label}, unchanged, whole document: {' ' * (22 - len(label))}"
            f"{percentiles_and_cpu(samples, cpu)}"
        )
    version = 1
    for label, (first, last) in (("whole document", (0, total)), (f"one screen ({SCREEN} lines)", screen)):
        samples = []
        cpu = server_cpu_ms(pid)
        for i in range(runs):
            version += 1
            line = (i * 37) % (total - 10) + 5
            at = types.Position(line, min(3, len(lines[line])))
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                    content_changes=[types.TextDocumentContentChangePartial(types.Range(at, at), "x")],
                )
            )
            lines[line] = lines[line][: at.character] + "x" + lines[line][at.character :]
            samples.append((await hints_ms(client, uri, first, last))[0])
        cpu = server_cpu_ms(pid) - cpu
        print(f"  inlay hints, after 1-char edit, {label + ':':18}{percentiles_and_cpu(samples, cpu)}")


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        work = root / "work"
        (work / "prompts").mkdir(parents=True)
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(root),
            "LANG": "C.UTF-8",
            "ROUTESMITH_CONFIG": str(root / "none.toml"),
            "ROUTESMITH_TELEMETRY_PATH": str(root / "t.rslog"),
            **{k: os.environ[k] for k in ("PYTHONPATH",) if k in os.environ},
        }
        client = Client()
        await client.start_io(sys.executable, "-m", "routesmith", "lsp", env=env, cwd=str(work))
        raw = json.loads(CAPABILITIES.read_text(encoding="utf-8"))["capabilities"]
        root_uri = from_fs_path(str(work))
        await client.initialize_async(
            types.InitializeParams(
                capabilities=default_converter().structure(raw, types.ClientCapabilities),
                root_uri=root_uri,
                workspace_folders=[types.WorkspaceFolder(uri=root_uri, name="work")],
                initialization_options={"host": "claude_code"},
            )
        )
        client.initialized(types.InitializedParams())

        from bench_decompose import build_spec  # the realistic spec file (a sibling script)

        for name, text in (("dense", dense_file(args.lines, 1)), ("spec", build_spec(args.lines))):
            await measure(client, work / "prompts" / f"{name}.md", name, text, args.runs)

        assert client._server is not None
        pid = client._server.pid
        before, _ = peak_rss_kib(pid)
        for n in range(args.documents):
            doc = dense_file(args.lines, seed=100 + n)
            doc_uri = from_fs_path(str(work / "prompts" / f"doc{n}.md"))
            client.text_document_did_open(
                types.DidOpenTextDocumentParams(types.TextDocumentItem(doc_uri, "markdown", 1, doc))
            )
            await hints_ms(client, doc_uri, 0, args.lines)
        peak, now = peak_rss_kib(pid)
        print(
            f"server memory: peak RSS {before / 1024:.1f} MiB before, {peak / 1024:.1f} MiB with "
            f"{args.documents + 2} open and routed ({args.lines} lines each); RSS now {now / 1024:.1f} MiB"
        )
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--documents", type=int, default=50)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
