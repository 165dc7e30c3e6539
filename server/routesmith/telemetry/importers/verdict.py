"""The success rule for an imported turn, and its task from the decomposer. Conservative by design: a turn
is a failure only on a sign the log shows, a success only on a sign of acceptance, and `unknown` (None)
otherwise. The README's "Importing session logs" section states the same rule.

1. Failure, when any of: the user interrupted or cancelled the turn; the user's next message reads as a
   correction ("no, ...", "that's wrong", "still failing", "undo", ...); the turn's last test run failed;
   the turn's last tool call failed (an error or a non-zero exit).
2. Otherwise unknown, when the turn ended on an API error (it says nothing about the model's work).
3. Otherwise success, when the turn's last test run passed, or the user went on with a new request that is
   not a correction (the next turn of the same session).
4. Otherwise unknown: the last turn of a session with no test run, where nothing says how it went.
"""

from __future__ import annotations

import re
from functools import lru_cache

from routesmith.decompose import decompose
from routesmith.model import TaskType, VerdictReason
from routesmith.telemetry.importers.common import Turn

# Only a request's opening is read for its task: a pasted log or file adds cost, not a better answer.
CLASSIFY_CHARS = 2000

_CORRECTION = re.compile(
    r"""(?ix)^\W*(?:
        no(?:pe)?\b(?!\s+(?:need|worries|problem|rush)) | wrong\b | incorrect\b | not\ (?:quite|right|what)\b
      | (?:that|this|it)(?:'s|\ is|\ was)\ (?:not|wrong|incorrect|broken)
      | (?:that|this|it)\ (?:didn't|did\ not|doesn't|does\ not)\b
      | (?:it\ )?(?:still|again)\ (?:fails?|failing|broken|doesn't|does\ not|not\ working)
      | (?:doesn't|does\ not|didn't|did\ not)\ work | you\ (?:broke|missed|forgot|didn't|did\ not)\b
      | (?:please\ )?(?:undo|revert|roll\ ?back)\b | stop\b | why\ did\ you\b | try\ again\b
      | (?:ça|ca)\ ne\ marche\ pas | non\b | das\ (?:ist\ falsch|funktioniert\ nicht) | falsch\b
      | eso\ no\b | no\ funciona
    )"""
)


def is_correction(text: str) -> bool:
    return _CORRECTION.match(text[:200]) is not None


def verdict(turn: Turn) -> tuple[bool | None, list[VerdictReason]]:
    failures = []
    if turn.interrupted:
        failures.append(VerdictReason.INTERRUPTED)
    if turn.corrected or (turn.next_prompt is not None and is_correction(turn.next_prompt)):
        failures.append(VerdictReason.CORRECTION)
    if turn.tests_passed is False:
        failures.append(VerdictReason.TESTS_FAILED)
    if turn.last_tool_failed:
        failures.append(VerdictReason.TOOL_FAILED)
    if failures:
        return False, failures
    if turn.api_error:
        return None, [VerdictReason.API_ERROR]
    accepted = []
    if turn.tests_passed:
        accepted.append(VerdictReason.TESTS_PASSED)
    if turn.next_prompt is not None:
        accepted.append(VerdictReason.MOVED_ON)
    if accepted:
        return True, accepted
    return None, [VerdictReason.NO_SIGNAL]


@lru_cache(maxsize=4096)  # follow-ups repeat ("continue", "run the tests again"); the cache lives in memory
def classify(text: str) -> TaskType | None:
    """The request's main task: the one whose steps cover most of its text (the earliest on a tie); None
    when the decomposer finds no task ("yes", "go on")."""
    cover: dict[TaskType, int] = {}
    for step in decompose(text[:CLASSIFY_CHARS]).steps:
        cover[step.task] = cover.get(step.task, 0) + step.span[1] - step.span[0]
    return max(cover, key=cover.__getitem__) if cover else None  # dicts keep order: ties go to the earliest
