"""What a workspace may configure and what only the user may: the one list.

Workspace files (a `.routesmith.toml` found walking up from the working directory, the workspace's
`.vscode/settings.json`, folder-scoped language-server settings) arrive with code the user did not write.
They may shape routing. They may not name a path RouteSmith writes, a command it runs, code it imports, an
endpoint it sends to, decide what it stores, or make it read anything outside the workspace: such keys are
user-only, honoured from the user config, the environment, flags and user (machine) editor settings.

The config loader, the language server, the VS Code manifest (editors/vscode/scripts/sync-settings.mjs,
through the settings schema) and the README's list all follow the tables below. A key no rule covers is
user-only: a new key is trusted from a workspace only once it is listed here as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import msgspec


class Scope(StrEnum):
    WORKSPACE = "workspace"  # a workspace file may set it
    USER = "user"  # only the user may


class KeyScope(msgspec.Struct, frozen=True, kw_only=True):
    key: str  # dotted; `*` stands for any one table name (a host's name)
    scope: Scope
    why: str  # what the key does (workspace) or why a workspace must not set it (user)
    planned: bool = False  # not a key yet: listed so that it is user-only from its first release

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))


def _workspace(key: str, why: str) -> KeyScope:
    return KeyScope(key=key, scope=Scope.WORKSPACE, why=why)


def _user(key: str, why: str, *, planned: bool = False) -> KeyScope:
    return KeyScope(key=key, scope=Scope.USER, why=why, planned=planned)


WRITES = "names a path RouteSmith writes"
RUNS = "names a command RouteSmith runs"
IMPORTS = "names code RouteSmith imports"
SENDS = "names a network endpoint RouteSmith sends to"
STORES = "decides what RouteSmith stores about you"
READS = "makes RouteSmith read files outside the workspace"

# Keys of `.routesmith.toml` / the user config (routesmith.model.Config).
CONFIG_KEYS: tuple[KeyScope, ...] = (
    _workspace("host", "routing: the host to route for"),
    _workspace("preference", "routing: cost, quality or balanced"),
    _workspace("policy.task_capability", "task/capability policy"),
    _workspace("policy.capability_model", "task/capability policy: a model per capability"),
    _workspace("policy.pin", "task/capability policy: one model for every step"),
    _user("policy.plugins", IMPORTS),
    _workspace("hosts.*", "host profile data: models, capabilities, notes, globs"),
    _user("hosts.*.invocation", RUNS),
    _workspace("prices.*", "cost estimates: a host's plan and its models' prices (shown, never billed)"),
    _user("telemetry.*", "any other telemetry key: the outcome log and what goes into it are the user's"),
    _user("telemetry.enabled", STORES),
    _user("telemetry.path", WRITES),
    _user("telemetry.store_prompt_text", STORES + " (prompt text)"),
    _user("telemetry.max_bytes", STORES + " (how much of the log is kept)"),
    _user("telemetry.fsync", "decides how RouteSmith writes the user's log"),
    _user("telemetry.otlp_endpoint", SENDS),
    _user("telemetry.merge", READS + " (team summaries, anywhere on disk)"),
    _user("import", READS + " (session-log import settings)", planned=True),
)

# Keys of the language server's settings (routesmith.lsp.settings.ServerSettings, camelCase, no section).
SETTING_KEYS: tuple[KeyScope, ...] = (
    _workspace("host", "routing: the host to route for"),
    _workspace("preference", "routing: cost, quality or balanced"),
    _workspace("hints.*", "how inlay hints look"),
    _workspace("codeLens.*", "whether the route's code lens shows"),
    _workspace("promptGlobs", "globs: which files are prompts"),
    _workspace("instructionGlobs", "globs: which files are agent instructions"),
    _workspace("debounceMs", "editor behaviour"),
    _workspace("logLevel", "editor behaviour"),
    _user("telemetryPath", WRITES),
    _user("importSessionLogs", READS + " (session-log import)"),
    _user("teamSummaries", READS + " (team summaries, anywhere on disk)"),
)

UNLISTED = _user("*", "not listed as settable from a workspace")


def _matches(rule: tuple[str, ...], path: Sequence[str]) -> bool:
    return len(rule) <= len(path) and all(r in ("*", p) for r, p in zip(rule, path, strict=False))


def scope_of(path: Sequence[str], rules: Sequence[KeyScope] = CONFIG_KEYS) -> KeyScope | None:
    """The most specific rule for the key at `path` (a rule covers its key and everything under it), or
    None when no rule covers it or anything above it (a table that holds listed keys)."""
    found = [rule for rule in rules if _matches(rule.parts, path)]
    # Longest first; at equal length a literal part beats `*` (telemetry.path over telemetry.*).
    return max(found, key=lambda r: (len(r.parts), -r.parts.count("*")), default=None)


def user_only_settings() -> list[str]:
    """The language-server setting keys (camelCase) that only user or machine settings may set."""
    return [rule.key for rule in SETTING_KEYS if rule.scope is Scope.USER and not rule.planned]


def strip_user_only(table: dict, trail: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], KeyScope]]:
    """Remove the user-only keys from a workspace file's table (in place); returns each removed key's
    path and its rule. A key nothing covers is left for validation to report (an unknown key)."""
    removed: list[tuple[tuple[str, ...], KeyScope]] = []
    for key in list(table):
        path = (*trail, str(key))
        rule = scope_of(path)
        if rule is not None and rule.scope is Scope.USER:
            del table[key]
            removed.append((path, rule))
        elif isinstance(table[key], dict):
            removed += strip_user_only(table[key], path)
    return removed


def markdown_list() -> str:
    """The README's list (tests/core/test_trust.py checks the README holds exactly this)."""
    lines = ["| Key | Who may set it | Why |", "|---|---|---|"]
    for title, rules, prefix in (("config", CONFIG_KEYS, ""), ("editor", SETTING_KEYS, "routesmith.")):
        for rule in rules:
            who = "workspace or user" if rule.scope is Scope.WORKSPACE else "user only"
            planned = " (planned)" if rule.planned else ""
            lines.append(f"| {title}: `{prefix}{rule.key}`{planned} | {who} | {rule.why} |")
    return "\n".join(lines)
