"""Execute a routed prompt through the host's own CLI, one invocation per step.

Where the host can pick a model per invocation, each step runs as its own child process with the
step's model, and its prompt carries the trimmed final output of the steps it depends on, so the work
chains. Where it cannot, nothing is faked: the steps are composed into one prompt with per-step
strategy sections, which is either sent once through the host's CLI (on its default model) or printed
for the user to paste.

Every child runs in its own process group: a timeout or Ctrl-C stops the whole tree an agent CLI may
have spawned, not just its first process.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TextIO

import msgspec

from routesmith.errors import UserError
from routesmith.model import HostProfile, Route, Step, SwitchMode

# Agents put their answer last; the tail is what the next step needs, and argv has limits.
CONTEXT_CHARS = 6000
# Time a stopped child gets to exit after SIGTERM before it is killed.
STOP_GRACE_SECONDS = 3.0
POLL_SECONDS = 0.1

_PLACEHOLDER = re.compile(r"\{(model|prompt)\}")


class StepStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"
    TIMEOUT = "timeout"
    ABORTED = "aborted"  # stopped by Ctrl-C / SIGTERM
    SKIPPED = "skipped"  # never started


class StepResult(msgspec.Struct, kw_only=True):
    step: Step
    status: StepStatus
    model: str | None = None
    duration_ms: float = 0.0
    returncode: int | None = None
    output: str = ""
    errors: str = ""
    note: str = ""


class Invocation(msgspec.Struct, kw_only=True):
    """One child process to start: which steps it covers, with which model."""

    steps: list[Step]
    argv: list[str]
    model: str | None


def per_step_switching(profile: HostProfile | None) -> bool:
    return profile is not None and bool(profile.invocation) and SwitchMode.INVOCATION in profile.switch_modes


def render_argv(template: list[str], *, model: str | None, prompt: str) -> list[str]:
    """Fill the host's argv template in one pass, so a prompt that contains "{model}" stays verbatim.

    Without a model the model argument (and the flag right before it) is left out, so the host runs
    on its own default instead of on an empty or invented model name.
    """
    values = {"model": model or "", "prompt": prompt}
    argv: list[str] = []
    for token in template:
        if model is None and "{model}" in token:
            if token == "{model}" and argv and argv[-1].startswith("-"):
                argv.pop()
            continue
        argv.append(_PLACEHOLDER.sub(lambda match: values[match.group(1)], token))
    return argv


def trim_output(text: str, limit: int = CONTEXT_CHARS) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    return f"[... {len(text) - limit} earlier characters trimmed]\n{text[-limit:]}"


def step_prompt(step: Step, outputs: Mapping[int, str], steps_by_id: Mapping[int, Step]) -> str:
    """The step's own text plus what its dependencies produced."""
    parts = [step.text.strip()]
    if step.condition:
        parts.append(f"Only do this if: {step.condition}")
    for dep in step.depends_on:
        if dep in outputs:
            dep_step = steps_by_id[dep]
            parts.append(
                f"--- Output of step {dep} ({dep_step.task}: {dep_step.text.strip()}) ---\n{outputs[dep]}"
            )
    return "\n\n".join(parts)


def composed_prompt(route: Route, display: str) -> str:
    """One prompt for a host that cannot switch models: every step with how to approach it."""
    lines = [
        f"Work through these {len(route.steps)} steps in order. {display} runs this whole request on one "
        "model, so each step says how to approach it.",
    ]
    for step in route.steps:
        after = f", after step {', '.join(map(str, step.depends_on))}" if step.depends_on else ""
        lines += ["", f"## Step {step.id}: {step.task} ({step.capability}{after})", step.text.strip()]
        if step.condition:
            lines.append(f"Only if: {step.condition}")
        if step.strategy:
            lines.append(f"Approach: {step.strategy}")
        if step.approval_gate:
            lines.append("Stop after this step and wait for approval.")
    return "\n".join(lines) + "\n"


def step_invocation(
    profile: HostProfile, step: Step, outputs: Mapping[int, str], steps_by_id: Mapping[int, Step]
) -> Invocation:
    prompt = step_prompt(step, outputs, steps_by_id)
    return Invocation(
        steps=[step], model=step.model, argv=render_argv(profile.invocation, model=step.model, prompt=prompt)
    )


def composed_invocation(route: Route, profile: HostProfile) -> Invocation:
    """The whole request as one prompt on the host's default model."""
    argv = render_argv(profile.invocation, model=None, prompt=composed_prompt(route, profile.display))
    return Invocation(steps=list(route.steps), argv=argv, model=None)


def plan(route: Route, profile: HostProfile | None) -> list[Invocation]:
    """The invocations `run` would start, with dependency outputs left as placeholders (for --dry-run)."""
    if profile is None or not profile.invocation:
        return []
    if not per_step_switching(profile):
        return [composed_invocation(route, profile)]
    steps_by_id = {step.id: step for step in route.steps}
    placeholders = {step.id: f"<output of step {step.id}>" for step in route.steps}
    return [step_invocation(profile, step, placeholders, steps_by_id) for step in route.steps]


