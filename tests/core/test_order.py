"""`depends_on` names direct predecessors only (the transitive reduction), and stays linear in the prompt."""

from __future__ import annotations

import random

import pytest

from routesmith.decompose import decompose
from routesmith.decompose import order as order_module
from routesmith.decompose.order import dependencies, execution_order, phase
from routesmith.model import Step, TaskType

C, T, D, P, V, A = (
    TaskType.CODING,
    TaskType.TESTING,
    TaskType.DOCUMENTATION,
    TaskType.PLANNING,
    TaskType.REVIEW,
    TaskType.ANALYSIS,
)

WINDOW = order_module._WINDOW  # the real one (the test below narrows it)

PROMPTS = [
    "Plan this feature, implement it, add tests, and write docs",
    "Implement the feature and add tests, then write docs. " * 4,
    "Plan it. Implement login, implement signup, add tests for login, then add tests for signup.",
    "Investigate the crash, plan a fix, implement it, add a regression test, update the docs and review it.",
    "1. Plan the migration\n2. Implement it\n3. Add tests\n4. Update the docs\n5. Finally review it\n",
    "Write the failing tests first, then implement the parser, then refactor it and get it reviewed.",
]


def closure(steps: list[Step]) -> dict[int, set[int]]:
    by_id = {step.id: step for step in steps}
    found: dict[int, set[int]] = {}
    for step in steps:  # execution order: dependencies come first
        found[step.id] = set(step.depends_on).union(*(found[d] for d in step.depends_on))
        assert all(d in by_id for d in step.depends_on)
    return found


@pytest.mark.parametrize("text", PROMPTS)
def test_no_dependency_is_implied_by_another(text: str) -> None:
    steps = decompose(text).steps
    reach = closure(steps)
    for step in steps:
        for dep in step.depends_on:
            others = set(step.depends_on) - {dep}
            assert not any(dep in reach[other] for other in others), (step, dep)


def test_each_repeated_workflow_builds_on_its_own_steps() -> None:
    steps = decompose("Implement the feature and add tests, then write docs. " * 3).steps
    code = [s.id for s in steps if s.task is C]
    tests = [s for s in steps if s.task is T]
    docs = [s for s in steps if s.task is D]
    assert [t.depends_on for t in tests] == [[c] for c in code]  # the code written just before
    assert [d.depends_on for d in docs] == [
        [t.id] for t in tests
    ]  # "then": after the tests, not the code too


def test_a_closing_review_names_only_what_nothing_else_covers() -> None:
    steps = decompose(
        "1. Plan the migration\n2. Implement it\n3. Add tests\n4. Finally review the change\n"
    ).steps
    assert [(s.task, s.depends_on) for s in steps] == [(P, []), (C, [1]), (T, [2]), (V, [3])]


@pytest.mark.parametrize("window", [WINDOW, 16, 1])
def test_dependencies_keep_every_explicit_order_edge_reachable(window: int, monkeypatch) -> None:
    # A small window sends most checks down the path for dependencies further back than it: still
    # correct (every edge kept reachable), minimal only within the window.
    monkeypatch.setattr(order_module, "_WINDOW", window)
    monkeypatch.setattr(order_module, "_MASK", (1 << window) - 1)
    rng = random.Random(7)
    tasks = [rng.choice([A, P, C, T, D, V]) for _ in range(300)]
    edges = [(i, j) for i in range(300) for j in (i + 1, i + rng.randrange(2, 40)) if j < 300]
    order = execution_order([phase(t) for t in tasks], edges)
    deps = dependencies(tasks, order, edges)
    position = {index: k for k, index in enumerate(order)}
    reach: dict[int, set[int]] = {}
    for index in order:
        assert all(position[d] < position[index] for d in deps[index])
        reach[index] = set(deps[index]).union(*(reach[d] for d in deps[index]))
        if window == WINDOW:
            assert not any(d in reach[o] for d in deps[index] for o in deps[index] if o != d)
    for a, b in edges:
        if position[a] < position[b]:
            assert a in reach[b], (a, b)


def test_output_grows_linearly_with_the_prompt() -> None:
    small = decompose("Implement the feature and add tests, then write docs. " * 50).steps
    large = decompose("Implement the feature and add tests, then write docs. " * 500).steps
    assert len(large) == 10 * len(small)
    assert max(len(s.depends_on) for s in large) == max(len(s.depends_on) for s in small) == 1


def test_every_step_of_a_list_item_follows_the_item_before() -> None:
    text = "1. Implement the parser\n2. Document the parser\n3. Fix the lexer bug and add a regression test\n"
    steps = decompose(text).steps
    assert [s.text for s in steps] == [
        "Implement the parser",
        "Document the parser",
        "Fix the lexer bug",
        "add a regression test",
    ]  # the test of item 3 does not float ahead of items 1 and 2 by phase
    assert [s.depends_on for s in steps] == [[], [1], [2], [3]]


def test_the_explain_table_names_three_dependencies_and_counts_the_rest() -> None:
    from routesmith.routing import short_dependencies

    assert short_dependencies([]) == "-"
    assert short_dependencies([4, 7, 9]) == "4,7,9"
    assert short_dependencies([1, 2, 3, 4, 5], ", ") == "1, 2, 3 +2"
