"""English one-line and short prompts: verb senses, wishes, postponements and objects that only look like tasks."""

from __future__ import annotations

from routesmith.decompose import decompose
from routesmith.model import TaskType

P, A, C, T, R, D, F, V = (
    TaskType.PLANNING,
    TaskType.ANALYSIS,
    TaskType.CODING,
    TaskType.TESTING,
    TaskType.REFACTOR,
    TaskType.DOCUMENTATION,
    TaskType.FORMATTING,
    TaskType.REVIEW,
)


def tasks(text: str) -> list[TaskType]:
    return [step.task for step in decompose(text).steps]


def test_a_replacement_brings_in_new_code_unless_its_object_is_clean_up() -> None:
    assert tasks("Replace the docs site search bar with lunr.js and add a test for the index builder") == [C, T]
    assert tasks("Replace it with argon2id") == [C]
    assert tasks("replace the dead code with a call to the helper") == [R]


def test_a_checklist_is_a_document_not_a_plan() -> None:
    assert tasks("Write a code review checklist for our team's PRs") == [D]
    assert tasks("write a release checklist") == [D]
    assert tasks("write a migration plan") == [P]
