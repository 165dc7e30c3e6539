"""A decomposition whose steps are built when asked for: one screen of a long prompt builds its own.

The builder settles everything document-wide first (which units are steps, their tasks, the execution
order, the ids and the direct dependencies); a `StepPlan` keeps those and builds a `Step` (absolute span,
text, reasons) only for the ranks asked for. `decomposition()` builds them all, in execution order: what
`decompose` returns. Where the steps end is known without building them, so a range of the text finds its
steps by bisection.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from routesmith.model import Decomposition, Exclusion, Step


class StepPlan:
    """The steps of one decomposition by rank (execution order: rank r has id `first_id` + r)."""

    __slots__ = ("_build", "_end", "_order", "excluded", "first_id")

    def __init__(
        self,
        first_id: int,
        order: Sequence[int],
        excluded: list[Exclusion],
        build: Callable[[int], Step],
        end: Callable[[int], int],
    ) -> None:
        self.first_id = first_id
        self.excluded = excluded
        self._order = order  # rank -> the builder's unit (text order)
        self._build = build  # unit -> its Step
        self._end = end  # unit -> where its step's span ends

    def __len__(self) -> int:
        return len(self._order)

    def step(self, rank: int) -> Step:
        return self._build(self._order[rank])

    def decomposition(self) -> Decomposition:
        return Decomposition(steps=[self._build(unit) for unit in self._order], excluded=self.excluded)

    def ranks_by_end(self) -> tuple[list[int], list[int]]:
        """Every rank in the text order of where its step ends (two that end together: the one that runs
        first first), and those ends."""
        rank_of = [0] * len(self._order)
        for rank, unit in enumerate(self._order):
            rank_of[unit] = rank
        ends = list(map(self._end, range(len(self._order))))
        # Units are in text order, so this sorts an almost sorted list: one pass, no rank compared twice.
        units = sorted(range(len(ends)), key=lambda unit: (ends[unit], rank_of[unit]))
        return [rank_of[unit] for unit in units], [ends[unit] for unit in units]
