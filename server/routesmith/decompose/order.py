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
    """For each index (prompt order), the steps it builds on directly, all earlier in `order`: the
    transitive reduction (docs written after the tests of some code name the tests, not the code as well;
    whoever wants the closure follows `depends_on` further).

    What a step builds on: its explicit predecessors, plus the steps of its first group (order.toml) that
    were written since the previous step of its own task ("implement A and add tests, then implement B and
    add tests": each test tests its own code); when none were, those that ran since the previous step of
    its task (the second test after a second implementation tests that one); when none did, what the
    previous step of its task built on (two implementations after one plan both follow the plan).
    """
    position = [0] * len(tasks)
    for k, index in enumerate(order):
        position[index] = k
    explicit: dict[int, set[int]] = {}
    for a, b in edges:
        if a != b and position[a] < position[b]:
            explicit.setdefault(b, set()).add(a)
    written: dict[TaskType, list[int]] = {}  # per task, its steps in prompt order
    previous_written = [-1] * len(tasks)  # the previous step of the same task in the prompt
    for index, task in enumerate(tasks):
        mine = written.setdefault(task, [])
        previous_written[index] = mine[-1] if mine else -1
        mine.append(index)
    seen: dict[TaskType, list[int]] = {}  # per task, its steps so far (in execution order)
    seen_at: dict[TaskType, list[int]] = {}  # their positions, for bisection
    shared: dict[TaskType, list[int]] = {}  # per task, what its previous step consumed
    result: dict[int, list[int]] = {}
    latest = _Latest(tasks, position)
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
                since = previous_written[index]
                consumed = [
                    step
                    for kind in group
                    for step in _between(written.get(kind, []), since, index)
                    if position[step] < position[index]
                ] or [
                    step
                    for kind in group
                    if kind in seen
                    for step in seen[kind][bisect.bisect_right(seen_at[kind], after) :]
                ]
                consumed = consumed or shared.get(task, [])
                shared[task] = consumed
                deps.update(consumed)
                break
        result[index] = latest.add(index, deps, result)
        seen.setdefault(task, []).append(index)
        seen_at.setdefault(task, []).append(position[index])
    return result


def _between(indexes: list[int], low: int, high: int) -> list[int]:
    """The sorted `indexes` strictly between `low` and `high`."""
    return indexes[bisect.bisect_right(indexes, low) : bisect.bisect_left(indexes, high)]


# A dependency that cannot be shown redundant within this many visited steps stays: still true, only not
# minimal, and the reduction stays linear in the prompt however its steps are wired.
_SEARCH_BUDGET = 512


class _Latest:
    """Per step, the latest execution position of each task among the steps it builds on (itself
    included): most redundancy checks are then a comparison, and the rest a search that skips whatever
    cannot lead to a redundant dependency."""

    def __init__(self, tasks: Sequence[TaskType], position: Sequence[int]) -> None:
        self.tasks, self.position = tasks, position
        self.kinds = {task: k for k, task in enumerate(TaskType)}
        self.latest: dict[int, list[int]] = {}

    def add(self, index: int, deps: set[int], reduced: dict[int, list[int]]) -> list[int]:
        """`deps` without those another of them builds on, in execution order; records `index`."""
        position = self.position
        kept = sorted(deps, key=position.__getitem__)
        if len(kept) > 1:
            redundant = self._redundant(kept, reduced)
            kept = [dep for dep in kept if dep not in redundant]
        latest = [-1] * len(self.kinds)
        for dep in kept:
            latest = list(map(max, latest, self.latest[dep]))
        latest[self.kinds[self.tasks[index]]] = position[index]
        self.latest[index] = latest
        return kept

    def _redundant(self, deps: list[int], reduced: dict[int, list[int]]) -> set[int]:
        """The `deps` that another of them builds on, directly or through other steps."""
        found: set[int] = set()
        floor: dict[int, int] = {}  # per task, the earliest dependency of it still in question
        top: list[list[tuple[int, int]]] = [[(-1, -1), (-1, -1)] for _ in self.kinds]  # two best per task
        for dep in deps:
            for kind, at in enumerate(self.latest[dep]):
                best = top[kind]
                if at > best[0][0]:
                    best[:] = [(at, dep), best[0]]
                elif at > best[1][0]:
                    best[1] = (at, dep)
        for dep in deps:
            kind, at = self.kinds[self.tasks[dep]], self.position[dep]
            # The latest step of the dependency's task behind any other dependency: before it, none of them
            # builds on it; exactly it, one does.
            first, second = top[kind]
            behind = first[0] if first[1] != dep else second[0]
            if behind == at:
                found.add(dep)
            elif behind > at:
                floor[kind] = min(floor.get(kind, at), at)
        if not floor:
            return found
        undecided = {dep for dep in deps if dep not in found}
        stack = [up for dep in deps for up in reduced[dep]]
        visited: set[int] = set()
        while stack and len(visited) < _SEARCH_BUDGET:
            step = stack.pop()
            if step in visited:
                continue
            visited.add(step)
            if step in undecided:
                found.add(step)
            latest = self.latest[step]
            if any(latest[kind] >= at for kind, at in floor.items()):
                stack.extend(reduced[step])
        return found
