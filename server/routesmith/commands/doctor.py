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
from routesmith.contract import DoctorHost, DoctorOutput, DoctorTelemetry, Extra, Setting
from routesmith.errors import UserError
from routesmith.model import Config

VALUE_WIDTH = 70  # host tables hold long lists; doctor shows the head of a list or table
EXTRAS = {
    "mcp": "routesmith-lsp[mcp]: the MCP server (`routesmith serve-stdio`)",
    "pygls": "the language server",
    "opentelemetry-exporter-otlp-proto-http": "routesmith-lsp[otel]: outcomes to an OpenTelemetry collector "
    "(telemetry.otlp_endpoint, `routesmith export --otlp`)",
}


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="show effective configuration and where each value came from",
        description="Print the version, config files, every effective setting with its origin, the "
        "detected host with evidence, the telemetry log and optional extras. Exit status 1 when "
        "something is broken (each problem is listed).",
    )
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print only the problems")
    verbosity.add_argument(
        "-v", "--verbose", action="store_true", help="show long values (lists, tables) whole, not clipped"
    )
    parser.set_defaults(func=main)


def _value_at(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        data = data[part]
    return data


def _shown(value: Any, whole: bool = False) -> str:
    text = msgspec.json.encode(value).decode()
    if whole or len(text) <= VALUE_WIDTH or not isinstance(value, list | dict):
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


def _extras() -> list[Extra]:
    extras = []
    for dist, what in EXTRAS.items():
        try:
            version: str | None = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            version = None
        extras.append(Extra(name=dist, version=version, purpose=what))
    return extras


def diagnose(cwd: Path, env: Mapping[str, str]) -> DoctorOutput:
    """Everything doctor knows; `problems` is empty when all is well."""
    from routesmith.config import load_config, user_config_path
    from routesmith.hosts import detect
    from routesmith.telemetry.paths import log_path

    problems: list[str] = []
    user = user_config_path(env)
    workspace: Path | None = None
    try:
        loaded = load_config(cwd, env)
    except UserError as exc:
        problems += [f"config: {line}" for line in str(exc).splitlines()]
        config, origins, warnings = Config(), {}, []
    else:
        config, origins, warnings = loaded.config, loaded.origins, loaded.warnings
        workspace = next((path for path in loaded.files if path != user), None)
    data = msgspec.to_builtins(config)
    settings = [Setting(key=key, value=_value_at(data, key), origin=origins[key]) for key in sorted(origins)]

    host: DoctorHost | None = None
    try:
        detection = detect(env, workspace=cwd, config=config)
    except UserError as exc:
        problems.append(f"host: {exc}")
    else:
        host = DoctorHost(
            host=detection.host,
            source=detection.source,
            evidence=detection.evidence,
            configured_for=detection.configured_for,
        )
    path = log_path(config.telemetry)
    ok, state = writable(path)
    if config.telemetry.enabled and not ok:
        problems.append(f"telemetry: log {path} {state}")
    return DoctorOutput(
        version=__version__,
        python=f"{sys.version.split()[0]} ({sys.executable})",
        executable=shutil.which("routesmith", path=env.get("PATH")),
        user_config=str(user),
        workspace_config=str(workspace) if workspace else None,
        settings=settings,
        warnings=warnings,
        host=host,
        telemetry=DoctorTelemetry(enabled=config.telemetry.enabled, log=str(path), writable=ok, state=state),
        extras=_extras(),
        problems=problems,
    )


def render(report: DoctorOutput, *, verbose: bool = False) -> list[str]:
    user = Path(report.user_config)
    lines = [
        f"routesmith {report.version}",
        f"python {report.python}",
        f"executable: {report.executable or 'not on PATH (run as `python -m routesmith`)'}",
        "config files:",
        f"  user: {user} ({'found' if user.is_file() else 'not found'})",
    ]
    config_broken = any(problem.startswith("config: ") for problem in report.problems)
    if config_broken:
        lines.append("  cannot load: see problems")
        lines.append("settings: not shown (fix the config error first)")
    else:
        lines.append(f"  workspace: {report.workspace_config or 'none (.routesmith.toml, searched upward)'}")
        lines.append("settings (value  <- origin):")
    lines += [f"  {s.key} = {_shown(s.value, verbose)}  <- {s.origin}" for s in report.settings]
    lines.append("warnings:" if report.warnings else "warnings: none")
    lines += [f"  - {warning}" for warning in report.warnings]
    if report.host is None:
        lines.append("host: cannot detect: see problems")
    else:
        lines.append(f"host: {report.host.host} (source: {report.host.source})")
        lines += [f"  - {item}" for item in report.host.evidence]
        lines.append(f"  configured for: {', '.join(report.host.configured_for) or 'none'}")
    telemetry = report.telemetry
    enabled = "enabled" if telemetry.enabled else "disabled"
    lines.append(f"telemetry: {enabled}, log {telemetry.log} ({telemetry.state})")
    lines.append("extras:")
    for extra in report.extras:
        state = f" {extra.version}: installed" if extra.version else ": not installed"
        lines.append(f"  {extra.name}{state} ({extra.purpose})")
    return lines


def main(args: argparse.Namespace) -> int:
    from routesmith.commands.output import RED, paint, write_json

    report = diagnose(Path.cwd(), os.environ)
    if args.json:
        write_json(report)
        return 1 if report.problems else 0
    lines = [] if args.quiet else render(report, verbose=args.verbose)
    if report.problems or not args.quiet:
        lines.append(paint("problems:", RED) if report.problems else "problems: none")
    lines += [f"  - {problem}" for problem in report.problems]
    sys.stdout.write("\n".join(lines) + ("\n" if lines else ""))
    return 1 if report.problems else 0
