"""`routesmith doctor`: the installation, the effective configuration (value by value, with where each came
from), the detected host and the telemetry log, and whether anything is broken."""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec

from routesmith import __version__
from routesmith.errors import UserError
from routesmith.model import Config

VALUE_WIDTH = 70  # host tables hold long lists; doctor shows the head of a list or table
EXTRAS = {
    "mcp": "routesmith-lsp[mcp]: the MCP server (`routesmith serve-stdio`)",
    "pygls": "the language server",
}


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="show effective configuration and where each value came from",
        description="Print the version, config files, every effective setting with its origin, the "
        "detected host with evidence, the telemetry log and optional extras. Exit status 1 when "
        "something is broken (each problem is listed).",
    )
    parser.set_defaults(func=main)


def _value_at(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        data = data[part]
    return data


def _shown(value: Any) -> str:
    text = msgspec.json.encode(value).decode()
    if len(text) <= VALUE_WIDTH or not isinstance(value, list | dict):
        return text  # a path or a name is shown whole
    return text[: VALUE_WIDTH - 1] + "…"


def writable(path: Path) -> tuple[bool, str]:
    """Whether the log at `path` can be appended to (and rotated), without creating anything."""
    if path.exists():
        if path.is_dir():
            return False, "is a directory"
        if not os.access(path, os.W_OK):
            return False, "the file is not writable"
        if not os.access(path.parent, os.W_OK | os.X_OK):
            return False, f"{path.parent} is not writable (needed to rotate segments)"
        return True, "exists, writable"
    existing = next(parent for parent in path.parents if parent.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        return False, f"cannot be created: {existing} is not a writable directory"
    return True, f"not created yet; {existing} is writable"


def _extras() -> list[str]:
    lines = []
    for dist, what in EXTRAS.items():
        try:
            lines.append(f"  {dist} {importlib.metadata.version(dist)}: installed ({what})")
        except importlib.metadata.PackageNotFoundError:
            lines.append(f"  {dist}: not installed ({what})")
    return lines


def report(cwd: Path, env: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """The report's lines and the problems found (empty: all is well)."""
    from routesmith.config import load_config, user_config_path
    from routesmith.hosts import detect
    from routesmith.telemetry.paths import log_path

    problems: list[str] = []
    executable = shutil.which("routesmith", path=env.get("PATH"))
    lines = [
        f"routesmith {__version__}",
        f"python {sys.version.split()[0]} ({sys.executable})",
        f"executable: {executable or 'not on PATH (run as `python -m routesmith`)'}",
        "config files:",
    ]
    user = user_config_path(env)
    lines.append(f"  user: {user} ({'found' if user.is_file() else 'not found'})")
    try:
        loaded = load_config(cwd, env)
    except UserError as exc:
        problems.append(f"config: {exc}")
        lines.append(f"  cannot load: {exc}")
        lines.append("settings: not shown (fix the config error first)")
        config, origins, warnings = Config(), {}, []
    else:
        config, origins, warnings = loaded.config, loaded.origins, loaded.warnings
        workspace = [path for path in loaded.files if path != user]
        lines.append(
            f"  workspace: {workspace[0] if workspace else 'none (.routesmith.toml, searched upward)'}"
        )
        lines.append("settings (value  <- origin):")
    data = msgspec.to_builtins(config)
    for key in sorted(origins):
        lines.append(f"  {key} = {_shown(_value_at(data, key))}  <- {origins[key]}")
    lines.append("warnings:" if warnings else "warnings: none")
    lines += [f"  - {warning}" for warning in warnings]

    try:
        detection = detect(env, workspace=cwd, config=config)
    except UserError as exc:
        problems.append(f"host: {exc}")
        lines.append(f"host: cannot detect: {exc}")
    else:
        lines.append(f"host: {detection.host} (source: {detection.source})")
        lines += [f"  - {item}" for item in detection.evidence]
        lines.append(f"  configured for: {', '.join(detection.configured_for) or 'none'}")

    settings = config.telemetry
    path = log_path(settings)
    ok, state = writable(path)
    lines.append(f"telemetry: {'enabled' if settings.enabled else 'disabled'}, log {path} ({state})")
    if settings.enabled and not ok:
        problems.append(f"telemetry: log {path} {state}")
    lines.append("extras:")
    lines += _extras()
    return lines, problems


def main(args: argparse.Namespace) -> int:
    lines, problems = report(Path.cwd(), os.environ)
    lines.append("problems:" if problems else "problems: none")
    lines += [f"  - {problem}" for problem in problems]
    sys.stdout.write("\n".join(lines) + "\n")
    return 1 if problems else 0
