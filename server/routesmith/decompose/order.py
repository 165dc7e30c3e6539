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
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

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


class RankGroup(NamedTuple):
    """Rank classes of one paragraph (or list): order against all of its other members, kept as classes
    rather than one edge per pair, which grew with the square of a long paragraph's steps."""

    members: tuple[int, ...]  # ascending
    first: tuple[int, ...]  # each goes before every other member ("first plan it")
    last: tuple[int, ...]  # each goes after every other member ("test it last"), none also first
    before_earlier: tuple[int, ...]  # ascending; each goes before the members ahead of it ("before that")


def rank_groups(
    groups: Sequence[int], first: Sequence[bool], last: Sequence[bool], before_earlier: Sequence[bool]
) -> tuple[list[RankGroup], list[tuple[int, int]]]:
    """The rank classes of the groups of units 0..n-1 that have any, and the edges of a "before that"
    with nothing ahead of it in its group: it goes before the unit just before it."""
    members: dict[int, list[int]] = {}
    for k, group in enumerate(groups):
        members.setdefault(group, []).append(k)
    edges: list[tuple[int, int]] = []
    ranked = []
    for units in members.values():
        firsts = tuple(k for k in units if first[k])
        lasts = tuple(k for k in units if last[k] and not first[k])
        befores = tuple(k for k in units[1:] if before_earlier[k])
        if before_earlier[units[0]] and units[0] > 0:
            edges.append((units[0], units[0] - 1))
        if firsts or lasts or befores:
            ranked.append(RankGroup(tuple(units), firsts, lasts, befores))
    return ranked, edges


class _Plan(NamedTuple):
    phases: list[float]
    tasks: list[TaskType]
    edges: list[tuple[int, int]]
    ranks: list[RankGroup]
    order: list[int]
    dependencies: dict[int, list[int]]


# The plan of the last decomposition: an edit that keeps every step's task and order edges (most keystrokes:
# a word of a step's text, not its verb) reuses it. One document is edited at a time, and a plan holds its
# inputs (about 1 MB for 3,500 steps), so only one is kept.
_RECENT_PLANS = 1
_recent: list[_Plan] = []


def plan(
    phases: list[float],
    tasks: list[TaskType],
    edges: list[tuple[int, int]],
    ranks: list[RankGroup],
) -> tuple[list[int], dict[int, list[int]]]:
    """`execution_order` and `dependencies` of the steps, reused while the inputs are equal (the callers
    only read them)."""
    for recent in _recent:
        if (
            recent.phases == phases
            and recent.tasks == tasks
            and recent.edges == edges
            and recent.ranks == ranks
        ):
            return recent.order, recent.dependencies
    order = execution_order(phases, edges, ranks)
    found = _Plan(
        list(phases), list(tasks), list(edges), list(ranks), order, dependencies(tasks, order, edges, ranks)
    )
    _recent.insert(0, found)
    del _recent[_RECENT_PLANS:]
    return found.order, found.dependencies


def forget_plans() -> None:
    _recent.clear()


class _RankConditions:
    """Counts each member's rank conditions in `waiting` (one each: after the first members, after all
    others, after the "before that" members behind it) and tells which are met as members are done. Each
    condition is met once, so the work is linear in the group, where edges grew with its square."""

    def __init__(self, group: RankGroup, waiting: list[int], done: list[bool]) -> None:
        self.group, self.done = group, done
        self.firsts, self.lasts = set(group.first), set(group.last)
        self.done_members = self.done_firsts = 0
        befores = group.before_earlier
        self.top = len(befores) - 1  # the latest "before that" member not done yet
        # members[:cut] still wait for a "before that" member behind them
        self.cut = bisect.bisect_left(group.members, befores[-1]) if befores else 0
        for k in group.members:
            waiting[k] += (len(group.first) > (k in self.firsts)) + (
                k in self.lasts and len(group.members) > 1
            )
        for k in group.members[: self.cut]:
            waiting[k] += 1

    def met(self, unit: int) -> list[int]:
        """The members whose conditions `unit`, just done, met."""
        group, done, met = self.group, self.done, []
        self.done_members += 1
        if unit in self.firsts:
            self.done_firsts += 1
            if self.done_firsts == len(group.first) - 1:
                met.extend(k for k in group.first if not done[k])  # the first member left
            elif self.done_firsts == len(group.first):
                met.extend(k for k in group.members if k not in self.firsts)
        if self.done_members == len(group.members) - 1:
            left = next(k for k in group.members if not done[k])
            if left in self.lasts:
                met.append(left)
        befores = group.before_earlier
        top = self.top
        while self.top >= 0 and done[befores[self.top]]:
            self.top -= 1
        if self.top != top:
            cut = bisect.bisect_left(group.members, befores[self.top]) if self.top >= 0 else 0
            met.extend(group.members[cut : self.cut])
            self.cut = cut
        return met


