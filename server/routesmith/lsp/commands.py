"""`workspace/executeCommand`: routesmith.recordOutcome, routesmith.explainRoute, routesmith.showStats and
routesmith.setHost.

Each takes one argument, an object with camelCase keys, validated by a msgspec Struct. pygls is handed
`*arguments` so it passes the raw JSON through; a bad argument answers InvalidParams (-32602) naming the
key (`durationMs: Expected `float` >= 0.0`), never a crash.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import Annotated, Any, TypeVar

import msgspec
from lsprotocol import types
from pygls.exceptions import JsonRpcInternalError, JsonRpcInvalidParams

from routesmith.errors import UserError
from routesmith.hosts import load_profiles
from routesmith.lsp.documents import Analysis, PlannedPart
from routesmith.lsp.folders import Folder
from routesmith.lsp.lifecycle import status
from routesmith.lsp.server import RouteSmithServer
from routesmith.model import (
    DEFAULT_CAPABILITY,
    Capability,
    Decomposition,
    OutcomeRecord,
    Source,
    Step,
    TaskType,
    TelemetrySettings,
)
from routesmith.service import route_decomposition, route_json
from routesmith.suggest import unknown_host
from routesmith.telemetry import open_log

logger = logging.getLogger("routesmith.lsp")

RECORD_OUTCOME = "routesmith.recordOutcome"
EXPLAIN_ROUTE = "routesmith.explainRoute"
SHOW_STATS = "routesmith.showStats"
SET_HOST = "routesmith.setHost"

T = TypeVar("T")
_AT = re.compile(r"^(?P<problem>.*) - at `\$\.?(?P<path>[^`]*)`$", re.DOTALL)


class Args(msgspec.Struct, kw_only=True, rename="camel", forbid_unknown_fields=True):
    """Base of every command's argument object."""


class PositionArg(Args):
    line: Annotated[int, msgspec.Meta(ge=0)]
    character: Annotated[int, msgspec.Meta(ge=0)]


class RecordOutcomeArgs(Args):
    success: bool
    uri: str | None = None
    step: Annotated[int, msgspec.Meta(ge=1)] | None = None
    position: PositionArg | None = None
    model: str | None = None
    host: str | None = None
    task: TaskType | None = None
    capability: Capability | None = None
    duration_ms: Annotated[float, msgspec.Meta(ge=0)] | None = None
    source: Source = Source.LSP


class ExplainRouteArgs(Args):
    uri: str


class ShowStatsArgs(Args):
    host: str | None = None


class SetHostArgs(Args):
    host: str | None  # required; null goes back to detection


def parse(command: str, arguments: tuple[Any, ...], kind: type[T]) -> T:
    if len(arguments) > 1:
        raise JsonRpcInvalidParams(f"{command}: expected one argument (an object), got {len(arguments)}")
    try:
        return msgspec.convert(arguments[0] if arguments else {}, kind)
    except msgspec.ValidationError as exc:
        match = _AT.match(str(exc))
        where = (match.group("path") or "argument") if match else "argument"
        problem = match.group("problem") if match else str(exc)
        raise JsonRpcInvalidParams(f"{command}: {where}: {problem}") from None


def invalid(command: str, key: str, problem: str) -> JsonRpcInvalidParams:
    return JsonRpcInvalidParams(f"{command}: {key}: {problem}")


def _document(ls: RouteSmithServer, command: str, uri: str) -> Analysis:
    analysis = ls.analysis(uri)
    if analysis is None:
        raise invalid(command, "uri", f"{uri} is not an open prompt or agent instruction file")
    return analysis


def _target(ls: RouteSmithServer, args: RecordOutcomeArgs) -> tuple[Folder, PlannedPart | None, Step | None]:
    """The folder whose log gets the record and the step that fills in missing fields."""
    if args.uri is None:
        if args.step is not None or args.position is not None:
            raise invalid(RECORD_OUTCOME, "uri", "needed to find the step")
        return ls.folders.primary(), None, None
    analysis = _document(ls, RECORD_OUTCOME, args.uri)
    if args.step is not None:
        found = analysis.step(args.step)
        if found is None:
            ids = [s.id for _, s in analysis.steps()]
            raise invalid(
                RECORD_OUTCOME, "step", f"no step {args.step} in {args.uri} (steps: {ids or 'none'})"
            )
    elif args.position is not None:
        position = types.Position(line=args.position.line, character=args.position.character)
        found = analysis.step_at(analysis.offset(position))
        if found is None:
            where = f"{args.position.line}:{args.position.character}"
            raise invalid(RECORD_OUTCOME, "position", f"no step at {where} in {args.uri}")
    else:
        return analysis.folder, None, None
    return analysis.folder, found[0], found[1]


