"""Start-up, negotiation, settings from both sources and their changes without a restart, status, TCP."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.uris import from_fs_path
from tests.lsp.conftest import LanguageClient, Session, capabilities, server_env, start, wait_until

from routesmith import __version__

SEED = "Plan this feature, implement it, add tests, and write docs"


@pytest.mark.parametrize(
    ("client", "encoding"), [("vscode", "utf-16"), ("neovim", "utf-8"), ("utf32", "utf-32")]
)
async def test_initialize_negotiates_encoding_and_advertises_the_features(
    tmp_path: Path, client: str, encoding: str
) -> None:
    session = Session(client, tmp_path / "work", tmp_path / "telemetry.rslog")
    (tmp_path / "work").mkdir()
    await session.start_io(sys.executable, "-m", "routesmith", "lsp", "--stdio", env=server_env(tmp_path))
    try:
        result = await session.initialize_session(
            types.InitializeParams(
                capabilities=capabilities(client), root_uri=from_fs_path(str(tmp_path / "work"))
            )
        )
        assert result.server_info == types.ServerInfo(name="routesmith", version=__version__)
        caps = result.capabilities
        assert caps.position_encoding == encoding
        assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
        assert caps.inlay_hint_provider and caps.hover_provider and caps.code_action_provider
        assert sorted(caps.execute_command_provider.commands) == [
            "routesmith.explainRoute",
            "routesmith.recordOutcome",
            "routesmith.setHost",
            "routesmith.showStats",
        ]
    finally:
        await session.shutdown_session()
        await session.stop()


async def test_status_after_initialized(lsp) -> None:
    assert lsp.statuses[0] == {
        "host": "generic",
        "display": "Generic host",
        "canSwitch": False,
        "source": "default",
        "switchModes": ["none"],
    }


@pytest.mark.parametrize(("pulled", "routings"), [({}, 1), ({"host": "cursor"}, 2)])
async def test_a_tab_opened_before_the_settings_are_pulled_is_routed_again_only_if_they_change(
    tmp_path: Path, pulled: dict[str, str], routings: int
) -> None:
    """An editor opens its tabs right after `initialized`: they are routed with the initialization options,
    and again once the pulled settings arrive only if those change anything (here the host)."""
    options = {"host": "claude_code", "logLevel": "debug"}
    session = await start(
        tmp_path, "vscode", init_options=options, settings=pulled, opened={"prompts/a.md": SEED}
    )
    try:
        uri = session.uri("prompts/a.md")
        hints = await session.hints(uri)  # answered after the re-routing the pull may bring
        routed = [m.message for m in session.log_messages if m.message.startswith("routed prompts/a.md ")]
        assert len(routed) == routings, routed
        assert session.statuses[-1]["host"] == pulled.get("host", "claude_code")
        tasks = ["planning", "coding", "testing", "documentation"]
        assert [h.label.split(" · ")[0] for h in hints] == tasks
    finally:
        await session.shutdown_session()
        await session.stop()


@pytest.mark.parametrize("wrapped", [False, True])
async def test_initialization_options_in_either_shape(tmp_path: Path, wrapped: bool) -> None:
    options = {"host": "codex", "hints": {"showCapability": False}}
    client = capabilities("neovim")
    client.workspace.configuration = False  # nothing to pull: initializationOptions are all there is
    session = await start(
        tmp_path,
        "neovim",
        init_options={"routesmith": options} if wrapped else options,
        client_capabilities=client,
    )
    try:
        uri = session.open("prompts/a.md", SEED)
        assert (await session.hints(uri))[0].label == "planning · gpt-5.5"
        assert session.statuses[-1]["source"] == "settings:routesmith.host"
    finally:
        await session.shutdown_session()
        await session.stop()


async def test_a_bad_setting_is_named_once_and_falls_back_to_its_default(tmp_path: Path) -> None:
    session = await start(
        tmp_path,
        "vscode",
        settings={"host": "claude_code", "hints": {"maxLength": 3}, "server": {"command": []}},
    )
    try:
        uri = session.open("prompts/a.md", SEED)
        assert (await session.hints(uri))[0].label == "planning · deep_reasoning · opus"  # default length
        await wait_until(lambda: session.messages, "window/showMessage")
        named = [m.message for m in session.messages if "routesmith.hints.maxLength" in m.message]
        assert named == ["RouteSmith: routesmith.hints.maxLength: Expected `int` >= 16"]
        assert not any("server" in m.message for m in session.messages)  # client-only keys are ignored
    finally:
        await session.shutdown_session()
        await session.stop()


async def test_settings_change_without_restart(claude) -> None:
    uri = claude.open("prompts/a.md", SEED)
    assert (await claude.hints(uri))[0].label == "planning · deep_reasoning · opus"
    refreshes = claude.refreshes
    await claude.change_settings(
        {"host": "claude_code", "preference": "cost", "hints": {"showCapability": False}}
    )
    await wait_until(lambda: claude.refreshes > refreshes, "workspace/inlayHint/refresh")
    assert (await claude.hints(uri))[0].label == "planning · sonnet"  # cost: the cheaper deep_reasoning model
    await claude.change_settings({"host": "cursor"})
    await wait_until(lambda: claude.statuses[-1]["host"] == "cursor", "routesmith/status for cursor")
    assert (await claude.hints(uri))[0].label == "planning · deep_reasoning · no switch: plan first"


async def test_push_only_clients_apply_the_pushed_settings(tmp_path: Path) -> None:
    client = capabilities("neovim")
    client.workspace.configuration = False
    session = await start(tmp_path, "neovim", client_capabilities=client)
    try:
        uri = session.open("prompts/a.md", SEED)
        session.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"routesmith": {"host": "gemini_cli"}})
        )
        await wait_until(lambda: session.statuses[-1]["host"] == "gemini_cli", "routesmith/status")
        assert (await session.hints(uri))[0].label == "planning · deep_reasoning · pro"
    finally:
        await session.shutdown_session()
        await session.stop()


async def test_tcp_for_debugging(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "routesmith", "lsp", "--tcp", f"127.0.0.1:{port}"],
        env=server_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    client = LanguageClient()
    try:
        for _ in range(200):
            try:
                await client.start_tcp("127.0.0.1", port)
                break
            except OSError:
                await asyncio.sleep(0.05)
        result = await client.initialize_session(types.InitializeParams(capabilities=capabilities("vscode")))
        assert result.server_info.name == "routesmith"
        assert server.stderr is not None
        assert f"listening on 127.0.0.1:{port}" in server.stderr.readline().decode()
        await client.shutdown_session()
        assert server.wait(timeout=20) == 0  # `exit` after `shutdown` ends the TCP server too
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        with contextlib.suppress(ConnectionResetError):  # the server closed the socket first
            await client.stop()


def test_bad_tcp_address_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "routesmith", "lsp", "--tcp", "nowhere"],
        env=server_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "expected HOST:PORT" in result.stderr
