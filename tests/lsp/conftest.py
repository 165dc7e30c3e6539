"""End-to-end fixtures: a real `routesmith lsp` subprocess driven over stdio by pytest-lsp's client.

Client capabilities come from tests/lsp/clients/: `neovim_v0.11.json` is pytest-lsp's Neovim 0.11 capture
unchanged (utf-8 first, no dynamic registration of watched files, inlay-hint refresh); `vscode.json` is its
VS Code 1.65.2 capture with what current VS Code adds (utf-16, inlay hints and their refresh, watched files
with relative patterns). The `utf32` client is the Neovim capture offering utf-32 first.

Every server gets its own HOME, XDG directories, user config path and telemetry log under tmp_path and
no host markers in its environment, so the host is `generic` unless a test sets `routesmith.host`.
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
import pytest_asyncio
from lsprotocol import types
from pygls.protocol import default_converter
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient
from pytest_lsp.client import register_lsp_features

from routesmith.model import OutcomeRecord, TelemetrySettings
from routesmith.telemetry import open_log

CLIENTS = Path(__file__).with_name("clients")
ENCODING_OF = {"vscode": "utf-16", "neovim": "utf-8", "utf32": "utf-32"}
TIMEOUT = 20.0
T = TypeVar("T")


def capabilities(client: str) -> types.ClientCapabilities:
    name = {"vscode": "vscode", "neovim": "neovim_v0.11", "utf32": "neovim_v0.11"}[client]
    raw = json.loads((CLIENTS / f"{name}.json").read_text(encoding="utf-8"))["capabilities"]
    if client == "utf32":
        raw = copy.deepcopy(raw)
        raw["general"]["positionEncodings"] = ["utf-32", "utf-8", "utf-16"]
    return default_converter().structure(raw, types.ClientCapabilities)


def units(text: str, encoding: str) -> int:
    """Length of `text` in the code units of a position encoding."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def position_at(text: str, offset: int, encoding: str) -> types.Position:
    """The LSP position of code-point `offset`, measured independently of pygls."""
    before = text[:offset]
    line = before.count("\n")
    column = before[before.rfind("\n") + 1 :]
    return types.Position(line=line, character=units(column, encoding))


def offset_at(text: str, position: types.Position, encoding: str) -> int:
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    count = 0
    for i, char in enumerate(line):
        if count >= position.character:
            return start + i
        count += units(char, encoding)
    return start + len(line)


def apply_edits(text: str, edits: Sequence[types.TextEdit], encoding: str) -> str:
    """Apply TextEdits (non-overlapping, any order) the way an editor in `encoding` does."""
    spans = [
        (offset_at(text, e.range.start, encoding), offset_at(text, e.range.end, encoding), e.new_text)
        for e in edits
    ]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def edits_for(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    if edit.document_changes:
        return [
            e for change in edit.document_changes if change.text_document.uri == uri for e in change.edits
        ]
    return list((edit.changes or {}).get(uri, []))


def server_env(root: Path) -> dict[str, str]:
    home = root / "home"
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "ROUTESMITH_CONFIG": str(root / "user-config.toml"),
        "ROUTESMITH_TELEMETRY_PATH": str(root / "telemetry.rslog"),
        **{k: os.environ[k] for k in ("PYTHONPATH",) if k in os.environ},
    }


class Session(LanguageClient):
    """pytest-lsp's client (so its plugin still reports the server's log and protocol errors) plus what
    the tests need: the documents' texts as the editor has them, and the requests the server sent."""

    def __init__(self, name: str, workspace: Path, telemetry: Path) -> None:
        super().__init__(converter_factory=default_converter)
        register_lsp_features(self)
        self.name = name  # vscode | neovim | utf32
        self.workspace = workspace
        self.telemetry = telemetry
        self.registrations: list[types.Registration] = []
        self.unregistrations: list[types.Unregistration] = []
        self.refreshes = 0
        self.lens_refreshes = 0
        self.statuses: list[dict[str, Any]] = []
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

    @property
    def encoding(self) -> str:
        return ENCODING_OF[self.name]

    def uri(self, relative: str) -> str:
        uri = from_fs_path(str(self.workspace / relative))
        assert uri is not None
        return uri

    def open(self, relative: str, text: str, *, write: bool = True) -> str:
        """Open a document with `text` (also written to disk unless `write` is false)."""
        path = self.workspace / relative
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        uri = self.uri(relative)
        self.texts[uri], self.versions[uri] = text, 1
        self.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
            )
        )
        return uri

    def edit(self, uri: str, start: int, end: int, new: str) -> None:
        """An incremental change replacing code points [start, end), sent in the negotiated encoding."""
        text = self.texts[uri]
        change = types.TextDocumentContentChangePartial(
            range=types.Range(position_at(text, start, self.encoding), position_at(text, end, self.encoding)),
            text=new,
        )
        self.texts[uri] = text[:start] + new + text[end:]
        self.versions[uri] += 1
        self.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                content_changes=[change],
            )
        )

    def position(self, uri: str, offset: int) -> types.Position:
        return position_at(self.texts.get(uri, ""), offset, self.encoding)

    async def hints(self, uri: str, lines: tuple[int, int] | None = None) -> list[types.InlayHint]:
        first, last = lines or (0, self.texts.get(uri, "").count("\n") + 1)
        result = await self.text_document_inlay_hint_async(
            types.InlayHintParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(types.Position(first, 0), types.Position(last, 0)),
            )
        )
        return list(result or [])

    async def hover(self, uri: str, offset: int) -> types.Hover | None:
        return await self.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=self.position(uri, offset)
            )
        )

    async def actions(
        self, uri: str, offset: int, diagnostics: Sequence[types.Diagnostic] = ()
    ) -> dict[str, types.CodeAction | types.Command]:
        at = self.position(uri, offset)
        result = await self.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(at, at),
                context=types.CodeActionContext(diagnostics=list(diagnostics)),
            )
        )
        return {action.title: action for action in result or []}

    def applied(self, uri: str, action: types.CodeAction | types.Command) -> str:
        assert isinstance(action, types.CodeAction) and action.edit is not None, action
        return apply_edits(self.texts[uri], edits_for(action.edit, uri), self.encoding)

    async def command(self, name: str, *arguments: Any) -> Any:
        return await self.workspace_execute_command_async(
            types.ExecuteCommandParams(command=name, arguments=list(arguments))
        )

    def records(self) -> list[OutcomeRecord]:
        return list(open_log(TelemetrySettings(path=str(self.telemetry))).iter_records())

    def diagnostics_for(self, uri: str) -> list[types.Diagnostic]:
        return list(self.diagnostics.get(uri, []))

    async def change_settings(self, settings: dict[str, Any]) -> None:
        self.set_configuration({"routesmith": settings})
        self.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))


