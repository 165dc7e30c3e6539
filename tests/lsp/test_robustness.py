"""Nothing a client sends kills the server: invalid params, unknown documents, huge and binary documents,
rapid edits, cancellation, percent-encoded URIs."""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from tests.lsp.conftest import server_env, start, wait_until

SEED = "Plan this feature, implement it, add tests, and write docs"


async def alive(session) -> None:
    uri = session.open(f"prompts/alive-{time.monotonic_ns()}.md", SEED)
    assert len(await session.hints(uri)) == 4


class RawClient:
    """JSON-RPC by hand, for what a typed client refuses to send."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.next_id = 0
        self.logged: list[str] = []

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while (line := await self.process.stdout.readline()) not in (b"\r\n", b""):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(await self.process.stdout.readexactly(length))

    async def request(self, method: str, params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while (message := await asyncio.wait_for(self.receive(), 20)).get("id") != self.next_id:
            if "method" in message and "id" in message:  # a request of the server's: answer it
                self.send({"id": message["id"], "result": None})
            elif message.get("method") == "window/logMessage":
                self.logged.append(message["params"]["message"])
        return message


async def raw_server(tmp_path: Path) -> asyncio.subprocess.Process:
    """`routesmith lsp` on pipes, as editors start it."""
    (tmp_path / "home").mkdir()
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "routesmith",
        "lsp",
        env=server_env(tmp_path),
        cwd=tmp_path,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_invalid_params_get_an_error_response_and_the_server_lives(tmp_path: Path) -> None:
    process = await raw_server(tmp_path)
    raw = RawClient(process)
    uri = (tmp_path / "prompts" / "a.md").as_uri()
    try:
        assert "result" in await raw.request(
            "initialize", {"processId": None, "rootUri": None, "capabilities": {}}
        )
        raw.send({"method": "initialized", "params": {}})
        raw.send({"method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri}}})  # no text
        raw.send({"method": "textDocument/didChange", "params": [1, 2, 3]})
        raw.send({"method": "$/unknownNotification", "params": {}})
        for method, params in [
            ("textDocument/inlayHint", {"textDocument": 5}),
            ("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": "one"}}),
            ("textDocument/codeAction", None),
            ("workspace/executeCommand", {"command": "routesmith.nope", "arguments": []}),
            ("workspace/executeCommand", {"command": "routesmith.recordOutcome", "arguments": [[]]}),
            ("routesmith/notAMethod", {}),
        ]:
            reply = await raw.request(method, params)
            assert "error" in reply and reply["error"]["code"] < 0, (method, reply)
            if method == "textDocument/inlayHint":
                assert reply["error"]["code"] == -32602
                assert (
                    "invalid params" in reply["error"]["message"]
                    and "text_document" in reply["error"]["message"]
                )
        item = {"uri": uri, "languageId": "markdown", "version": 1, "text": SEED}
        raw.send({"method": "textDocument/didOpen", "params": {"textDocument": item}})
        whole = {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}
        reply = await raw.request("textDocument/inlayHint", {"textDocument": {"uri": uri}, "range": whole})
        assert len(reply["result"]) == 4
        # The broken notifications were logged to the client, naming the method.
        assert any(m.startswith("textDocument/didOpen: invalid params") for m in raw.logged), raw.logged
        # Junk command arguments are the caller's mistake: one line in the log, no traceback anywhere.
        junk = [m for m in raw.logged if m.startswith("routesmith.recordOutcome: ")]
        assert len(junk) == 1 and "\n" not in junk[0], raw.logged
        assert "result" in await raw.request("shutdown", None)
        raw.send({"method": "exit"})
        assert await asyncio.wait_for(process.wait(), 20) == 0
        assert process.stderr is not None
        stderr = (await process.stderr.read()).decode()
        assert "JsonRpcInvalidParams" not in stderr and "recordOutcome" not in stderr, stderr
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_unknown_documents_get_empty_results(lsp) -> None:
    uri = lsp.uri("prompts/never-opened.md")
    assert await lsp.hints(uri) == []
    assert await lsp.hover(uri, 0) is None
    lsp.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="x")],
        )
    )
    lsp.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=uri)))
    await alive(lsp)


async def test_binary_junk_is_survived(lsp) -> None:
    rng = random.Random(4)
    alphabet = [0, 7, 12, 27, 0x85, 0x2028, 0xFFFD, 0x1F600]
    junk = "".join(chr(rng.choice([*alphabet, rng.randrange(32, 0x3000)])) for _ in range(20_000))
    uri = lsp.open("prompts/junk.md", junk + "\n" + SEED)
    await lsp.hints(uri)
    await lsp.hover(uri, 10)
    await lsp.actions(uri, 10)
    lsp.edit(uri, 5, 9, "\x00\x01🙂")
    await lsp.hints(uri)
    await alive(lsp)


async def test_a_huge_document_stays_responsive(lsp) -> None:
    paragraph = (
        "## Step group {i}\n\nPlan part {i}, implement it, add tests and document it.\nSome context line.\n\n"
    )
    text = "".join(paragraph.format(i=i) for i in range(20_000))  # 100,000 lines, 1.9 million characters
    assert text.count("\n") == 100_000
    uri = lsp.open("prompts/huge.md", text)
    started = time.monotonic()
    head = await lsp.hints(uri, lines=(0, 100))
    first = time.monotonic() - started
    assert len(head) == 4 * 20  # 20 paragraphs of 4 steps in the first 100 lines
    assert await lsp.hints(uri, lines=(99_900, 100_000)) == []  # past the routed head
    await wait_until(lambda: any(d.code == "too-long" for d in lsp.diagnostics_for(uri)), "the too-long note")
    lsp.edit(uri, 0, 0, "x")
    started = time.monotonic()
    assert await lsp.hints(uri, lines=(0, 10))
    again = time.monotonic() - started
    assert first < 60 and again < 60, (first, again)  # no hang: the timings are bench/bench_scale.py's
    await alive(lsp)


async def test_rapid_edits_end_in_the_right_state(lsp) -> None:
    uri = lsp.open("prompts/typing.md", "")
    for char in SEED:
        lsp.edit(uri, len(lsp.texts[uri]), len(lsp.texts[uri]), char)
    hints = await lsp.hints(uri)
    assert [h.label.split(" · ")[0] for h in hints] == ["planning", "coding", "testing", "documentation"]
    assert hints[-1].position == lsp.position(uri, len(SEED))


async def test_cancelled_requests_do_not_hurt(lsp) -> None:
    uri = lsp.open("prompts/cancel.md", SEED)
    params = types.InlayHintParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(types.Position(0, 0), types.Position(1, 0)),
    )
    pending = [
        lsp.protocol.send_request_async(types.TEXT_DOCUMENT_INLAY_HINT, params, msg_id=f"cancel-{i}")
        for i in range(20)
    ]
    stats = lsp.protocol.send_request_async(
        types.WORKSPACE_EXECUTE_COMMAND,
        types.ExecuteCommandParams(command="routesmith.showStats", arguments=[{}]),
        msg_id="cancel-stats",
    )
    for i in range(20):
        lsp.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=f"cancel-{i}"))
    lsp.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="cancel-stats"))
    for outcome in await asyncio.gather(*pending, stats, return_exceptions=True):
        assert not isinstance(outcome, Exception) or isinstance(outcome, JsonRpcException), outcome
    await alive(lsp)


INITIALIZE = {"processId": None, "rootUri": None, "capabilities": {}}


async def test_a_header_line_longer_than_any_header_is_skipped(tmp_path: Path) -> None:
    """stdin is read on the event loop, a header line at most 1 MiB long (lsp.transport): a longer line is
    skipped as one unknown header, and the messages after it are answered."""
    process = await raw_server(tmp_path)
    raw = RawClient(process)
    try:
        assert "result" in await raw.request("initialize", INITIALIZE)
        assert process.stdin is not None
        process.stdin.write(b"X-Junk: " + b"x" * (3 << 20) + b"\r\n")
        assert "result" in await raw.request("shutdown", None)
        raw.send({"method": "exit"})
        assert await asyncio.wait_for(process.wait(), 20) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_a_client_that_leaves_mid_message_ends_the_server_quietly(tmp_path: Path) -> None:
    process = await raw_server(tmp_path)
    raw = RawClient(process)
    try:
        assert "result" in await raw.request("initialize", INITIALIZE)
        assert process.stdin is not None
        process.stdin.write(b'Content-Length: 100\r\n\r\n{"jsonrpc": "2.0", ')
        process.stdin.close()
        assert await asyncio.wait_for(process.wait(), 20) == 0
        assert process.stderr is not None
        assert "Traceback" not in (await process.stderr.read()).decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def test_stdin_from_a_file_is_served_too(tmp_path: Path) -> None:
    """What asyncio cannot watch (a regular file) is read as pygls reads it: every message answered."""
    (tmp_path / "home").mkdir()
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": INITIALIZE},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    bodies = [json.dumps(message).encode() for message in messages]
    (tmp_path / "in.bin").write_bytes(b"".join(b"Content-Length: %d\r\n\r\n%s" % (len(b), b) for b in bodies))
    with (tmp_path / "in.bin").open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "routesmith", "lsp"],
            stdin=stdin,
            capture_output=True,
            env=server_env(tmp_path),
            cwd=tmp_path,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr.decode()
    replies = {}
    rest = done.stdout
    while rest:
        header, _, rest = rest.partition(b"\r\n\r\n")
        length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
        message, rest = json.loads(rest[:length]), rest[length:]
        replies[message.get("id")] = message
    assert "capabilities" in replies[1]["result"] and "result" in replies[2], replies


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals")
def test_a_terminal_is_left_blocking(tmp_path: Path) -> None:
    """Run by hand in a terminal, the server reads it as pygls does: asyncio would leave the terminal
    non-blocking, and the shell after it failing its reads."""
    import tty  # POSIX only

    (tmp_path / "home").mkdir()
    leader, terminal = os.openpty()
    tty.setraw(terminal)  # "\r\n" stays "\r\n"
    try:
        server = subprocess.Popen(
            [sys.executable, "-m", "routesmith", "lsp"],
            stdin=terminal,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=server_env(tmp_path),
            cwd=tmp_path,
        )
        for message in ({"id": 1, "method": "shutdown", "params": None}, {"method": "exit"}):
            body = json.dumps({"jsonrpc": "2.0", **message}).encode()
            os.write(leader, b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        assert server.wait(60) == 0
        assert os.get_blocking(terminal)
    finally:
        os.close(leader)
        os.close(terminal)


async def test_a_percent_encoded_folder(tmp_path: Path) -> None:
    session = await start(
        tmp_path, "vscode", workspace=tmp_path / "my work", settings={"host": "claude_code"}
    )
    try:
        uri = session.open(".claude/agents/x.md", "---\nmodel: gpt-4o\n---\n" + SEED)
        assert "%20" in uri
        assert len(await session.hints(uri)) == 4
        await wait_until(lambda: session.diagnostics_for(uri), "diagnostics under the client's URI spelling")
        actions = await session.actions(uri, len(session.texts[uri]) - 3)
        edit = actions["RouteSmith: Pin suggested models in frontmatter"].edit
        assert edit.document_changes[0].text_document.uri == uri
    finally:
        await session.shutdown_session()
        await session.stop()


async def test_the_server_exits_when_told(tmp_path: Path) -> None:
    session = await start(tmp_path, "neovim")
    await session.shutdown_session()
    assert session._server is not None
    assert session._server.returncode == 0
    await session.stop()


async def test_more_documents_than_the_cache_holds(lsp) -> None:
    uris = [lsp.open(f"prompts/many-{i}.md", f"{'🙂' * i} {SEED}") for i in range(24)]
    for _ in range(2):  # the second round routes the evicted ones again
        for i, uri in enumerate(uris):
            hints = await lsp.hints(uri)
            assert len(hints) == 4
            assert hints[-1].position == lsp.position(uri, i + 1 + len(SEED))


async def test_mangled_frontmatter_of_every_format_is_survived(lsp) -> None:
    """Completion at any offset, the outline, folding, the code lens and quick fixes on frontmatter (or a
    TOML command) mangled with YAML's and TOML's special characters: answers, never a failing handler in
    the log."""
    from tests.lsp.formats import EVERY_KIND, fixture

    rng = random.Random(17)
    specials = [":", "-", "[", "]", "{", "}", ",", '"', "'", "#", "\n", " ", "\t", "|", ">", "🙂", "---\n"]
    specials += ["=", '"""', "\\"]  # TOML's
    for path in EVERY_KIND:
        text = fixture(path)
        uri = lsp.open(path, text)
        for _ in range(4):
            mangled = text
            for _ in range(6):
                at = rng.randrange(0, min(len(mangled), 160))
                mangled = mangled[:at] + rng.choice(specials) + mangled[at:]
            lsp.edit(uri, 0, len(lsp.texts[uri]), mangled)
            for offset in sorted(rng.sample(range(len(mangled) + 1), 8)):
                await lsp.text_document_completion_async(
                    types.CompletionParams(
                        text_document=types.TextDocumentIdentifier(uri=uri),
                        position=lsp.position(uri, offset),
                    )
                )
            document = types.TextDocumentIdentifier(uri=uri)
            await lsp.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=document))
            await lsp.text_document_folding_range_async(types.FoldingRangeParams(text_document=document))
            await lsp.text_document_code_lens_async(types.CodeLensParams(text_document=document))
            await lsp.actions(uri, 5, diagnostics=lsp.diagnostics_for(uri))
    await alive(lsp)
    failures = [m.message for m in lsp.log_messages if m.type == types.MessageType.Error]
    assert failures == [], failures[:5]
