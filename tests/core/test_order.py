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


def all_pairs_edges(
    groups: list[int], first: list[bool], last: list[bool], before_earlier: list[bool]
) -> list[tuple[int, int]]:
    """The reference: the decomposer's old reading of "first", "last" and "before that", one edge per pair
    of steps in a group (quadratic in a long paragraph)."""
    members: dict[int, list[int]] = {}
    for k, group in enumerate(groups):
        members.setdefault(group, []).append(k)
    edges = []
    for k, group in enumerate(groups):
        if first[k] or last[k]:
            for other in members[group]:
                if other != k:
                    edges.append((k, other) if first[k] else (other, k))
        if before_earlier[k] and k > 0:
            earlier = [j for j in members[group] if j < k] or [k - 1]
            edges.extend((k, j) for j in earlier)
    return edges


Marks = tuple[list[int], list[bool], list[bool], list[bool]]  # group, first, last, before that


def random_steps(rng: random.Random) -> tuple[list[TaskType], list[tuple[int, int]], Marks]:
    """Steps with random tasks, groups, markers and plain edges ("then", and some against the text's order,
    which make cycles)."""
    n = rng.randrange(1, 30)
    tasks = [rng.choice(list(TaskType)) for _ in range(n)]
    groups = [rng.randrange(4) for _ in range(n)]
    if rng.random() < 0.7:
        groups.sort()  # paragraphs one after the other; else interleaved, like a list's items
    odds = rng.choice([0.05, 0.2, 0.5])
    first, last, before_earlier = ([rng.random() < odds for _ in range(n)] for _ in range(3))
    edges = [(k - 1, k) for k in range(1, n) if rng.random() < odds]
    edges += [(rng.randrange(n), rng.randrange(n)) for _ in range(rng.randrange(4))]
    return tasks, edges, (groups, first, last, before_earlier)


def closure_of(order: list[int], deps: dict[int, list[int]]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for index in order:
        assert all(d in found for d in deps[index])  # built on steps run before it
        found[index] = set(deps[index]).union(*(found[d] for d in deps[index]))
    return found


@pytest.mark.parametrize("window", [WINDOW, 4])
def test_rank_classes_order_and_reduce_like_an_edge_per_pair(window: int, monkeypatch) -> None:
    # Within the window the reduction is exact, so the output is the same; further back each side may keep a
    # different redundant dependency (the old one more often), but both keep the same closure.
    monkeypatch.setattr(order_module, "_WINDOW", window)
    monkeypatch.setattr(order_module, "_MASK", (1 << window) - 1)
    rng = random.Random(13)
    for case in range(3000):
        tasks, edges, marks = random_steps(rng)
        phases = [phase(task, early=rng.random() < 0.1) for task in tasks]
        reference_edges = edges + all_pairs_edges(*marks)
        expected_order = execution_order(phases, reference_edges)
        expected = dependencies(tasks, expected_order, reference_edges)
        ranks, before_nothing = order_module.rank_groups(*marks)
        order = execution_order(phases, edges + before_nothing, ranks)
        assert order == expected_order, (case, tasks, edges, marks)
        found = dependencies(tasks, order, edges + before_nothing, ranks)
        if window == WINDOW:
            assert found == expected, (case, tasks, edges, marks)
        else:
            assert closure_of(order, found) == closure_of(order, expected), (case, tasks, edges, marks)


def test_beyond_the_window_a_dependency_another_holds_as_latest_of_its_task_is_dropped(monkeypatch) -> None:
    monkeypatch.setattr(order_module, "_WINDOW", 1)
    monkeypatch.setattr(order_module, "_MASK", 1)
    tasks, edges = [C, T, D, D], [(0, 1), (1, 2), (0, 2), (0, 3), (2, 3)]
    order = execution_order([phase(t) for t in tasks], edges)
    # Docs 2 name the tests only (they hold the code); docs 3 name docs 2, which holds the code two back.
    assert dependencies(tasks, order, edges) == {0: [], 1: [0], 2: [1], 3: [2]}
