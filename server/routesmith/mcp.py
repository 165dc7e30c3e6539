"""RouteSmith as an MCP server on stdio, built on the official `mcp` SDK (extra `routesmith-lsp[mcp]`).

Tools: `route`, `detect_host`, `record_outcome`, `performance`. Configuration is loaded per call, so
an edited `.routesmith.toml` applies without restarting the host's MCP connection. The workspace is the
directory the host started the server in.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import msgspec
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

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


def build_server(workspace: Path) -> MCPServer:
    from routesmith.config import load_config
    from routesmith.hosts import detect
    from routesmith.limits import limit_note, routed_length
    from routesmith.service import explain, route_json
    from routesmith.telemetry import open_log

    server = MCPServer(
        "routesmith",
        version=__version__,
        instructions="Split a multi-step coding request into ordered steps routed to the right model on this "
        "host (`route`), and record how each step went (`record_outcome`) so routing learns.",
    )

    def environment() -> dict[str, str]:
        return dict(os.environ)

    @server.tool()
    @_user_errors_as_tool_errors
    def route(prompt: str, host: str | None = None, preference: Preference | None = None) -> dict[str, Any]:
        """Split a prompt into ordered steps; each gets a capability and a model (or, where the host
        cannot switch models, a prompt strategy). Steps have the keys of `routesmith explain --json`;
        `depends_on` names a step's direct predecessors. A prompt over the size limit is routed up to it,
        and `note` says what was left out."""
        if not prompt.strip():
            raise UserError("route: the prompt is empty")
        routed = explain(prompt, host=host, preference=preference, cwd=workspace, env=environment())
        result = route_json(routed)
        if (head := routed_length(prompt)) < len(prompt):
            result["note"] = limit_note(prompt, head)
        return result

    @server.tool()
    @_user_errors_as_tool_errors
    def detect_host() -> dict[str, Any]:
        """Which coding-agent host this server runs under, with the evidence used."""
        env = environment()
        config = load_config(workspace, env).config
        return msgspec.to_builtins(detect(env, workspace=workspace, config=config))

    @server.tool()
    @_user_errors_as_tool_errors
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
        """Record how one routed step went, so future routing on this host can learn from it."""
        if duration_ms is not None and duration_ms < 0:
            raise UserError("record_outcome: duration_ms must not be negative")
        settings = load_config(workspace, environment()).config.telemetry
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

    @server.tool()
    @_user_errors_as_tool_errors
    def performance(host: str | None = None) -> dict[str, Any]:
        """Outcome counts, success rate with a 95% interval and p50/p90 duration per (host, capability,
        model), from the telemetry log: the groups of `routesmith stats --format json`."""
        from routesmith.telemetry.stats import host_rows  # the groups of `routesmith stats`

        return {"groups": host_rows(load_config(workspace, environment()).config.telemetry, host)}

    return server


def serve(workspace: Path) -> None:
    build_server(workspace).run("stdio")