async def wait_until(predicate: Callable[[], object], what: str, timeout: float = TIMEOUT) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def eventually(probe: Callable[[], Awaitable[T]], check: Callable[[T], object], what: str) -> T:
    """Ask again until the answer passes `check` (for effects that arrive asynchronously)."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while not check(answer := await probe()):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last answer: {answer!r}")
        await asyncio.sleep(0.05)
    return answer


async def start(
    tmp_path: Path,
    name: str,
    *,
    settings: dict[str, Any] | None = None,
    init_options: object = None,
    workspace: Path | None = None,
    client_capabilities: types.ClientCapabilities | None = None,
    env: dict[str, str] | None = None,
    folder_settings: dict[str, Any] | None = None,
    opened: dict[str, str] | None = None,
) -> Session:
    """A server under `name`'s capabilities; `env` replaces server_env(tmp_path), `folder_settings` is the
    client's answer for the workspace folder's scope (over `settings`, the global answer). `opened`:
    documents (path -> text) opened right after `initialized`, before the server pulls the settings, as an
    editor reopens its tabs."""
    workspace = workspace or tmp_path / "work"
    workspace.mkdir(parents=True, exist_ok=True)
    (tmp_path / "home").mkdir(exist_ok=True)
    session = client = Session(name, workspace, tmp_path / "telemetry.rslog")

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams) -> None:
        session.registrations += params.registrations

    @client.feature(types.CLIENT_UNREGISTER_CAPABILITY)
    def unregister_capability(params: types.UnregistrationParams) -> None:
        session.unregistrations += params.unregisterations

    @client.feature(types.WORKSPACE_INLAY_HINT_REFRESH)
    def inlay_hint_refresh(params: None) -> None:
        session.refreshes += 1

    @client.feature(types.WORKSPACE_CODE_LENS_REFRESH)
    def code_lens_refresh(params: None) -> None:
        session.lens_refreshes += 1

    @client.feature("routesmith/status")
    def status(params: Any) -> None:
        # pygls hands a custom notification's params over as a namedtuple
        session.statuses.append(params if isinstance(params, dict) else params._asdict())

    client.set_configuration({"routesmith": settings or {}})
    root_uri = from_fs_path(str(workspace))
    if folder_settings is not None:
        client.set_configuration({"routesmith": folder_settings}, scope_uri=root_uri)
    await client.start_io(
        sys.executable, "-m", "routesmith", "lsp", env=env or server_env(tmp_path), cwd=str(tmp_path)
    )
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities or capabilities(name),
            root_uri=root_uri,
            workspace_folders=[types.WorkspaceFolder(uri=root_uri, name=workspace.name)],
            initialization_options=init_options,
            client_info=types.ClientInfo(name=f"pytest-lsp as {name}"),
        )
    )
    for relative, text in (opened or {}).items():
        session.open(relative, text)
    await wait_until(lambda: session.statuses, "routesmith/status after initialized")
    return session


@pytest_asyncio.fixture(params=["vscode", "neovim"])
async def lsp(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Session]:
    """A server for the generic host (cannot switch models) under each client."""
    session = await start(tmp_path, request.param)
    yield session
    await session.shutdown_session()
    await session.stop()


@pytest_asyncio.fixture(params=["vscode", "neovim", "utf32"])
async def claude(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Session]:
    """A server routing for Claude Code (switches models; reads `model:` in .claude/agents) under each
    client and position encoding."""
    session = await start(tmp_path, request.param, settings={"host": "claude_code"})
    yield session
    await session.shutdown_session()
    await session.stop()
