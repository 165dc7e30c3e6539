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

    __slots__ = ("_build", "_ends", "_order", "excluded", "first_id")

    def __init__(
        self,
        first_id: int,
        order: Sequence[int],
        excluded: list[Exclusion],
        build: Callable[[int], Step],
        ends: Callable[[], list[int]],
    ) -> None:
        self.first_id = first_id
        self.excluded = excluded
        self._order = order  # rank -> the builder's unit (text order)
        self._build = build  # unit -> its Step
        self._ends = ends  # where each unit's step ends, by unit

    def __len__(self) -> int:
        return len(self._order)

    def step(self, rank: int) -> Step:
        return self._build(self._order[rank])

    def decomposition(self) -> Decomposition:
        return Decomposition(steps=[self._build(unit) for unit in self._order], excluded=self.excluded)

    def ranks_by_end(self) -> tuple[list[int], list[int]]:
        """Every rank in the text order of where its step ends (two that end together: the one that runs
        first first), and those ends."""
        count = len(self._order)
        rank_of = [0] * count
        for rank, unit in enumerate(self._order):
            rank_of[unit] = rank
        ends = self._ends()
        # By end, then rank, as one number; units are in text order, so this sorts an almost sorted list.
        keys = [end * count + rank for end, rank in zip(ends, rank_of, strict=True)]
        units = sorted(range(count), key=keys.__getitem__)
        return [rank_of[unit] for unit in units], [ends[unit] for unit in units]
