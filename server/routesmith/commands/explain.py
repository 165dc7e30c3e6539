"""`routesmith explain`: split a prompt into ordered steps and show how each is routed on this host."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from routesmith.commands.prompt_input import add_prompt_arguments, read_prompt
from routesmith.model import Detection, Route, Step

if TYPE_CHECKING:
    from routesmith.cost import RouteCost

TEXT_WIDTH = 60  # an excluded task's text, on its own line


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="split a prompt into steps and route each on this host",
        description="Split a prompt into ordered steps (task type, capability class, dependencies) and "
        "resolve each against the host: a model where it can switch, a prompt strategy where it cannot.",
    )
    add_prompt_arguments(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the route as JSON (stable contract: schemas/explain-output.json)",
    )
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument(
        "-q", "--quiet", action="store_true", help="only the table and the strategies: no host line, no notes"
    )
    verbosity.add_argument("-v", "--verbose", action="store_true", help="also each step's reasons")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    # One route, printed once: what a long prompt allocates lives until then and forms no cycles (1 MB of
    # prose leaves the same few hundred cyclic objects as one line), so the collector would only re-walk
    # it, a tenth of the time on 1 MB. The language server keeps collecting (cli.py's thresholds).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _explain(args)
    finally:
        if collecting:
            gc.enable()


def _explain(args: argparse.Namespace) -> int:
    import msgspec

    from routesmith.commands.output import warn
    from routesmith.files import classify
    from routesmith.service import build_context, explain_output, merged, route_cost, route_document

    text = read_prompt(args)
    ctx = build_context(Path.cwd(), os.environ, host=args.host, preference=args.preference)
    warn(ctx.warnings)
    # An agent instruction file (AGENTS.md, .cursor/rules/*.mdc, ...) is routed section by section, like the
    # language server does; a prompt file is one prompt; a text with no telling path (stdin, notes.md) is
    # read as whichever it reads like.
    kind = classify(args.file.as_posix()) if args.file else None
    routed = merged(route_document(text, kind, ctx), ctx)
    cost = route_cost(routed, ctx)
    if args.json:
        output = msgspec.json.encode(explain_output(routed, ctx.detection.source, cost))
        sys.stdout.buffer.write(output)
        sys.stdout.buffer.write(b"\n")  # apart: a long route's JSON is not copied to add it
    else:
        sys.stdout.write(render(routed, ctx.detection, cost, quiet=args.quiet, verbose=args.verbose))
    return 0


def _host_line(detection: Detection) -> str:
    why = {
        "default": "no coding-agent host detected; set --host or ROUTESMITH_HOST",
        "flag": "from --host",
        "environment": "detected: " + ", ".join(e for e in detection.evidence if "ignored" not in e),
    }.get(detection.source, f"from {detection.source}")
    return f"host: {detection.host} ({why})"


def _target(step: Step) -> str:
    """The model, or on a host that cannot switch a short label: the whole strategy follows the table."""
    from routesmith.routing import short_strategy

    return step.model or f"no switch: {short_strategy(step.task)}"


def _text_cell(step: Step) -> str:
    cell = f'"{" ".join(step.text.split())}"'
    if step.optional:
        cell += f" (optional{': if ' + step.condition if step.condition else ''})"
    if step.approval_gate:
        cell += " [then wait for approval]"
    return cell


def _section_cell(step: Step) -> str:
    number = f"#{step.number}" if step.number and step.number[:1].isdigit() else step.number
    return " ".join(part for part in (step.section, number) if part) or "-"


def render(
    routed: Route,
    detection: Detection,
    cost: RouteCost | None = None,
    *,
    quiet: bool = False,
    verbose: bool = False,
) -> str:
    from routesmith.commands.output import BOLD, DIM, clip, paint, table
    from routesmith.cost import summary_line
    from routesmith.routing import short_dependencies

    lines = [] if quiet else [_host_line(detection), routed.notes[0] if routed.notes else ""]
    if not routed.steps:
        lines.append("no steps found: the prompt asks for no task RouteSmith recognises")
    else:
        header = ["#", "task", "capability", "model / strategy", "depends on", "text"]
        rows = [
            [
                str(s.id),
                s.task,
                s.capability,
                _target(s),
                short_dependencies(s.depends_on),
                _text_cell(s),
            ]
            for s in routed.steps
        ]
        if any(s.section or s.number for s in routed.steps):
            # A file's route per section, with the file's own step numbers.
            header.insert(1, "section")
            for row, step in zip(rows, routed.steps, strict=True):
                row.insert(1, _section_cell(step))
            lines += table(header, rows, flexible=[1, 4, 6], minimum=10)
        else:
            lines += table(header, rows, flexible=[3, 5], minimum=10)
        if verbose:
            for step in routed.steps:
                lines += [paint(f"  {step.id} {reason}", DIM) for reason in step.reasons]
        if not routed.can_switch:
            lines.append("")
            lines.append(paint("strategies (no model switch happens on this host):", BOLD))
            lines += [f"  {s.id} {s.task}: {s.strategy}" for s in routed.steps]
    if cost is not None and not quiet:
        lines.append(summary_line(cost))
    for exclusion in routed.excluded:
        lines.append(f'excluded: {exclusion.task} ("{clip(exclusion.text, TEXT_WIDTH)}")')
    if not quiet:
        lines += [f"note: {note}" for note in routed.notes[1:]]
    return "\n".join(lines) + "\n"
