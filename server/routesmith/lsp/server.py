"""The RouteSmith language server: the state the feature modules share, and the factory that wires them.

Feature modules (lifecycle, diagnostics, inlay_hints, hover, code_actions, commands, watched_files,
completion, outline, code_lens) each
expose `register(server)`; only they touch pygls decorators. Everything they need to agree on lives here:
the open documents, the per-folder routing contexts, the analysis cache and the "routes changed" fan-out.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import logging
import sys
from collections.abc import Awaitable, Callable, Coroutine
from importlib import import_module
from typing import Any, BinaryIO, ParamSpec, TypeVar
from urllib.parse import unquote

from cattrs import ClassValidationError, transform_error
from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.workspace import TextDocument

from routesmith import __version__
from routesmith.lsp.documents import Analyses, Analysis
from routesmith.lsp.folders import Folders
from routesmith.lsp.transport import readable_by_loop, serve_stdio

logger = logging.getLogger("routesmith.lsp")

FEATURES = (
    "routesmith.lsp.lifecycle",
    "routesmith.lsp.diagnostics",
    "routesmith.lsp.inlay_hints",
    "routesmith.lsp.hover",
    "routesmith.lsp.code_actions",
    "routesmith.lsp.commands",
    "routesmith.lsp.watched_files",
    "routesmith.lsp.session_import",
    "routesmith.lsp.completion",
    "routesmith.lsp.outline",
    "routesmith.lsp.code_lens",
)

P = ParamSpec("P")
R = TypeVar("R")
Listener = Callable[[], Awaitable[None] | None]


_WRITES: set[asyncio.Future[Any]] = set()


class Prebuilt:
    """A result already in JSON, sent as it is: a long document's hints and outline are serialized once per
    version, where pygls would convert thousands of objects again on every request."""

    __slots__ = ("json",)

    def __init__(self, json_text: str) -> None:
        self.json = json_text


class RouteSmithProtocol(LanguageServerProtocol):
    def to_json(self, value: Any) -> str:
        """`value` (an lsprotocol object) as pygls would send it: the same converter, ASCII-only JSON."""
        return json.dumps(self._converter.unstructure(value), separators=(",", ":"))

    def _send_response(self, msg_id: Any, result: Any | None = None, error: Any | None = None) -> None:
        if error is not None or not isinstance(result, Prebuilt):
            super()._send_response(msg_id, result, error)
            return
        self._result_types.pop(msg_id, None)
        body = f'{{"id":{json.dumps(msg_id)},"jsonrpc":"2.0","result":{result.json}}}'.encode()
        if self.writer is None:
            logger.error("no transport to answer request %s", msg_id)
            return
        content_type = f"{self.CONTENT_TYPE}; charset={self.CHARSET}"
        header = f"Content-Length: {len(body)}\r\nContent-Type: {content_type}\r\n\r\n"
        written = self.writer.write((header.encode() if self._include_headers else b"") + body)
        if inspect.isawaitable(written):  # an asynchronous transport: keep the write until it is done
            pending = asyncio.ensure_future(written)
            _WRITES.add(pending)
            pending.add_done_callback(_WRITES.discard)

    def structure_message(self, data: Any) -> Any:
        """pygls 2.1 drops a request whose params do not fit their type without answering it, and the
        client waits forever: answer it with InvalidParams naming what is wrong. Either way the error that
        reaches report_server_error (and the log) says which method and which fields."""
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if not isinstance(data, dict) or "method" not in data:
                raise
            cause = exc.__cause__
            details = "; ".join(transform_error(cause)) if isinstance(cause, ClassValidationError) else ""
            error = JsonRpcInvalidParams(
                f"{data['method']}: invalid params" + (f": {details}" if details else "")
            )
            if "id" in data:
                self._send_response(data["id"], error=error.to_response_error())
            raise error from exc


class _CallerErrorsInOneLine(logging.Filter):
    """pygls logs every error reply and every message it cannot read with a traceback. InvalidParams is the
    caller's mistake (junk command arguments, malformed params), and report_server_error already logs it in
    one line: drop pygls' record. Real faults keep their tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        # pygls logs from inside its `except` block, so the error being handled is the one it reports; params
        # that do not fit their type (ClassValidationError) become InvalidParams right after.
        error = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        return not isinstance(error, JsonRpcInvalidParams | ClassValidationError)


