"""`routesmith detect-host` and `routesmith capabilities`: which host is running, and what it can switch."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import msgspec

from routesmith.model import Capability, Config, Detection, HostProfile

NO_SWITCH = "no switch: prompt strategy"


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    if name == "detect-host":
        parser = subparsers.add_parser(
            name,
            help="say which coding-agent host is running, with evidence",
            description="Say which coding-agent host this process runs under and why: --host, then "
            "ROUTESMITH_HOST, then the config's `host`, then environment variables only a host sets for "
            "the commands it runs. Variables a human's terminal also has, and instruction files in the "
            "workspace, are shown but never decide.",
        )
        parser.set_defaults(func=detect_host)
    else:
        parser = subparsers.add_parser(
            name,
            help="list a host's models per capability and how it switches",
            description="Show how a host lets RouteSmith switch models and the candidate models for each "
            "capability class, best fit first (default host: the detected one).",
        )
        parser.set_defaults(func=capabilities)
    parser.add_argument("--host", help="host profile name (default: detected)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _context(host: str | None) -> tuple[Config, Detection]:
    from routesmith.commands.output import warn
    from routesmith.config import load_config
    from routesmith.hosts import detect

    cwd = Path.cwd()
    loaded = load_config(cwd, os.environ, host_flag=host)
    warn(loaded.warnings)
    return loaded.config, detect(os.environ, workspace=cwd, config=loaded.config, flag=host)


def _write_json(value: object) -> None:
    sys.stdout.buffer.write(msgspec.json.encode(value) + b"\n")


def render_detection(detection: Detection) -> str:
    lines = [f"host: {detection.host}", f"source: {detection.source}", "evidence:"]
    lines += [f"  - {item}" for item in detection.evidence] or ["  (none)"]
    found = ", ".join(detection.configured_for) or "none"
    lines.append(f"configured for: {found} (host files in the workspace: not proof of which host runs)")
    return "\n".join(lines) + "\n"


def detect_host(args: argparse.Namespace) -> int:
    _, detection = _context(args.host)
    if args.json:
        _write_json(detection)
    else:
        sys.stdout.write(render_detection(detection))
    return 0


def _candidate(profile: HostProfile, name: str) -> str:
    from routesmith.routing import find_model

    info = find_model(profile, name)
    if info is None:
        return name
    alias = f" = {info.id}" if info.id != name else ""
    return f"{name}{alias} (quality {info.quality}, cost {info.cost})"


def render_capabilities(profile: HostProfile, config: Config) -> str:
    overrides = config.policy.capability_model.get(profile.name, {})
    modes = ", ".join(profile.switch_modes) or "none"
    lines = [
        f"host: {profile.name} ({profile.display})",
        f"switch modes: {modes}",
        f"can switch: {'yes' if profile.can_switch else 'no'}",
    ]
    if profile.invocation:
        lines.append(f"invocation: {' '.join(profile.invocation)}")
    if profile.frontmatter_globs:
        lines.append(f"model: frontmatter honoured in: {', '.join(profile.frontmatter_globs)}")
    if profile.instruction_files:
        lines.append(f"instructions read from: {', '.join(profile.instruction_files)}")
    lines.append("capabilities (candidates, best fit first):")
    for capability in Capability:
        candidates = profile.capabilities.get(capability, [])
        if not profile.can_switch:
            by_hand = f" (by hand in the model picker: {candidates[0]})" if candidates else ""
            row = f"{NO_SWITCH}{by_hand}"
        elif candidates:
            row = ", ".join(_candidate(profile, name) for name in candidates)
        else:
            row = "no model listed: the host's default model"
        if capability in overrides:
            row += f"  [policy.capability_model.{profile.name}.{capability} = {overrides[capability]}]"
        lines.append(f"  {capability}: {row}")
    if profile.notes:
        lines.append("notes:")
        lines += [f"  - {note}" for note in profile.notes]
    return "\n".join(lines) + "\n"


def capabilities(args: argparse.Namespace) -> int:
    from routesmith.hosts import load_profiles

    config, detection = _context(args.host)
    profile = load_profiles(config)[detection.host]
    if args.json:
        fields = msgspec.to_builtins(profile)
        _write_json({"host": fields.pop("name"), "can_switch": profile.can_switch, **fields})
    else:
        sys.stdout.write(render_capabilities(profile, config))
    return 0
