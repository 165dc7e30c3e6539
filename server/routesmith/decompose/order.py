"""Execution order and dependencies of the steps found in a prompt.

Explicit order in the prompt ("then", "first", "before X", "after X", list order) is a hard edge.
Where the prompt says nothing, steps follow the phases in order.toml (analysis before planning before
coding...), keeping the prompt's order within a phase. Contradicting markers cannot deadlock: a cycle
is broken at the step that comes first by phase and position.

`depends_on` says whose output a step builds on: its explicit predecessors, plus the recent steps of the
first task group it consumes (tests depend on the code they test; docs on the code, not on its tests).
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Sequence
from pathlib import Path

import msgspec

from routesmith import compiled
from routesmith.model import TaskType


class _Rules(msgspec.Struct, frozen=True):
    phase: dict[str, float]
    consumes: dict[TaskType, list[list[TaskType]]]


_RULES = compiled.load_toml("order", Path(__file__).with_name("order.toml"), __file__, _Rules)
EARLY_TESTING = _RULES.phase["early_testing"]


def phase(task: TaskType, early: bool = False) -> float:
    return EARLY_TESTING if early and task is TaskType.TESTING else _RULES.phase[task]


def execution_order(phases: Sequence[float], edges: Sequence[tuple[int, int]]) -> list[int]:
    """Indexes 0..n-1 (in prompt order) sorted topologically over `edges` (a before b), ties and cycles
    resolved by (phase, prompt position)."""
    n = len(phases)
    successors: list[list[int]] = [[] for _ in range(n)]
    indegree = [0] * n
    for a, b in set(edges):
        if a != b:
            successors[a].append(b)
            indegree[b] += 1
    ready = [(phases[i], i) for i in range(n) if indegree[i] == 0]
    heapq.heapify(ready)
    done = [False] * n
    order: list[int] = []
    while len(order) < n:
        if not ready:  # a cycle: release the best remaining step
            best = min((i for i in range(n) if not done[i]), key=lambda i: (phases[i], i))
            indegree[best] = 0
            ready.append((phases[best], best))
        _, i = heapq.heappop(ready)
        if done[i]:
            continue
        done[i] = True
        order.append(i)
        for j in successors[i]:
            indegree[j] -= 1
            if indegree[j] == 0 and not done[j]:
                heapq.heappush(ready, (phases[j], j))
    return order


def dependencies(
    tasks: Sequence[TaskType], order: Sequence[int], edges: Sequence[tuple[int, int]]
) -> dict[int, list[int]]:
    """For each index, the indexes it depends on (all earlier in `order`).

    A step consumes the steps of its first group that ran since the previous step of its own task (the
    second test after a second implementation tests that one); when none did, it builds on what the
    previous step of its task built on (two implementations after one plan both follow the plan).
    """
    position = {index: k for k, index in enumerate(order)}
    explicit: dict[int, set[int]] = {}
    for a, b in edges:
        if a != b and position[a] < position[b]:
            explicit.setdefault(b, set()).add(a)
    seen: dict[TaskType, list[int]] = {}  # per task, its steps so far (in execution order)
    seen_at: dict[TaskType, list[int]] = {}  # their positions, for bisection
    shared: dict[TaskType, list[int]] = {}  # per task, what its previous step consumed
    result: dict[int, list[int]] = {}
    for index in order:
        task = tasks[index]
        deps = set(explicit.get(index, ()))
        if task is TaskType.REVIEW:
            deps.update(steps[-1] for kind, steps in seen.items() if kind is not TaskType.REVIEW)
        else:
            mine = seen_at.get(task)
            after = mine[-1] if mine else -1
            for group in _RULES.consumes.get(task, []):
                if not any(kind in seen for kind in group):
                    continue
                consumed = [
                    step
                    for kind in group
                    if kind in seen
                    for step in seen[kind][bisect.bisect_right(seen_at[kind], after) :]
                ]
                consumed = consumed or shared.get(task, [])
                shared[task] = consumed
                deps.update(consumed)
                break
        result[index] = sorted(deps, key=position.__getitem__)
        seen.setdefault(task, []).append(index)
        seen_at.setdefault(task, []).append(position[index])
    return result
