"""RouteSmith as an MCP server on stdio, built on the official `mcp` SDK (extra `routesmith-lsp[mcp]`).

Tools: `route`, `detect_host`, `record_outcome`, `performance`. Configuration is loaded per call, so
an edited `.routesmith.toml` applies without restarting the host's MCP connection. The workspace is the
directory the host started the server in.
"""

from __future__ import annotations

import functools
import inspect
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import msgspec
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from pydantic import ValidationError

from routesmith import __version__
from routesmith.errors import UserError
from routesmith.model import DEFAULT_CAPABILITY, Capability, OutcomeRecord, Preference, Source, TaskType

P = ParamSpec("P")
R = TypeVar("R")


def _user_errors_as_tool_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """A bad argument is the caller's to fix: report it as a tool error, not a server crash."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except UserError as exc:
            raise ToolError(str(exc)) from exc

    return wrapper


def _sentence(tool: str, exc: ToolError) -> str:
    """One clean sentence for the caller: the tool, the argument and what it must be; no validation
    library's wording, error codes or links, and no "Error executing tool" prefix."""
    cause = exc.__cause__
    if isinstance(cause, UserError):
        return str(cause)
    if isinstance(cause, ValidationError):
        problems = []
        for error in cause.errors(include_url=False):
            where = ".".join(str(part) for part in error["loc"]) or "arguments"
            what = (
                str(error["msg"])
                .replace("Input should be", "must be")
                .replace("Field required", "is required")
                .replace("a valid boolean, unable to interpret input", "true or false")
            )
            got = f", got {error['input']!r}" if error["type"] != "missing" else ""
            problems.append(f"{where} {what[:1].lower()}{what[1:]}{got}")
        return f"{tool}: {'; '.join(problems)}"
    return str(exc).removeprefix(f"Error executing tool {tool}: ")


class _Server(MCPServer):
    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        try:
            return await super().call_tool(name, arguments, context)
        except UnexpectedToolError:
            raise
        except ToolError as exc:
            raise ToolError(_sentence(name, exc)) from exc.__cause__


def build_server(workspace: Path) -> MCPServer:
    from routesmith.config import load_config
    from routesmith.hosts import detect, load_profiles
    from routesmith.limits import limit_note, routed_length
    from routesmith.service import build_context, merged, route_cost, route_document, route_json
    from routesmith.suggest import unknown_host
    from routesmith.telemetry import open_log

    server = _Server(
        "routesmith",
        version=__version__,
        instructions="Split a multi-step coding request into ordered steps routed to the right model on this "
        "host (`route`), and record how each step went (`record_outcome`) so routing learns.",
    )

    def environment() -> dict[str, str]:
        return dict(os.environ)

    def tool(fn: Callable[P, R]) -> Callable[P, R]:
        """Register `fn` as a tool described by its docstring without the source's indentation."""
        return server.tool(description=inspect.cleandoc(fn.__doc__ or ""))(_user_errors_as_tool_errors(fn))

    @tool
    def route(prompt: str, host: str | None = None, preference: Preference | None = None) -> dict[str, Any]:
        """Split a prompt into ordered steps; each gets a capability and a model (or, where the host
        cannot switch models, a prompt strategy). Steps have the keys of `routesmith explain --json`;
        `depends_on` names a step's direct predecessors. A prompt over the size limit is routed up to it,
        and `note` says what was left out."""
        if not prompt.strip():
            raise UserError("route: the prompt is empty")
        ctx = build_context(workspace, environment(), host=host, preference=preference)
        routed = merged(route_document(prompt[: routed_length(prompt)], None, ctx), ctx)
        result = route_json(routed, ctx.detection.source, route_cost(routed, ctx))
        if (head := routed_length(prompt)) < len(prompt):
            result["note"] = limit_note(prompt, head)
        return result

    @tool
    def detect_host() -> dict[str, Any]:
        """Which coding-agent host this server runs under, with the evidence used."""
        env = environment()
        config = load_config(workspace, env).config
        return msgspec.to_builtins(detect(env, workspace=workspace, config=config))

    @tool
    def record_outcome(
        host: str,
        model: str,
        task: TaskType,
        success: bool,
        capability: Capability | None = None,
        duration_ms: float | None = None,
        route_id: str | None = None,
        step_id: int | None = None,
    ) -> dict[str, Any]:
        """Record how one routed step went, so future routing on this host can learn from it. The
        capability defaults to the task's (as `routesmith record` does)."""
        if duration_ms is not None and duration_ms < 0:
            raise UserError("record_outcome: duration_ms must not be negative")
        config = load_config(workspace, environment()).config
        if host not in (profiles := load_profiles(config)):
            raise UserError(f"record_outcome: host: {unknown_host(host, profiles)}")
        settings = config.telemetry
        if not settings.enabled:
            return {"recorded": False, "reason": "telemetry is disabled in the RouteSmith config"}
        log = open_log(settings)
        record = OutcomeRecord(
            time=time.time(),
            host=host,
            model=model,
            task=task,
            capability=capability or DEFAULT_CAPABILITY[task],
            success=success,
            source=Source.MCP,
            duration_ms=duration_ms,
            route_id=route_id,
            step_id=step_id,
        )
        log.append(record)
        return {"recorded": True, "log": str(log.path)}

    @tool
    def performance(host: str | None = None) -> dict[str, Any]:
        """Outcome counts, success rate with a 95% interval and p50/p90 duration per (host, capability,
        model), from the telemetry log: the groups of `routesmith stats --format json`."""
        from routesmith.telemetry.stats import host_rows  # the groups of `routesmith stats`

        return {"groups": host_rows(load_config(workspace, environment()).config.telemetry, host)}

    return server


def serve(workspace: Path) -> None:
    from routesmith.telemetry.outbox import use_sender_thread

    use_sender_thread()  # a long-lived server sends outcomes from a thread, not a process per record
    build_server(workspace).run("stdio")
