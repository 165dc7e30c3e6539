"""Language server latency and memory, measured through a real `routesmith lsp` subprocess over stdio.

    python bench/bench_lsp.py [--runs 100] [--lines 2000] [--documents 50]

Prints p50/p90 of the inlay-hint round trip (request to response, as an editor sees it) for a prompt file
of `--lines` lines: for the whole document and for one screen of it, at an unchanged version (cached
analysis) and right after a one-character didChange (the route is recomputed); document symbols, folding
ranges and the code lens of the unchanged version (all from the cached analysis); then the server's peak
RSS (VmHWM) with `--documents` such files open and routed. The client is pygls' own, negotiating UTF-16
like VS Code, and the server routes for Claude Code so every step gets a model. No asserts: numbers only.
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

VERBS = {
    "planning": ["Plan", "Design", "Outline", "Sketch out"],
    "analysis": ["Investigate", "Profile", "Find out why"],
    "coding": ["Implement", "Build", "Add", "Wire up", "Fix"],
    "testing": ["add tests for", "write unit tests covering", "cover with integration tests"],
    "documentation": ["document", "update the docs for", "write a README section on"],
    "review": ["review", "get a review of"],
    "refactor": ["Refactor", "Clean up", "Extract"],
}
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


def prompt_file(lines: int, seed: int) -> str:
    """A long prompt file that looks like real ones: headings, context, run-on requests, numbered and
    bulleted steps, conditions, negations and code that must be skipped."""
    rng = random.Random(seed)
    out = ["---", "description: feature work 🚀", "---", ""]
    while len(out) < lines:
        thing = rng.choice(THINGS)
        shape = rng.randrange(5)
        out += [f"## {thing.capitalize()} ({len(out)})", ""]
        if shape == 0:
            out.append(
                f"{rng.choice(VERBS['planning'])} {thing}, {rng.choice(VERBS['coding']).lower()} it, "
                f"{rng.choice(VERBS['testing'])} it and {rng.choice(VERBS['documentation'])} it."
            )
        elif shape == 1:
            out.append(f"Context: {thing} is used by three teams; keep the public API stable.")
            out += [
                f"1. {rng.choice(VERBS['analysis'])} {thing} is slow",
                f"2. {rng.choice(VERBS['coding'])} the fix",
                f"3. Then {rng.choice(VERBS['testing'])} the fix",
                f"4. Finally {rng.choice(VERBS['review'])} the change",
            ]
        elif shape == 2:
            out += [
                f"- {rng.choice(VERBS['refactor'])} {thing}",
                f"- {rng.choice(VERBS['testing']).capitalize()} it",
                f"- If behaviour changes, {rng.choice(VERBS['documentation'])} it",
            ]
        elif shape == 3:
            out += ["```python", f"def {thing.split()[-1]}():", "    return 42", "```", ""]
            out.append(f"{rng.choice(VERBS['coding'])} {thing}, but don't write tests yet.")
        else:
            out.append(f"{rng.choice(VERBS['coding'])} {thing} and wait for my OK before merging.")
        out.append("")
    return "\n".join(out[:lines]) + "\n"


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=10, method="inclusive")
    return f"p50 {statistics.median(samples):7.2f} ms   p90 {cuts[8]:7.2f} ms   (n={len(samples)})"


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

        text = prompt_file(args.lines, seed=1)
        uri = from_fs_path(str(work / "prompts" / "big.md"))
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, text))
        )
        first_ms, count = await hints_ms(client, uri, 0, args.lines)
        print(f"prompt file: {args.lines} lines, {len(text):,} characters, {count} steps hinted")
        print(f"first request (routes the document):{first_ms:18.2f} ms")

        screen = (args.lines // 2, args.lines // 2 + 60)
        for label, (first, last) in (("whole document", (0, args.lines)), ("one screen (60 lines)", screen)):
            samples = [(await hints_ms(client, uri, first, last))[0] for _ in range(args.runs)]
            print(f"inlay hints, unchanged, {label + ':':30}{percentiles(samples)}")

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
            for _ in range(args.runs):
                started = time.perf_counter()
                await request()
                samples.append((time.perf_counter() - started) * 1000)
            print(f"{label}, unchanged, whole document: {' ' * (22 - len(label))}{percentiles(samples)}")

        version = 1
        lines = text.split("\n")
        for label, (first, last) in (("whole document", (0, args.lines)), ("one screen (60 lines)", screen)):
            samples = []
            for i in range(args.runs):
                version += 1
                line = (i * 37) % (args.lines - 10) + 5
                at = types.Position(line, min(3, len(lines[line])))
                client.text_document_did_change(
                    types.DidChangeTextDocumentParams(
                        text_document=types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                        content_changes=[types.TextDocumentContentChangePartial(types.Range(at, at), "x")],
                    )
                )
                samples.append((await hints_ms(client, uri, first, last))[0])
            print(f"inlay hints, after 1-char edit, {label + ':':23}{percentiles(samples)}")

        assert client._server is not None
        pid = client._server.pid
        before, _ = peak_rss_kib(pid)
        for n in range(args.documents):
            doc = prompt_file(args.lines, seed=100 + n)
            doc_uri = from_fs_path(str(work / "prompts" / f"doc{n}.md"))
            client.text_document_did_open(
                types.DidOpenTextDocumentParams(types.TextDocumentItem(doc_uri, "markdown", 1, doc))
            )
            await hints_ms(client, doc_uri, 0, args.lines)
        peak, now = peak_rss_kib(pid)
        print(
            f"server memory: peak RSS {before / 1024:.1f} MiB with 1 document, {peak / 1024:.1f} MiB with "
            f"{args.documents + 1} open and routed ({args.lines} lines each); RSS now {now / 1024:.1f} MiB"
        )
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--documents", type=int, default=50)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
