"""`routesmith install HOST` / `routesmith uninstall HOST`: routing guidance in a host's instruction files."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from routesmith.errors import UserError


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    installing = name == "install"
    summary = (
        "write routing guidance into a host's instruction files"
        if installing
        else "remove what `install` added (files RouteSmith created go only if unchanged)"
    )
    parser = subparsers.add_parser(name, help=summary, description=summary)
    parser.add_argument(
        "host", help="host profile name, e.g. claude_code, codex, gemini_cli, copilot, cursor, aider"
    )
    parser.add_argument(
        "--root",
        type=Path,
        help="workspace root (default: nearest directory with .git, else the current one)",
    )
    parser.add_argument("--dry-run", action="store_true", help="show a unified diff, write nothing")
    parser.set_defaults(func=main, installing=installing)


def main(args: argparse.Namespace) -> int:
    from routesmith.commands.output import diff_lines, warn
    from routesmith.config import load_config
    from routesmith.hosts import load_profiles
    from routesmith.install import Planner, apply, find_root, unified_diff
    from routesmith.suggest import unknown_host

    if args.root is not None and not args.root.is_dir():
        raise UserError(f"--root {args.root}: not a directory")
    root = args.root or find_root(Path.cwd())
    loaded = load_config(root, dict(os.environ))
    warn(loaded.warnings)
    config = loaded.config
    profiles = load_profiles(config)
    if args.host not in profiles:
        raise UserError(f"{args.command}: {unknown_host(args.host, profiles)}")
    planner = Planner(args.host, root, profiles[args.host], config)
    plan = planner.install() if args.installing else planner.uninstall()
    if args.dry_run:
        sys.stdout.write(diff_lines(unified_diff(plan)))
    else:
        apply(plan)
        for change in plan.changes:
            verb = "created" if change.before is None else "removed" if change.after is None else "updated"
            print(f"{verb} {change.rel}")
    for note in plan.notes:
        print(f"note: {note}", file=sys.stderr)
    if not plan.changes:
        print(f"{args.command}: nothing to change under {plan.root}", file=sys.stderr)
    return 0