for _name in ("pygls.protocol.json_rpc", "pygls.server"):  # where pygls logs replies and unreadable input
    logging.getLogger(_name).addFilter(_CallerErrorsInOneLine())


class RouteSmithServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "routesmith",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=RouteSmithProtocol,
        )
        self.folders = Folders(self)
        self.analyses = Analyses(self)
        self.host_override: str | None = None  # routesmith.setHost for this session
        # Called (in order) after routes changed for a reason other than an edit: settings, config files,
        # telemetry, the host. Feature modules subscribe in register().
        self.rerouted: list[Listener] = []
        self.on_shutdown: list[Callable[[], None]] = []  # stop timers and watchers
        self._reroute_pending = False
        self._tasks: set[asyncio.Task[Any]] = set()

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """Serve on stdio, reading stdin on the event loop where it can (see transport)."""
        stdin, stdout = stdin or sys.stdin.buffer, stdout or sys.stdout.buffer
        if readable_by_loop(stdin):
            serve_stdio(self, stdin, stdout)
        else:
            super().start_io(stdin, stdout)

    # -- documents --------------------------------------------------------------------------------------

    def open_document(self, uri: str) -> TextDocument | None:
        """The open document at `uri`, or None. (pygls' get_text_document invents a disk-backed document for
        unknown URIs; its keys are percent-decoded, so a `%20` URI finds its document too.)"""
        return self.workspace.text_documents.get(unquote(uri))

    def analysis(self, uri: str) -> Analysis | None:
        """The routed analysis of an open, served document at its current version, else None."""
        document = self.open_document(uri)
        return None if document is None else self.analyses.get(document)

    def to_json(self, value: Any) -> str:
        """`value` (lsprotocol objects) as JSON in the form pygls sends it, for a `Prebuilt` result."""
        protocol = self.protocol
        assert isinstance(protocol, RouteSmithProtocol)
        return protocol.to_json(value)

    def supports(self, path: str) -> bool:
        return bool(get_capability(self.client_capabilities, path, False))  # type: ignore[call-overload]

    # -- background work --------------------------------------------------------------------------------

    def spawn(self, coroutine: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        """Run `coroutine` in the background, keeping a reference and logging (not raising) its failure."""
        task = asyncio.get_running_loop().create_task(coroutine, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            logger.error("%s failed: %s", task.get_name(), exc, exc_info=exc)

    def cancel_background(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def reroute(self, *, rebuild: bool = True) -> None:
        """Routes changed for every document (settings, config, telemetry, host): rebuild the contexts once,
        however many causes arrive in one go, then tell the listeners. `rebuild` false: the contexts stand
        (the client's settings, pulled after `initialized`, are what the documents opened before it were
        routed with), the listeners still run."""
        if rebuild:
            self.folders.invalidate()
        if self._reroute_pending:
            return
        self._reroute_pending = True
        self.spawn(self._rerouted(), "reroute")

    async def _rerouted(self) -> None:
        self._reroute_pending = False
        for listener in self.rerouted:
            try:
                result = listener()
                if result is not None:
                    await result
            except Exception:
                logger.exception(
                    "updating after a route change failed in %s", getattr(listener, "__name__", "?")
                )

    # -- errors -----------------------------------------------------------------------------------------

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log instead of pygls' default pop-up: a failed notification is for the log, not the user."""
        if isinstance(error, JsonRpcInvalidParams):
            logger.warning("%s", error.message)  # the caller's mistake, answered as such
        elif isinstance(error, JsonRpcException):
            logger.error("%s", error.message)
        else:
            logger.error("%s: %s", getattr(source, "__name__", source), error)


def guarded(empty: Callable[[], R]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """One failing feature logs its traceback and answers `empty()`; the server and the other features keep
    working. (The wrapper keeps the signature, so pygls still injects the server as `ls`.)"""

    def decorator(handler: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(handler)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return handler(*args, **kwargs)
            except Exception:
                logger.exception("%s failed", handler.__name__)
                return empty()

        return wrapper

    return decorator


def create_server() -> RouteSmithServer:
    server = RouteSmithServer()
    for name in FEATURES:
        import_module(name).register(server)
    return server