def execution_order(
    phases: Sequence[float], edges: Sequence[tuple[int, int]], ranks: Sequence[RankGroup] = ()
) -> list[int]:
    """Indexes 0..n-1 (in prompt order) sorted topologically over `edges` (a before b) and the rank
    classes of `ranks`, ties and cycles resolved by (phase, prompt position)."""
    n = len(phases)
    successors: list[list[int]] = [[] for _ in range(n)]
    waiting = [0] * n  # per step, its predecessors by edge and its rank conditions not met yet
    for a, b in set(edges):
        if a != b:
            successors[a].append(b)
            waiting[b] += 1
    done = [False] * n
    conditions: list[_RankConditions | None] = [None] * n
    for group in ranks:
        tracked = _RankConditions(group, waiting, done)
        for k in group.members:
            conditions[k] = tracked
    ready = [(phases[i], i) for i in range(n) if waiting[i] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    remaining: list[tuple[float, int]] = []  # every step by (phase, position), built at the first cycle
    while len(order) < n:
        if not ready:  # a cycle: release the best remaining step
            if not remaining:
                remaining = [(phases[i], i) for i in range(n)]
                heapq.heapify(remaining)
            while done[remaining[0][1]]:  # done steps leave as they come up: one pass over all cycles
                heapq.heappop(remaining)
            best = remaining[0][1]
            waiting[best] = 0
            ready.append((phases[best], best))
        _, i = heapq.heappop(ready)
        if done[i]:
            continue
        done[i] = True
        order.append(i)
        tracked = conditions[i]
        for j in successors[i] if tracked is None else successors[i] + tracked.met(i):
            waiting[j] -= 1
            if waiting[j] == 0 and not done[j]:
                heapq.heappush(ready, (phases[j], j))
    return order


class _RankPredecessors:
    """The rank predecessors a step may build on directly, as steps are taken in execution order: a few
    whose ancestry holds all the others (what `_Ancestry` would reduce them to anyway), not every member
    run before it."""

    def __init__(self, ranks: Sequence[RankGroup], position: Sequence[int]) -> None:
        self.position = position
        self.group_of: dict[int, int] = {k: g for g, group in enumerate(ranks) for k in group.members}
        self.ranks = ranks
        self.firsts = [set(group.first) for group in ranks]
        self.lasts = [set(group.last) for group in ranks]
        # A first member builds on every first member run before it, so the latest holds them all; a last
        # member on every member run before it, so the latest and the members run since hold them all.
        self.latest_first: list[int | None] = [None] * len(ranks)
        self.latest_last: list[int | None] = [None] * len(ranks)
        self.since_last: list[list[int]] = [[] for _ in ranks]
        # A "before that" member run after all those behind it builds on them all: it covers them.
        self.covers: list[list[bool]] = []
        for group in ranks:
            covers, latest = [], -1
            for b in reversed(group.before_earlier):
                covers.append(latest < position[b])
                latest = max(latest, position[b])
            self.covers.append(covers[::-1])

    def of(self, index: int) -> list[int]:
        """The candidates among the rank predecessors of `index` run before it."""
        g = self.group_of.get(index)
        if g is None:
            return []
        latest_first, latest_last = self.latest_first[g], self.latest_last[g]
        found = [] if latest_first is None else [latest_first]
        if index in self.lasts[g]:
            found.extend(self.since_last[g])
            if latest_last is not None:
                found.append(latest_last)
        befores, here = self.ranks[g].before_earlier, self.position[index]
        for k in range(bisect.bisect_right(befores, index), len(befores)):
            if self.position[befores[k]] < here:
                found.append(befores[k])
                if self.covers[g][k]:
                    break
        return found

    def add(self, index: int) -> None:
        g = self.group_of.get(index)
        if g is None:
            return
        if index in self.firsts[g]:
            self.latest_first[g] = index
        if index in self.lasts[g]:
            self.latest_last[g] = index
            self.since_last[g] = []
        else:
            self.since_last[g].append(index)


def dependencies(
    tasks: Sequence[TaskType],
    order: Sequence[int],
    edges: Sequence[tuple[int, int]],
    ranks: Sequence[RankGroup] = (),
) -> dict[int, list[int]]:
    """For each index (prompt order), the steps it builds on directly, all earlier in `order`: the
    transitive reduction (docs written after the tests of some code name the tests, not the code as well;
    whoever wants the closure follows `depends_on` further).

    What a step builds on: its explicit predecessors (by edge and by rank class), plus the steps of its
    first group (order.toml) that were written since the previous step of its own task ("implement A and
    add tests, then implement B and add tests": each test tests its own code); when none were, those that
    ran since the previous step of its task (the second test after a second implementation tests that
    one); when none did, what the previous step of its task built on (two implementations after one plan
    both follow the plan).
    """
    position = [0] * len(tasks)
    for k, index in enumerate(order):
        position[index] = k
    explicit: dict[int, set[int]] = {}
    for a, b in edges:
        if a != b and position[a] < position[b]:
            explicit.setdefault(b, set()).add(a)
    ranked = _RankPredecessors(ranks, position)
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
    ancestry = _Ancestry(tasks, position)
    for index in order:
        task = tasks[index]
        deps = set(explicit.get(index, ()))
        deps.update(ranked.of(index))
        ranked.add(index)
        if task is TaskType.REVIEW:
            deps.update(steps[-1] for kind, steps in seen.items() if kind is not TaskType.REVIEW)
        else:
            mine = seen_at.get(task)
            after = mine[-1] if mine else -1
            for group in _RULES.consumes.get(task, []):
                if seen.keys().isdisjoint(group):  # no step of the group seen yet
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
        result[index] = ancestry.add(index, deps)
        seen.setdefault(task, []).append(index)
        seen_at.setdefault(task, []).append(position[index])
    return result


def _between(indexes: list[int], low: int, high: int) -> list[int]:
    """The sorted `indexes` strictly between `low` and `high`."""
    return indexes[bisect.bisect_right(indexes, low) : bisect.bisect_left(indexes, high)]


# How far back (in execution order) each step remembers exactly which steps it builds on. A dependency
# further back than that is dropped only where the per-task summary proves it redundant: still true, if
# not always minimal, and memory stays bounded per step however long the prompt is.
_WINDOW = 4096
_MASK = (1 << _WINDOW) - 1


class _Ancestry:
    """What each step builds on, directly or through others, as it is added in execution order.

    Two records per step: `window`, a bit set of the steps it builds on among the _WINDOW that ran just
    before it (bit j: the step at position p-1-j), and `latest`, per task the latest position among
    everything it builds on (itself included), which settles most checks further back.
    """

    def __init__(self, tasks: Sequence[TaskType], position: Sequence[int]) -> None:
        self.tasks, self.position = tasks, position
        self.kinds = {task: k for k, task in enumerate(TaskType)}
        self.window: dict[int, int] = {}
        self.latest: dict[int, list[int]] = {}
        self.far = len(tasks) > _WINDOW  # whether any dependency can lie beyond the window at all

    def add(self, index: int, deps: set[int]) -> list[int]:
        """`deps` without those another of them builds on, in execution order; records `index`."""
        position, here = self.position, self.position[index]
        if len(deps) == 1:  # most steps: nothing to reduce
            kept = list(deps)
            gap = here - position[kept[0]]
            behind = self.window[kept[0]] << gap if gap <= _WINDOW else 0  # beyond it: all masked off
        else:
            behind = 0  # what the dependencies build on, in this step's frame
            far = False  # a dependency further back than the window, whose own window lies beyond it
            for dep in deps:
                gap = here - position[dep]
                if gap <= _WINDOW:
                    behind |= self.window[dep] << gap
                else:
                    far = True
            behind &= _MASK
            # Further back, a dependency is implied when another holds it as the latest step of its task;
            # each step is the latest of its own task in what it builds on, so that makes two holders.
            latest = [self.latest[dep] for dep in deps] if far else None
            held: dict[int, Counter[int]] = {}  # per task, how many records hold each position
            kept = sorted(
                (dep for dep in deps if not self._implied(dep, here, behind, latest, held)),
                key=position.__getitem__,
            )
        window = behind
        for dep in kept:
            if here - position[dep] <= _WINDOW:
                window |= 1 << (here - position[dep] - 1)
        self.window[index] = window & _MASK
        if self.far:
            # Per task, the latest of the dependencies' records (each at least -1, so one is its own copy).
            if len(kept) > 1:
                latest = list(map(max, *(self.latest[dep] for dep in kept)))
            else:
                latest = self.latest[kept[0]].copy() if kept else [-1] * len(self.kinds)
            latest[self.kinds[self.tasks[index]]] = here
            self.latest[index] = latest
        return kept

    def _implied(
        self, dep: int, here: int, behind: int, latest: list[list[int]] | None, held: dict[int, Counter[int]]
    ) -> bool:
        """Whether another of the dependencies builds on `dep` (`latest`: the dependencies' records,
        given whenever one lies beyond the window; `held`: their positions per task, counted once per
        task, not once per dependency: a test after 900 changes has 900 far dependencies)."""
        gap = here - self.position[dep]
        if gap <= _WINDOW:
            return bool(behind >> (gap - 1) & 1)
        assert latest is not None
        kind = self.kinds[self.tasks[dep]]
        counts = held.get(kind)
        if counts is None:
            counts = held[kind] = Counter(record[kind] for record in latest)
        return counts[self.position[dep]] > 1
