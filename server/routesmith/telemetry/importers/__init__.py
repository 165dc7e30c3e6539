"""Import outcomes from the session logs coding-agent hosts keep on this machine (`routesmith import`).

One module per host (`claude_code`, `codex`, `gemini_cli`, `copilot`, `opencode`, `aider`) exposes
`sources(env, home) -> list[Source]`, `stamp(path) -> tuple[int, ...]` and `read(Reading) -> Iterator[Turn]`.
This module runs them: it skips sources whose stamp did not change, pairs each turn with the same
session's next request, holds back a session's last turn until it has been quiet for `SETTLE_SECONDS`
(its next request may still come), judges it (`verdict`), classifies its request with the decomposer in
memory, and appends one OutcomeRecord per turn. Prompt text is never written unless the telemetry
setting `store_prompt_text` asks for it.
"""

from __future__ import annotations

import importlib
import time
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType

import msgspec

from routesmith.model import DEFAULT_CAPABILITY, Config, OutcomeRecord, Source, TaskType
from routesmith.telemetry import open_log
from routesmith.telemetry.importers import common
from routesmith.telemetry.importers.state import ImportState, Progress, import_lock
from routesmith.telemetry.importers.verdict import classify, verdict
from routesmith.telemetry.log import Warn, warn_to_stderr
from routesmith.telemetry.paths import log_path
from routesmith.telemetry.privacy import salted_hasher

HOSTS = ("claude_code", "codex", "gemini_cli", "copilot", "opencode", "aider")
SETTLE_SECONDS = 600.0
BATCH = 10_000
OLDER = "turns older than --since"
SEEN = "turns already imported"
NO_TASK = "turns with no task in the request"
NO_MODEL = "turns with no model in the log"

Report = Callable[[int, int, int], None]  # (sources done, sources, turns read so far)


class HostSummary(msgspec.Struct, kw_only=True):
    host: str
    sources: int = 0  # log files (or databases) found
    changed: int = 0  # of those, read because they were new or had changed
    sessions: int = 0
    turns: int = 0  # turns read in the changed sources
    added: int = 0  # records appended (or, with --dry-run, that would be)
    success: int = 0
    failure: int = 0
    unknown: int = 0
    skipped: dict[str, int] = {}


class ImportSummary(msgspec.Struct, kw_only=True):
    log: str
    dry_run: bool
    hosts: list[HostSummary]
    unreadable: list[str] = []  # one line per source that could not be read


