"""`routesmith import`: learn outcomes from the session logs coding-agent hosts keep on this machine."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from routesmith.errors import UserError
from routesmith.telemetry.importers import HOSTS, ImportSummary, available, run_import

BAR_WIDTH = 30
REDRAW_SECONDS = 0.1


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="learn from the session logs coding-agent hosts keep on this machine",
        description="Read the local session logs of Claude Code, Codex CLI, Gemini CLI, Copilot CLI, "
        "opencode and Aider (its analytics log) and record one outcome per request. Only ids (as salted "
        "hashes), times, models, tokens, task types and verdicts are stored, never prompt text or tool "
        "output. Incremental: a second run adds only what is new.",
    )
    parser.add_argument(
        "hosts",
        nargs="*",
        metavar="HOST",
        help="hosts to read (default: every host whose logs exist): " + ", ".join(HOSTS),
    )
    parser.add_argument(
        "--since", default="30d", help="only turns since: 7d, 12h or an ISO date (default 30d)"
    )
    parser.add_argument("--dry-run", action="store_true", help="read and count, write nothing")
    parser.add_argument(
        "--rescan",
        action="store_true",
        help="read every log from its start again "
        "(turns imported before are still skipped), e.g. after widening --since",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(func=main)


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class _Bar:
    """A progress bar on stderr, redrawn at most every REDRAW_SECONDS, when stderr is a terminal."""

    def __init__(self) -> None:
        self.drawn = 0.0

    def __call__(self, done: int, total: int, turns: int) -> None:
        now = time.monotonic()
        if now - self.drawn < REDRAW_SECONDS and done < total:
            return
        self.drawn = now
        filled = BAR_WIDTH * done // max(total, 1)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        sys.stderr.write(f"\rimporting [{bar}] {done}/{total} logs, {turns} turns")
        sys.stderr.flush()

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")


def main(args: argparse.Namespace) -> int:
    from routesmith.commands.telemetry import parse_since
    from routesmith.config import load_config

    unknown = [host for host in args.hosts if host not in HOSTS]
    if unknown:
        raise UserError(f"HOST: unknown host {unknown[0]!r} (expected one of: {', '.join(HOSTS)})")
    config = load_config().config
    if not config.telemetry.enabled:
        print(
            "routesmith: telemetry is disabled (telemetry.enabled = false); nothing imported", file=sys.stderr
        )
        return 0
    now = time.time()
    since = parse_since(args.since, now)
    home = Path.home()
    hosts = list(dict.fromkeys(args.hosts)) or available(os.environ, home)
    if not hosts:
        summary = ImportSummary(log="", dry_run=args.dry_run, hosts=[])
        return _report(args, summary, since)
    bar = _Bar() if sys.stderr.isatty() else None
    try:
        summary = run_import(
            config,
            hosts,
            since=since,
            dry_run=args.dry_run,
            rescan=args.rescan,
            env=os.environ,
            home=home,
            now=now,
            report=bar,
        )
    finally:
        if bar is not None:
            bar.close()
    assert summary is not None  # run_import waits for the lock
    return _report(args, summary, since)


def _report(args: argparse.Namespace, summary: ImportSummary, since: float) -> int:
    if args.json:
        document = {"since": _iso(since), **msgspec.to_builtins(summary)}
        document["added"] = sum(host.added for host in summary.hosts)
        sys.stdout.write(msgspec.json.encode(document).decode() + "\n")
    else:
        _print(summary)
    return 0


def _print(summary: ImportSummary) -> None:
    if not summary.hosts:
        print("no session logs found (hosts: " + ", ".join(HOSTS) + ")")
        return
    for host in summary.hosts:
        print(
            f"{host.host}: {host.changed} of {host.sources} logs read, {host.sessions} sessions, "
            f"{host.turns} turns -> {host.added} records "
            f"({host.success} success, {host.failure} failure, {host.unknown} unknown)"
        )
        if host.skipped:
            print("  skipped: " + ", ".join(f"{count} {why}" for why, count in host.skipped.items()))
    added = sum(host.added for host in summary.hosts)
    if summary.dry_run:
        print(f"dry run: {added} records would be added; nothing was written")
    else:
        print(f"added {added} records to {summary.log}")
