"""The language server's settings: `initializationOptions` and the `routesmith` section of
`workspace/configuration`, camelCase on the wire.

The JSON Schema generated from `ServerSettings` (schemas/lsp-settings.json) is the one source of truth for
the VS Code extension's `contributes.configuration` and the Neovim defaults.
"""

from __future__ import annotations

import copy
import re
from enum import StrEnum
from typing import Annotated, Any

import msgspec

from routesmith.config import merge_tables
from routesmith.files import DEFAULT_INSTRUCTION_GLOBS, DEFAULT_PROMPT_GLOBS
from routesmith.model import Preference


class LogLevel(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    DEBUG = "debug"


class HintSettings(msgspec.Struct, kw_only=True, rename="camel"):
    """What each step's inlay hint shows."""

    enabled: Annotated[bool, msgspec.Meta(description="Show an inlay hint at the end of each step.")] = True
    show_capability: Annotated[
        bool, msgspec.Meta(description="Include the capability class (deep_reasoning, coding, ...).")
    ] = True
    show_model: Annotated[
        bool,
        msgspec.Meta(description="Include the model, or the prompt strategy where the host cannot switch."),
    ] = True
    max_length: Annotated[
        int, msgspec.Meta(ge=16, le=200, description="Clip a hint label longer than this (characters).")
    ] = 60


class CodeLensSettings(msgspec.Struct, kw_only=True, rename="camel"):
    """The code lens at the top of a prompt file."""

    enabled: Annotated[
        bool,
        msgspec.Meta(
            description="Show the route's summary (steps, tasks, models) above a prompt file; "
            "clicking it explains the route."
        ),
    ] = True


def _user_only(description: str) -> msgspec.Meta:
    """A setting that only user (or remote machine) settings may set, as routesmith.trust lists: VS Code's
    `machine` scope, which sync-settings.mjs also lists under untrustedWorkspaces.restrictedConfigurations."""
    return msgspec.Meta(description=description, extra_json_schema={"scope": "machine"})


class ServerSettings(msgspec.Struct, kw_only=True, rename="camel"):
    """RouteSmith language server settings (section `routesmith`)."""

    host: Annotated[
        str | None,
        msgspec.Meta(
            description="Route for this host instead of the detected one (claude_code, cursor, ...)."
        ),
    ] = None
    preference: Annotated[
        Preference | None,
        msgspec.Meta(
            description="Pick within a host's models by cost, quality or balanced (default: config)."
        ),
    ] = None
    hints: HintSettings = msgspec.field(default_factory=HintSettings)
    code_lens: CodeLensSettings = msgspec.field(default_factory=CodeLensSettings)
    telemetry_path: Annotated[
        str | None,
        _user_only(
            "Telemetry log file, an absolute path or ~/... (default: the RouteSmith user config, else the "
            "user data dir). User or remote settings only: a workspace cannot move your log."
        ),
    ] = None
    prompt_globs: Annotated[
        tuple[str, ...], msgspec.Meta(description="Prompt files the server routes as one prompt each.")
    ] = DEFAULT_PROMPT_GLOBS
    instruction_globs: Annotated[
        tuple[str, ...],
        msgspec.Meta(
            description="Agent instruction files; each section (heading or list block) is routed alone."
        ),
    ] = DEFAULT_INSTRUCTION_GLOBS
    debounce_ms: Annotated[
        int, msgspec.Meta(ge=0, le=5000, description="Wait this long after an edit before re-routing (ms).")
    ] = 150
    log_level: Annotated[LogLevel, msgspec.Meta(description="Messages sent to the client's log.")] = (
        LogLevel.INFO
    )
    team_summaries: Annotated[
        tuple[str, ...],
        _user_only(
            "Team summaries (`routesmith stats --json` of other machines), absolute, ~/... or relative "
            "to the folder: a prior for routing, weighed below this machine's outcomes; added to "
            "telemetry.merge. "
            "User or remote settings only: a workspace cannot make RouteSmith read files outside it."
        ),
    ] = ()
    import_session_logs: Annotated[
        bool,
        _user_only(
            "Import outcomes from the coding-agent hosts' local session logs in the background "
            "(at start-up and every minute), as `routesmith import` does. Off by default. User or remote "
            "settings only: a workspace cannot make RouteSmith read your session logs."
        ),
    ] = False


SECTION = "routesmith"
_AT = re.compile(r"^(?P<problem>.*) - at `\$(?P<path>[^`]*)`$", re.DOTALL)
_KEY = re.compile(r"\.([^.\[]+)")


def unwrap(raw: object) -> object:
    """`initializationOptions` may hold the `routesmith` object itself or `{"routesmith": {...}}`."""
    if isinstance(raw, dict) and isinstance(raw.get(SECTION), dict):
        return raw[SECTION]
    return raw


def merge(base: dict[str, Any], top: object) -> dict[str, Any]:
    """`top` over `base`, object by object (a client's answer for a folder overrides single keys)."""
    return merge_tables(base, top) if isinstance(top, dict) else base


def _drop(data: dict[str, Any], keys: list[str]) -> bool:
    """Remove the value at `keys` so it falls back to its default; False if there is nothing to remove."""
    node: Any = data
    for key in keys[:-1]:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, dict) or keys[-1] not in node:
        return False
    del node[keys[-1]]
    return True


def parse_settings(raw: object) -> tuple[ServerSettings, list[str]]:
    """Settings from a client's JSON value. Unknown keys are ignored (clients send their own keys too); a
    bad value falls back to its default and is named by its setting key, e.g.
    "routesmith.hints.maxLength: Expected `int` >= 16"."""
    if raw is None:
        return ServerSettings(), []
    if not isinstance(raw, dict):
        return ServerSettings(), [f"{SECTION}: expected an object, got {type(raw).__name__}"]
    data = copy.deepcopy(raw)
    problems: list[str] = []
    while True:
        try:
            return msgspec.convert(data, ServerSettings), problems
        except msgspec.ValidationError as exc:
            match = _AT.match(str(exc))
            keys = _KEY.findall(match.group("path")) if match else []
            problem = match.group("problem") if match else str(exc)
            problems.append(f"{'.'.join([SECTION, *keys])}: {problem}")
            if not keys or not _drop(data, keys):
                return ServerSettings(), problems