@contextlib.contextmanager
def interrupt_flag() -> Iterator[threading.Event]:
    """Turn Ctrl-C and SIGTERM into a flag the wait loop checks, so a step is stopped and recorded
    instead of the interrupt landing halfway through writing the telemetry log."""
    event = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: event.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield event
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def execute(
    argv: list[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    timeout: float | None,
    interrupted: threading.Event,
    on_tick: Callable[[float], None],
) -> tuple[StepStatus, int | None, str, str, float]:
    """Run one child to completion, timeout or interrupt: (status, returncode, stdout, stderr, seconds)."""
    # Files, not pipes: an agent printing megabytes can never block on a full pipe while we poll.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        try:
            proc = subprocess.Popen(
                argv,
                cwd=cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        except OSError as exc:  # e.g. E2BIG: a prompt longer than one argv entry may be
            return StepStatus.FAILED, None, "", f"cannot start `{argv[0]}`: {exc.strerror}", 0.0
        status = StepStatus.OK
        while True:
            try:
                proc.wait(POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                elapsed = time.monotonic() - start
                on_tick(elapsed)
                if interrupted.is_set() or (timeout is not None and elapsed >= timeout):
                    status = StepStatus.ABORTED if interrupted.is_set() else StepStatus.TIMEOUT
                    _stop_group(proc)
                    break
        seconds = time.monotonic() - start
        if status is StepStatus.OK and proc.returncode != 0:
            status = StepStatus.FAILED
        out.seek(0)
        err.seek(0)
        return (
            status,
            proc.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            seconds,
        )


class Progress:
    """Step n/m, model and elapsed time on stderr: one live line on a terminal, plain lines otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None, *, live: bool | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self._label = ""

    def start(self, index: int, steps: list[Step], model: str | None) -> None:
        tasks = "+".join(step.task for step in steps)
        self._label = f"[{index}/{self.total}] {tasks} · {model or 'host default model'}"
        if not self.live:
            print(f"{self._label}: started", file=self.stream, flush=True)

    def tick(self, elapsed: float) -> None:
        if self.live:
            print(f"\r\x1b[2K{self._label} · {elapsed:.1f}s", end="", file=self.stream, flush=True)

    def finish(self, result: StepResult) -> None:
        prefix = "\r\x1b[2K" if self.live else ""
        detail = f" ({result.note})" if result.note else ""
        seconds = result.duration_ms / 1000
        print(
            f"{prefix}{self._label}: {result.status} in {seconds:.1f}s{detail}", file=self.stream, flush=True
        )

    def skipped(self, step: Step, note: str) -> None:
        print(f"[-/{self.total}] step {step.id} {step.task}: skipped ({note})", file=self.stream, flush=True)


class Runner:
    """Runs the invocations of a route in order, chaining outputs and skipping what cannot run."""

    def __init__(
        self,
        route: Route,
        profile: HostProfile,
        *,
        cwd: Path,
        env: Mapping[str, str],
        timeout: float | None,
        keep_going: bool,
        interrupted: threading.Event,
        progress: Progress,
        on_results: Callable[[list[StepResult]], None],
    ) -> None:
        self.route = route
        self.profile = profile
        self.cwd = cwd
        self.env = env
        self.timeout = timeout
        self.keep_going = keep_going
        self.interrupted = interrupted
        self.progress = progress
        self.on_results = on_results

    def run(self) -> list[StepResult]:
        # Checked before the first step, so a missing CLI never leaves a half-run request behind.
        if shutil.which(self.profile.invocation[0], path=self.env.get("PATH")) is None:
            raise UserError(
                f"host CLI `{self.profile.invocation[0]}` not found on PATH (--dry-run shows the commands)"
            )
        if per_step_switching(self.profile):
            return self._run_per_step()
        return self._run_composed()

    def _run_per_step(self) -> list[StepResult]:
        steps_by_id = {step.id: step for step in self.route.steps}
        outputs: dict[int, str] = {}
        results: dict[int, StepResult] = {}
        stop_note = ""
        for index, step in enumerate(self.route.steps, start=1):
            blocked = [
                dep for dep in step.depends_on if dep in results and results[dep].status != StepStatus.OK
            ]
            note = f"needs step {blocked[0]}, which did not succeed" if blocked else stop_note
            if note:
                results[step.id] = self._emit_skip(step, note)
                continue
            result = self._invoke(index, step_invocation(self.profile, step, outputs, steps_by_id))[0]
            results[step.id] = result
            if result.status is StepStatus.OK:
                outputs[step.id] = trim_output(result.output)
            elif result.status is StepStatus.ABORTED:
                stop_note = "run aborted"
            elif not self.keep_going:
                stop_note = (
                    f"stopped after step {step.id} {result.status}; --keep-going runs independent steps"
                )
        return [results[step.id] for step in self.route.steps]

    def _run_composed(self) -> list[StepResult]:
        return self._invoke(1, composed_invocation(self.route, self.profile))

    def _emit_skip(self, step: Step, note: str) -> StepResult:
        result = StepResult(step=step, status=StepStatus.SKIPPED, note=note)
        self.progress.skipped(step, note)
        return result

    def _invoke(self, index: int, invocation: Invocation) -> list[StepResult]:
        self.progress.start(index, invocation.steps, invocation.model)
        status, returncode, out, err, seconds = execute(
            invocation.argv,
            cwd=self.cwd,
            env=self.env,
            timeout=self.timeout,
            interrupted=self.interrupted,
            on_tick=self.progress.tick,
        )
        note = {
            StepStatus.FAILED: f"exit status {returncode}" if returncode is not None else err,
            StepStatus.TIMEOUT: f"no result within {self.timeout:g}s" if self.timeout else "",
            StepStatus.ABORTED: "interrupted",
        }.get(status, "")
        results = [
            StepResult(
                step=step,
                status=status,
                model=invocation.model,
                duration_ms=seconds * 1000,
                returncode=returncode,
                output=out,
                errors=err,
                note=note,
            )
            for step in invocation.steps
        ]
        self.progress.finish(results[0])
        self.on_results(results)
        return results
