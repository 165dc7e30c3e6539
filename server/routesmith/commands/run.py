"""`routesmith run`: execute a prompt's steps through the host's own CLI."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
import uuid
from pathlib import Path

from routesmith.commands.prompt_input import add_prompt_arguments, read_prompt
from routesmith.model import HostProfile, OutcomeRecord, Route, Source, TelemetrySettings
from routesmith.run import (
    Progress,
    Runner,
    StepResult,
    StepStatus,
    composed_prompt,
    interrupt_flag,
    per_step_switching,
    plan,
)

# The model field of records for a composed prompt the host ran on whatever model it was set to.
HOST_DEFAULT_MODEL = "host-default"


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    parser = subparsers.add_parser(
        name,
        help="execute the steps through the host's own CLI",
        description="Split the prompt into steps and run each through the host's CLI on its routed model, "
        "feeding each step the output of the steps it depends on. Hosts that cannot switch models per "
        "invocation get one composed prompt instead.",
    )
    add_prompt_arguments(parser)
    parser.add_argument("--dry-run", action="store_true", help="print the exact commands, run nothing")
    parser.add_argument(
        "--keep-going", action="store_true", help="after a failure, still run steps that do not depend on it"
    )
    parser.add_argument("--timeout", type=_seconds, metavar="SECONDS", help="stop a step after this long")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print each step's status line, not its output"
    )
    parser.set_defaults(func=main)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {value!r}")
    return seconds


def main(args: argparse.Namespace) -> int:
    # Imported here: the routing core is only needed once the arguments are known to be good.
    from routesmith.commands.output import warn
    from routesmith.service import build_context, route_text

    text = read_prompt(args)
    ctx = build_context(Path.cwd(), dict(os.environ), host=args.host, preference=args.preference)
    warn(ctx.warnings)
    route = route_text(text, ctx)  # read_prompt keeps the head within limits.ROUTE_LIMIT
    config, profile = ctx.config, ctx.profile

    invocations = plan(route, profile)
    if not invocations:
        display = profile.display if profile else route.host
        print(composed_prompt(route, display), end="")
        print(
            f"routesmith: {display} cannot switch models per step and has no CLI to drive; "
            "paste the prompt above into it",
            file=sys.stderr,
        )
        return 0
    assert profile is not None  # plan() only has invocations for a known profile with a CLI
    if not per_step_switching(profile):
        verb = "would send" if args.dry_run else "sending"
        print(
            f"routesmith: {profile.display} cannot switch models per step; {verb} one composed prompt "
            f"through `{profile.invocation[0]}` on its default model",
            file=sys.stderr,
        )
    if args.dry_run:
        for invocation in invocations:
            steps = ", ".join(f"{step.id} {step.task}" for step in invocation.steps)
            print(f"# step {steps} · {invocation.model or 'host default model'}")
            print(shlex.join(invocation.argv))
        return 0
    return _execute(route, profile, Recorder(config.telemetry, route, text), args)


def _execute(route: Route, profile: HostProfile, recorder: Recorder, args: argparse.Namespace) -> int:
    total = len(route.steps) if per_step_switching(profile) else 1

    def report(results: list[StepResult]) -> None:
        first = results[0]
        ids = ", ".join(str(result.step.id) for result in results)
        print(f"=== step {ids} · {first.model or 'host default model'}: {first.status} ===")
        if first.output.strip() and not args.quiet:
            print(first.output.rstrip())
        if first.status is not StepStatus.OK and first.errors.strip():
            print(first.errors.rstrip()[-2000:], file=sys.stderr)
        recorder.record(results)

    with interrupt_flag() as interrupted:
        results = Runner(
            route,
            profile,
            cwd=Path.cwd(),
            env=os.environ,
            timeout=args.timeout,
            keep_going=args.keep_going,
            interrupted=interrupted,
            progress=Progress(total),
            on_results=report,
        ).run()
    counts = {status: sum(r.status is status for r in results) for status in StepStatus}
    print("routesmith: " + ", ".join(f"{n} {status}" for status, n in counts.items() if n), file=sys.stderr)
    if counts[StepStatus.ABORTED]:
        return 130
    return 0 if counts[StepStatus.OK] == len(results) else 1


class Recorder:
    """Each finished step's outcome into the telemetry log, as soon as it is known.

    A telemetry failure is reported and the run goes on: the step ran either way, and losing its record
    must not stop the steps after it.
    """

    def __init__(self, settings: TelemetrySettings, route: Route, prompt: str) -> None:
        from routesmith.telemetry import open_log

        self.log = open_log(settings) if settings.enabled else None
        self.settings = settings
        self.route = route
        self.route_id = uuid.uuid4().hex
        self.prompt = prompt
        self.prompt_hash: str | None = None

    def record(self, results: list[StepResult]) -> None:
        from routesmith.telemetry import TelemetryError
        from routesmith.telemetry.privacy import prompt_hash

        if self.log is None:
            return
        try:
            # Salted, so repeated runs of one request group together without the log holding its text.
            self.prompt_hash = self.prompt_hash or prompt_hash(self.prompt)
            self.log.append([self._outcome(result) for result in results])
        except TelemetryError as exc:
            print(f"routesmith: outcome not recorded: {exc}", file=sys.stderr)

    def _outcome(self, result: StepResult) -> OutcomeRecord:
        return OutcomeRecord(
            time=time.time(),
            host=self.route.host,
            model=result.model or HOST_DEFAULT_MODEL,
            task=result.step.task,
            capability=result.step.capability,
            success=result.status is StepStatus.OK,
            source=Source.RUN,
            duration_ms=result.duration_ms,
            route_id=self.route_id,
            step_id=result.step.id,
            prompt_hash=self.prompt_hash,
        )