def host_module(host: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{host}")


def available(env: Mapping[str, str], home: Path) -> list[str]:
    """The hosts whose logs exist on this machine."""
    return [host for host in HOSTS if host_module(host).sources(env, home)]


def _model_names(config: Config) -> dict[str, dict[str, str]]:
    """host -> logged model id -> the name routing uses for it (the alias in the profile's capability
    lists, e.g. claude-sonnet-4-6 -> sonnet), so imported evidence counts for the models routing picks."""
    from routesmith.hosts import load_profiles

    names: dict[str, dict[str, str]] = {}
    for host, profile in load_profiles(config).items():
        listed = {name for models in profile.capabilities.values() for name in models}
        for model in profile.models:
            routed = next((n for n in [*model.aliases, model.id] if n in listed), model.id)
            names.setdefault(host, {})[model.id] = routed
    return names


class _Run:
    def __init__(
        self, config: Config, state: ImportState, since: float, dry_run: bool, now: float, warn: Warn
    ) -> None:
        self.settings = config.telemetry
        policy = config.policy.task_capability
        self.capability = {task: policy.get(task) or DEFAULT_CAPABILITY[task] for task in TaskType}
        self.state, self.since, self.dry_run, self.now, self.warn = state, since, dry_run, now, warn
        self.hash = salted_hasher()
        self.log = open_log(self.settings, warn=warn)
        self.records: list[OutcomeRecord] = []
        self.unreadable: list[str] = []
        self.names = _model_names(config)

    def flush(self) -> None:
        """Append the pending records, then save progress: what the seen set holds is in the log."""
        if self.dry_run:
            self.records.clear()
            return
        self.log.append(self.records)
        self.records.clear()
        self.state.save()

    def source(self, module: ModuleType, source: common.Source, summary: HostSummary, counts: Counter) -> int:
        """Read one source if it changed; returns the turns read."""
        key = self.hash(f"source\0{source.path}")
        try:
            stamp = module.stamp(source.path)
        except OSError as exc:
            return self._unreadable(source, exc, counts)
        known = self.state.sources.get(key)
        settling = (
            known is not None and "pending" in known.carry and self.now - stamp[1] / 1e9 < SETTLE_SECONDS
        )
        if known is not None and known.stamp == stamp and ("pending" not in known.carry or settling):
            return 0
        # Resume where the last read stopped, unless the file was replaced or cut (then read it again).
        resume = known is not None and known.stamp[2:3] == stamp[2:3] and known.offset <= stamp[0]
        start = known.offset if resume else 0
        carry = {k: v for k, v in known.carry.items() if k != "pending"} if resume else {}
        reading = common.Reading(source, start, carry, counts, self.hash)
        summary.changed += 1
        tasks: dict[str, TaskType] = {carry["session"]: TaskType(carry["task"])} if "task" in carry else {}
        sessions: set[str] = set()
        held: list[common.Turn] = []
        previous: common.Turn | None = None
        turns = 0
        try:
            for turn in module.read(reading):
                turns += 1
                sessions.add(turn.session)
                if previous is not None:
                    if previous.session == turn.session:
                        previous.next_prompt = turn.prompt
                        self.finish(previous, source.host, summary, counts, tasks)
                    else:
                        self.settle(previous, source.host, summary, counts, tasks, held)
                previous = turn
            if previous is not None:
                self.settle(previous, source.host, summary, counts, tasks, held)
        except common.NewerFormat:
            counts[common.NEWER_FORMAT] += 1
            reading.end, held, reading.carry = stamp[0], [], {}
        except OSError as exc:
            return turns + self._unreadable(source, exc, counts)
        summary.sessions += len(sessions)
        if held:
            first = held[0]
            carry = {**reading.carry, "session": first.session, "model": first.model or "", "pending": "1"}
            if task := tasks.get(first.session):
                carry["task"] = task.value
            progress = Progress(stamp, first.offset, carry)
        else:
            carry = dict(reading.carry)
            if (task := tasks.get(carry.get("session", ""))) is not None:
                carry["task"] = task.value
            progress = Progress(stamp, reading.end, carry)
        self.state.sources[key] = progress
        return turns

    def _unreadable(self, source: common.Source, exc: OSError, counts: Counter) -> int:
        counts[common.UNREADABLE] += 1
        self.unreadable.append(f"{source.path}: {exc.strerror or exc}")
        self.warn(f"cannot read {source.path}: {exc.strerror or exc}")
        return 0

    def settle(
        self,
        turn: common.Turn,
        host: str,
        summary: HostSummary,
        counts: Counter,
        tasks: dict[str, TaskType],
        held: list[common.Turn],
    ) -> None:
        """A session's last turn: judged once the session has been quiet, else held for the next run."""
        if self.now - max(turn.end, turn.start) >= SETTLE_SECONDS:
            self.finish(turn, host, summary, counts, tasks)
        else:
            held.append(turn)

    def finish(
        self,
        turn: common.Turn,
        host: str,
        summary: HostSummary,
        counts: Counter,
        tasks: dict[str, TaskType],
    ) -> None:
        task = TaskType(turn.task) if turn.task else classify(turn.prompt)
        if task is None:  # "yes, go on": the same work as the session's previous request
            task = tasks.get(turn.session)
        else:
            tasks[turn.session] = task
        if turn.start < self.since:
            counts[OLDER] += 1
            return
        turn_hash = self.hash(f"turn\0{host}\0{turn.key}")
        if self.state.seen(turn_hash):
            counts[SEEN] += 1
            return
        if task is None:
            counts[NO_TASK] += 1
            return
        if not turn.model:
            counts[NO_MODEL] += 1
            return
        success, reasons = verdict(turn)
        duration = turn.duration_ms
        if duration is None and turn.end > turn.start:
            duration = round((turn.end - turn.start) * 1000.0, 1)
        self.records.append(
            OutcomeRecord(
                time=turn.start,
                host=host,
                model=self.names.get(host, {}).get(turn.model, turn.model),
                task=task,
                capability=self.capability[task],
                success=success,
                source=Source.IMPORT,
                duration_ms=duration,
                prompt_text=turn.prompt if self.settings.store_prompt_text else None,
                session_hash=turn.session,
                turn_hash=turn_hash,
                input_tokens=turn.input_tokens,
                output_tokens=turn.output_tokens,
                reasons=reasons,
            )
        )
        summary.added += 1
        if success is None:
            summary.unknown += 1
        elif success:
            summary.success += 1
        else:
            summary.failure += 1
        if len(self.records) >= BATCH:
            self.flush()


def run_import(
    config: Config,
    hosts: list[str] | None,
    *,
    since: float,
    dry_run: bool = False,
    rescan: bool = False,
    env: Mapping[str, str],
    home: Path,
    now: float | None = None,
    report: Report | None = None,
    warn: Warn = warn_to_stderr,
    wait: bool = True,
) -> ImportSummary | None:
    """Import the logs of `hosts` (default: every host whose logs exist); None when `wait` is off and
    another import is running."""
    path = log_path(config.telemetry)
    now = time.time() if now is None else now
    with import_lock(path, wait) as locked:
        if not locked:
            return None
        state = ImportState(path)
        if rescan:
            state.sources = {}
        run = _Run(config, state, since, dry_run, now, warn)
        chosen = [(host, host_module(host)) for host in (hosts or HOSTS)]
        found = [(host, module, module.sources(env, home)) for host, module in chosen]
        total = sum(len(sources) for _, _, sources in found)
        summaries, done, turns = [], 0, 0
        for host, module, sources in found:
            if not sources and not hosts:
                continue
            summary = HostSummary(host=host, sources=len(sources))
            counts: Counter[str] = Counter()
            for source in sources:
                turns_read = run.source(module, source, summary, counts)
                summary.turns += turns_read
                turns += turns_read
                done += 1
                if report is not None:
                    report(done, total, turns)
            summary.skipped = dict(sorted(counts.items()))
            summaries.append(summary)
        run.flush()
        return ImportSummary(log=str(path), dry_run=dry_run, hosts=summaries, unreadable=run.unreadable)
