"""The language server's settings: `initializationOptions` and the `routesmith` section of
`workspace/configuration`, camelCase on the wire.

The JSON Schema generated from `ServerSettings` (schemas/lsp-settings.json) is the one source of truth for
the VS Code extension's `contributes.configuration` and the Neovim defaults.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import msgspec

from routesmith.model import Preference

DEFAULT_PROMPT_GLOBS = (
    "**/*.prompt.md",
    "**/*.prompt",
    "**/.github/prompts/**/*.md",
    "**/.github/agents/**/*.agent.md",
    "**/.claude/commands/**/*.md",
    "**/.claude/agents/**/*.md",
    "**/.claude/skills/**/SKILL.md",
    "**/.gemini/agents/**/*.md",
    "**/prompts/**/*.md",
)
DEFAULT_INSTRUCTION_GLOBS = (
    "**/AGENTS.md",
    "**/AGENTS.override.md",
    "**/CLAUDE.md",
    "**/CLAUDE.local.md",
    "**/.claude/rules/**/*.md",
    "**/GEMINI.md",
    "**/.github/copilot-instructions.md",
    "**/.github/instructions/**/*.instructions.md",
    "**/.cursorrules",
    "**/.cursor/rules/**/*.mdc",
    "**/CONVENTIONS.md",
)


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
    telemetry_path: Annotated[
        str | None,
        msgspec.Meta(
            description="Telemetry log file (default: the RouteSmith config, else the user data dir)."
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