def _append(telemetry: TelemetrySettings, record: OutcomeRecord, prompt: str | None) -> str:
    log = open_log(telemetry, warn=lambda message: logger.warning("%s", message))
    if prompt is not None:
        from routesmith.telemetry.privacy import prompt_hash

        record = msgspec.structs.replace(
            record,
            prompt_hash=prompt_hash(prompt),
            prompt_text=prompt if telemetry.store_prompt_text else None,
        )
    log.append(record)
    return str(log.path)


def _stats(telemetry: TelemetrySettings, host: str | None) -> list[dict[str, object]]:
    from routesmith.telemetry.stats import host_rows  # the groups of `routesmith stats`

    return host_rows(telemetry, host, warn=lambda message: logger.warning("%s", message))


def register(server: RouteSmithServer) -> None:
    @server.command(RECORD_OUTCOME)
    async def record_outcome(ls: RouteSmithServer, *arguments: Any) -> dict[str, Any]:
        args = parse(RECORD_OUTCOME, arguments, RecordOutcomeArgs)
        folder, part, step = _target(ls, args)
        task = args.task or (step.task if step else None)
        model = args.model or (step.model if step else None)
        if task is None:
            raise invalid(RECORD_OUTCOME, "task", "missing (pass it, or a uri with a step or position)")
        if model is None:
            why = (
                f"{folder.ctx.profile.display} cannot switch models, so the route names none"
                if step
                else "missing"
            )
            raise invalid(RECORD_OUTCOME, "model", f"{why}: pass the model that ran the step")
        telemetry = folder.telemetry
        if not telemetry.enabled:
            return {"recorded": False, "reason": "telemetry is disabled in the RouteSmith config"}
        record = OutcomeRecord(
            time=time.time(),
            host=args.host or folder.ctx.profile.name,
            model=model,
            task=task,
            capability=args.capability or (step.capability if step else DEFAULT_CAPABILITY[task]),
            success=args.success,
            source=args.source,
            duration_ms=args.duration_ms,
            step_id=step.id if step else None,
        )
        prompt = ls.analysis(args.uri).text[part.span[0] : part.span[1]] if part and args.uri else None
        try:
            path = await asyncio.to_thread(_append, telemetry, record, prompt)
        except UserError as exc:  # an unwritable or foreign log file
            raise JsonRpcInternalError(f"{RECORD_OUTCOME}: {exc}") from None
        ls.reroute()  # the evidence changed
        return {"recorded": True, "log": path, "record": msgspec.to_builtins(record)}

    @server.command(EXPLAIN_ROUTE)
    def explain_route(ls: RouteSmithServer, *arguments: Any) -> dict[str, Any]:
        args = parse(EXPLAIN_ROUTE, arguments, ExplainRouteArgs)
        analysis = _document(ls, EXPLAIN_ROUTE, args.uri)
        ctx = analysis.folder.ctx
        steps: list[Any] = []
        for part in analysis.parts:
            steps += route_json(part.route, analysis.folder.host_source)["steps"]  # type: ignore[operator]
        return {
            "host": ctx.profile.name,
            "canSwitch": ctx.profile.can_switch,
            "notes": route_decomposition(Decomposition(steps=[]), ctx).notes,
            "steps": steps,
            "excluded": msgspec.to_builtins(list(analysis.excluded())),
        }

    @server.command(SHOW_STATS)
    async def show_stats(ls: RouteSmithServer, *arguments: Any) -> dict[str, Any]:
        args = parse(SHOW_STATS, arguments, ShowStatsArgs)
        try:
            groups = await asyncio.to_thread(_stats, ls.folders.primary().telemetry, args.host)
        except UserError as exc:
            raise JsonRpcInternalError(f"{SHOW_STATS}: {exc}") from None
        return {"groups": groups}

    @server.command(SET_HOST)
    def set_host(ls: RouteSmithServer, *arguments: Any) -> dict[str, Any]:
        args = parse(SET_HOST, arguments, SetHostArgs)
        if args.host is not None:
            profiles = load_profiles(ls.folders.primary().ctx.config)
            if args.host not in profiles:
                raise invalid(SET_HOST, "host", unknown_host(args.host, profiles))
        ls.host_override = args.host
        ls.reroute()
        return status(ls)
