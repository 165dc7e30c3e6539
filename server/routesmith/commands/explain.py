"""`routesmith explain`: split a prompt into ordered steps and show how each is routed on this host."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from routesmith.commands.prompt_input import add_prompt_arguments, preference_of, read_prompt
from routesmith.model import Detection, Route, Step

STRATEGY_WIDTH = 44  # the table shows the head of a strategy; the full text follows below it
TEXT_WIDTH = 60


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="split a prompt into steps and route each on this host",
        description="Split a prompt into ordered steps (task type, capability class, dependencies) and "
        "resolve each against the host: a model where it can switch, a prompt strategy where it cannot.",
    )
    add_prompt_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print the route as JSON (stable contract)")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    import msgspec

    from routesmith.commands.output import warn
    from routesmith.files import DocumentKind, classify
    from routesmith.service import build_context, merged, route_document, route_json

    text = read_prompt(args)
    ctx = build_context(Path.cwd(), os.environ, host=args.host, preference=preference_of(args))
    warn(ctx.warnings)
    # An agent instruction file (AGENTS.md, .cursor/rules/*.mdc, ...) is routed section by section, like the
    # language server does; anything else is one prompt.
    kind = (classify(args.file.as_posix()) if args.file else None) or DocumentKind.PROMPT
    routed = merged(route_document(text, kind, ctx), ctx)
    if args.json:
        sys.stdout.buffer.write(msgspec.json.encode(route_json(routed)) + b"\n")
    else:
        sys.stdout.write(render(routed, ctx.detection, ctx.profile.display))
    return 0


def _host_line(detection: Detection, display: str) -> str:
    why = {
        "default": "no coding-agent host detected; set --host or ROUTESMITH_HOST",
        "flag": "from --host",
        "environment": "detected: " + ", ".join(e for e in detection.evidence if "ignored" not in e),
    }.get(detection.source, f"from {detection.source}")
    return f"host: {detection.host} ({why})"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _target(step: Step) -> str:
    if step.model:
        return step.model
    return _clip(f"prompt strategy: {step.strategy}", STRATEGY_WIDTH)


def _text_cell(step: Step) -> str:
    cell = f'"{_clip(step.text, TEXT_WIDTH)}"'
    if step.optional:
        cell += f" (optional{': if ' + step.condition if step.condition else ''})"
    if step.approval_gate:
        cell += " [then wait for approval]"
    return cell


def render(routed: Route, detection: Detection, display: str) -> str:
    from routesmith.routing import short_dependencies

    lines = [_host_line(detection, display), routed.notes[0] if routed.notes else ""]
    if not routed.steps:
        lines.append("no steps found: the prompt asks for no task RouteSmith recognises")
    else:
        rows: list[tuple[Any, ...]] = [("#", "task", "capability", "model / strategy", "depends on", "text")]
        rows += [
            (
                str(s.id),
                s.task,
                s.capability,
                _target(s),
                short_dependencies(s.depends_on),
                _text_cell(s),
            )
            for s in routed.steps
        ]
        widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)]
            lines.append("  ".join([*cells, str(row[-1])]).rstrip())
        if not routed.can_switch:
            lines.append("")
            lines.append("strategies (no model switch happens on this host):")
            lines += [f"  {s.id} {s.task}: {s.strategy}" for s in routed.steps]
    for exclusion in routed.excluded:
        lines.append(f'excluded: {exclusion.task} ("{_clip(exclusion.text, TEXT_WIDTH)}")')
    lines += [f"note: {note}" for note in routed.notes[1:]]
    return "\n".join(lines) + "\n"
