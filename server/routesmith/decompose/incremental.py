"""Reading a document's blocks again after an edit: from the last checkpoint before it, up to where the
builder is back in step with the run before.

The builder reads blocks in text order, carries state from one to the next (open sections, the list being
read, its lead-in) and appends what it found to logs (the units, their order edges, ...). A text that is an
edit of one decomposed recently (the same span start, flags and frontmatter facts; over half the text the
same) keeps a copy of the carried state every `CHECKPOINT_BLOCKS` blocks, with the logs' lengths and the
units and groups counted so far, and the state after its last block. The next edit starts from the last copy
before it. Past the edited lines, at each of the old run's checkpoints, the builder may be back in step with
that run: the same blocks ahead (moved by the edit's length), the same carried state once the old one is
moved (offsets by the edit's length; unit positions, block counts and group numbers by how many more the
edit gave), none of it pointing into the edited lines or their units. There the old run's state after its
last block is taken, moved, with what its logs gained after that checkpoint: a one-character edit reads the
blocks from one checkpoint to the next, not the rest of the document. The old run's later checkpoints are
moved when first used. A memo like the block readings' caches: what `build` returns is the builder a full
run would leave; tests compare the two.

Moving knows numbers by the names `Fields` gives them (the builder's fields and its named tuples' fields of
those names; an exclusion's `span` is offsets). A new field that holds one under another name keeps the
builder from getting back in step while it is carried (its old value differs); in a log it would be taken
unmoved, which the randomized-edit tests catch.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from operator import add
from typing import Any, NamedTuple, Protocol, TypeVar

import msgspec

from routesmith.decompose.document import Role
from routesmith.decompose.structure import Block, common_prefix, common_suffix

CHECKPOINT_BLOCKS = 32  # blocks between two copies of the carried state (what an edit reads at least)
_RECENT = 2  # runs remembered: the documents being edited


class Builder(Protocol):
    def add(self, block: Block, role: Role | None = None) -> None: ...


AnyBuilder = TypeVar("AnyBuilder", bound=Builder)


class Entry(NamedTuple):
    block: Block
    role: Role | None  # the role forced on it (the frontmatter description's: the ask)


class Fields(NamedTuple):
    """What the builder's fields are, besides its carried state."""

    text: frozenset[str]  # hold the text itself: a fresh builder's are kept
    logs: frozenset[str]  # lists that reading a block only appends to (checkpoints keep their lengths)
    indexed: str  # the log whose positions the state holds (the units: a lead-in's, the edges')
    offsets: frozenset[str]  # the names of fields that hold offsets into the text (a block's `start`)
    positions: frozenset[str]  # ... whose numbers (in ranges, sets, pairs, dict values) are such positions
    blocks: frozenset[str]  # ... that count the blocks read
    labels: tuple[str, ...]  # ... that number things (groups of units) and name them by that number
    tuples: dict[str, tuple[str, ...]]  # ... of tuples (or lists of them): what each item is ("position",
    # "block", a label's name, or "" for none of these)
    by_list: frozenset[str]  # dicts by list id that reading a block changes for its own list only


class _Checkpoint:
    """A copy of the builder's carried state before entry `entries`, with the logs' lengths then."""

    __slots__ = ("entries", "horizon", "kept", "lengths", "moves", "saved")

    def __init__(
        self,
        entries: int,
        horizon: int,
        saved: dict[str, Any] | None,
        lengths: dict[str, int],
        moves: tuple[_Shift, ...] = (),
        kept: bool = False,
    ) -> None:
        self.entries = entries  # entries read before it
        self.horizon = horizon  # the builder has read no text at or past this offset
        self.saved = saved  # the fields besides the text and the logs, copied (None: unusable)
        self.lengths = lengths  # the logs' lengths (the run's logs hold them)
        # Edits spliced in since it was saved: its state is moved when first used (most never are).
        self.moves = moves
        self.kept = kept  # one of the sparse checkpoints kept past `_MOVES_KEPT` edits

    def carry(self) -> dict[str, Any] | None:
        """The state, moved by the edits since; None if one of them edited what it points to."""
        if self.moves and self.saved is not None:
            state = self.saved
            try:
                for shift in self.moves:
                    state = shift.moved(state)
            except _Dirty:
                state = None
            self.saved, self.moves = state, ()
        return self.saved


class _Run(NamedTuple):
    text: str
    key: Hashable
    entries: list[Entry]
    checkpoints: list[_Checkpoint]
    last: _Checkpoint | None  # the state after every entry (texts being edited only)
    logs: dict[str, list[Any]]  # the logs after every entry, copied before `finish` changes them
    counts: list[tuple[int, ...]]  # the indexed log's length and the labels before each entry and at the end


_recent: list[_Run] = []
# Entries read, reused from a checkpoint, and taken from the old run's tail, since the last clear.
counters = {"read": 0, "reused": 0, "spliced": 0}


def clear_cache() -> None:
    _recent.clear()
    counters.update(read=0, reused=0, spliced=0)


def build(
    text: str, key: Hashable, entries: list[Entry], new: Callable[[], AnyBuilder], fields: Fields
) -> AnyBuilder:
    """A builder that has read every entry of `entries`, from the run this text is an edit of where it
    can. `key`: everything besides the text and the entries that the builder's reading depends on."""
    edited, same_head = _edited_run(text, key)
    builder = new()
    state = vars(builder)
    checkpoints: list[_Checkpoint] = []
    first = 0
    start = _resume_point(text, entries, edited, same_head) if edited is not None else None
    if start is not None and edited is not None:
        _restore(builder, start, edited.logs)
        checkpoints = [c for c in edited.checkpoints if c.entries <= start.entries]
        first = start.entries
    splice = _Splice.of(edited, text, entries, same_head, first, fields) if edited is not None else None
    counts = edited.counts[: first + 1] if start is not None and edited is not None else []
    counts = counts or [_counts(state, fields)]
    counters["reused"] += first
    reach = max((entry.block.end for entry in entries[:first]), default=0)  # the last text read
    index = first
    while index < len(entries):
        if splice is not None and (taken := splice.take(builder, index, counts)) is not None:
            checkpoints += taken
            counters["spliced"] += len(entries) - index
            break
        # Only a text being edited keeps copies of its state: opening a document costs none.
        if edited is not None and index % CHECKPOINT_BLOCKS == 0 and index > first:
            checkpoints.append(_checkpoint(builder, index, _line_end(text, reach), fields))
        entry = entries[index]
        builder.add(entry.block, entry.role)
        counts.append(_counts(state, fields))
        counters["read"] += 1
        reach = max(reach, entry.block.end)
        index += 1
    last, logs = None, {}
    if edited is not None:
        last = _checkpoint(builder, len(entries), len(text), fields)
        logs = {name: _copy(state[name]) for name in fields.logs}
    run = _Run(text, key, entries, checkpoints, last, logs, counts if edited is not None else [])
    _recent[:] = [run, *(r for r in _recent if r is not edited)][:_RECENT]
    return builder


def _counts(state: dict[str, Any], fields: Fields) -> tuple[int, ...]:
    return (len(state[fields.indexed]), *(state[label] for label in fields.labels))


def _checkpoint(builder: Builder, entries: int, horizon: int, fields: Fields) -> _Checkpoint:
    state = vars(builder)
    carry = {name: value for name, value in state.items() if name not in fields.text | fields.logs}
    return _Checkpoint(entries, horizon, _copy_state(carry), {name: len(state[name]) for name in fields.logs})


def _restore(builder: Builder, checkpoint: _Checkpoint, logs: dict[str, list[Any]]) -> None:
    carry = checkpoint.carry()
    assert carry is not None  # _resume_point takes no other
    vars(builder).update(_copy_state(carry))
    vars(builder).update({name: _copy(logs[name][:length]) for name, length in checkpoint.lengths.items()})


def _edited_run(text: str, key: Hashable) -> tuple[_Run | None, int]:
    """The remembered run of the same key that `text` is an edit of (they share over half of it, at its start
    and its end), and how much they share at the start."""
    best, same_head = None, 0
    for run in _recent:
        if run.key == key and (shared := common_prefix(text, run.text, len(text))) >= same_head:
            best, same_head = run, shared
    if best is None or same_head + common_suffix(text[same_head:], best.text[same_head:]) < len(text) // 2:
        return None, 0
    return best, same_head


def _resume_point(text: str, entries: list[Entry], old: _Run, same_head: int) -> _Checkpoint | None:
    """The last checkpoint of `old` before which the text and the entries are the same (its state after
    every entry when the text is the same)."""
    same = old.last is not None and same_head == len(text) == len(old.text)
    candidates = [*old.checkpoints, *([old.last] if same and old.last is not None else [])]
    for checkpoint in reversed(candidates):
        at = checkpoint.entries
        same_entries = at <= len(entries) and entries[:at] == old.entries[:at]
        if checkpoint.horizon <= same_head and same_entries and checkpoint.carry() is not None:
            return checkpoint
    return None


class _Dirty(Exception):
    """An old state points into the edited lines: it cannot be moved onto the new text."""


class _Move:
    """An old state onto the new text. Offsets: unchanged before the edited lines, moved by the edit's
    length after them. Positions in the indexed log: unchanged before the first edited block's, moved by
    how many more the edit gave from the first block after it. One in between (or a block or a range across
    them) is _Dirty."""

    def __init__(self, low: int, high: int, delta: int, fields: Fields) -> None:
        self.low, self.high, self.delta, self.fields = low, high, delta, fields
        # Per kind of number (positions, and each label): how to move one (see `count`).
        self.numbers: dict[str, Callable[[int], int]] = {}
        self.bounds: dict[str, tuple[int, int, int]] = {}
        self.position: Callable[[int], int] = _same
        self.blocks_before, self.blocks_after, self.more_blocks = 0, 0, 0  # ... and blocks read
        self.moved: dict[int, Any] = {}  # id -> moved tuple: two fields holding one block still hold one
        self.named = fields.offsets | fields.positions | fields.blocks | {*fields.labels, *fields.tuples}
        self.plans: dict[type, list[tuple[int, Callable[[Any], Any]]]] = {}
        self.spans: dict[type, bool] = {}  # types with a start and an end (a block)

    def offset(self, value: int) -> int:
        if value < self.low:
            return value
        if value > self.high:
            return value + self.delta
        raise _Dirty

    def block(self, value: int) -> int:
        if value <= self.blocks_before:
            return value
        if value > self.blocks_after:
            return value + self.more_blocks
        raise _Dirty

    def count(self, bounds: dict[str, tuple[int, int, int]]) -> None:
        """Number positions and labels: per kind, the last before the edit, the first after it, and how
        many more the edit made."""
        self.bounds = bounds
        self.numbers = {kind: _numbering(*bound) for kind, bound in bounds.items()}
        self.position = self.numbers["position"]
        self.plans.clear()  # they hold the numberings

    def __call__(self, value: Any, positions: bool = False) -> Any:
        """`value` with its offsets (and with `positions`, every number in it) moved, and every list, set
        and dict in it copied."""
        if positions and isinstance(value, int):
            return self.position(value)
        if isinstance(value, range):
            if not positions or not value:
                return value
            start, last = self.position(value.start), self.position(value[-1])
            if last - start != value[-1] - value.start:
                raise _Dirty  # across the edited blocks'
            return range(start, last + 1)
        if isinstance(value, tuple):
            names = getattr(value, "_fields", None)
            if names is None:
                return tuple(self(item, True) for item in value) if positions else value
            done = self.moved.get(id(value))
            if done is None:
                done = self.moved[id(value)] = self._tuple(value)
            return done
        if isinstance(value, list):
            if positions and value and type(value[0]) is int:  # a section's units
                return list(map(self.position, value))
            if positions and value and type(value[0]) is tuple and len(value[0]) == 2:  # order edges
                position = self.position
                return [(position(a), position(b)) for a, b in value]
            if len(value) > _COLUMNS and hasattr(value[0], "_fields"):
                return self._rows(value)
            return [self(item, positions) for item in value]
        if isinstance(value, set):
            return set(map(self.position, value)) if positions else value.copy()  # of unit positions
        if isinstance(value, dict):
            if positions and all(type(item) is int for item in value.values()):  # list id -> unit
                position = self.position
                return {name: position(item) for name, item in value.items()}
            return {name: self(item, positions) for name, item in value.items()}
        if isinstance(value, msgspec.Struct) and isinstance(span := getattr(value, "span", None), tuple):
            return msgspec.structs.replace(value, span=(self.offset(span[0]), self.offset(span[1])))
        return value

    def _tuple(self, value: Any) -> Any:
        kind = type(value)
        plan = self._plan(kind)
        if plan is None:
            return value
        if self.spans[kind] and value.start < self.low and value.end > self.high:
            raise _Dirty  # a block across the edited lines
        fields = list(value)
        for k, mover in plan:
            fields[k] = mover(fields[k])
        return tuple.__new__(kind, fields)

    def _rows(self, rows: list[Any]) -> list[Any]:
        """A long list of named tuples (the units), moved a column at a time."""
        kind = type(rows[0])
        if any(type(row) is not kind for row in rows):
            return [self(row) for row in rows]
        plan = self._plan(kind)
        if plan is None:
            return rows.copy()
        if self.spans[kind]:  # blocks: each checked against the edited lines
            return [self._tuple(row) for row in rows]
        columns = list(zip(*rows, strict=True))
        for k, mover in plan:
            name = kind._fields[k]  # type: ignore[attr-defined]
            columns[k] = self._column(name, columns[k]) or tuple(map(mover, columns[k]))
        return [tuple.__new__(kind, row) for row in zip(*columns, strict=True)]

    def _column(self, name: str, column: tuple[Any, ...]) -> list[Any] | None:
        """A column of numbers (or of pairs of them) moved at once; None: it holds something else."""
        kinds = self.fields.tuples.get(name)
        if kinds is None:
            bounds = self._bounds(name)
            return _moved_numbers(column, *bounds) if bounds is not None and _numbers(column) else None
        if len(kinds) != 2 or not all(type(pair) is tuple and len(pair) == 2 for pair in column):
            return None
        halves: list[Any] = list(zip(*column, strict=True))
        for k, item in enumerate(kinds):
            bounds = self._bounds(item) if item else None
            if bounds is not None:
                if not _numbers(halves[k]):
                    return None
                halves[k] = _moved_numbers(halves[k], *bounds)
        return list(zip(*halves, strict=True))

    def _bounds(self, kind: str) -> tuple[int, int, int] | None:
        """(first, after, more) of a kind of number: one before `first` stays, one from `after` on moves by
        `more`, one in between is _Dirty."""
        if kind in self.fields.offsets:
            return self.low, self.high + 1, self.delta
        if kind in self.fields.blocks or kind == "block":
            return self.blocks_before + 1, self.blocks_after + 1, self.more_blocks
        if kind in self.fields.positions or kind == "position":
            return self.bounds["position"]
        return self.bounds.get(kind)

    def _plan(self, kind: type) -> list[tuple[int, Callable[[Any], Any]]] | None:
        """How to move each field of a named tuple type that holds numbers to move (None: none does)."""
        plan = self.plans.get(kind)
        if plan is None:  # a long tail of units is moved field by field
            plan = [(k, self._mover(name)) for k, name in enumerate(kind._fields)]  # type: ignore[attr-defined]
            plan = self.plans[kind] = [(k, mover) for k, mover in plan if mover is not None]
            self.spans[kind] = {"start", "end"} <= set(kind._fields)  # type: ignore[attr-defined]
        return plan or None

    def _mover(self, name: str) -> Callable[[Any], Any] | None:
        """How to move a field of this name (None: it holds no offsets, positions or numbers)."""
        if name not in self.named:
            return None
        number = self._number(name)
        if number is not None:
            return lambda value: number(value) if type(value) is int else self._field(name, value)
        kinds = self.fields.tuples.get(name)
        if kinds is None or len(kinds) != 2:
            return lambda value: self._field(name, value)
        first = self._number(kinds[0]) or _same
        second = self._number(kinds[1]) or _same
        return lambda pair: (
            (first(pair[0]), second(pair[1])) if type(pair) is tuple else self._field(name, pair)
        )

    def _number(self, kind: str) -> Callable[[int], int] | None:
        """How to move a number of this kind (a field's name, or a tuple item's kind)."""
        if kind in self.fields.offsets:
            return self.offset
        if kind in self.fields.blocks or kind == "block":
            return self.block
        if kind in self.fields.labels:
            return self.numbers[kind]
        if kind == "position":
            return self.position
        return None

    def _field(self, name: str, value: Any) -> Any:
        if value is None or isinstance(value, bool):  # "no such" and flags (a section's `summary`)
            return value
        number = self._number(name)
        if number is not None and isinstance(value, int):
            return number(value)
        if name in self.fields.positions:
            return self(value, True)
        kinds = self.fields.tuples.get(name)
        if kinds is not None:
            if isinstance(value, tuple):
                return self._items(value, kinds)
            return [self._items(item, kinds) for item in value]
        return value if isinstance(value, tuple) and not hasattr(value, "_fields") else self(value)

    def _items(self, value: tuple[Any, ...], kinds: tuple[str, ...]) -> tuple[Any, ...]:
        return tuple(
            self(item, True) if kind == "position" else (self._number(kind) or _same)(item)
            for item, kind in zip(value, kinds, strict=True)
        )

    def state(self, state: dict[str, Any]) -> dict[str, Any]:
        self.moved = {}  # ids are only held while the state is
        moved = {name: self._field(name, value) for name, value in state.items()}
        self.moved = {}
        return moved


def _same(value: Any) -> Any:
    return value


def _numbers(column: tuple[Any, ...]) -> bool:
    """Whether a column holds only ints (not flags, not None): its least and greatest are ints then."""
    try:
        return not column or (type(min(column)) is int and type(max(column)) is int)
    except TypeError:  # None among them
        return False


def _moved_numbers(numbers: tuple[int, ...], first: int, after: int, more: int) -> list[int]:
    """Numbers moved as `_numbering` moves one, the common cases (all before, all after) at C speed."""
    if not numbers or min(numbers) >= after:
        return [number + more for number in numbers]
    if max(numbers) < first:
        return list(numbers)
    return list(map(_numbering(first, after, more), numbers))


def _numbering(first: int, after: int, more: int) -> Callable[[int], int]:
    """Numbers before `first` stay, from `after` on they move by `more`; one in between is _Dirty."""

    def number(value: int) -> int:
        if value < first:
            return value
        if value >= after:
            return value + more
        raise _Dirty

    return number


class _Shift(NamedTuple):
    """An edit spliced in: how to move a state saved before it (a later checkpoint's, when it is used)."""

    move: _Move
    last_read: dict[int, int]  # list id -> the last old entry that reads it (of those past the edited lines)
    rejoined: int  # the old entry where the builder got back in step
    done: dict[str, dict[int, Any]]  # the other lists' entries of dicts by list id, once in step

    def ahead(self, carry: dict[str, Any]) -> dict[str, Any]:
        """The state that the blocks from the rejoining point on may read: of a dict by list id, the entries
        of the lists read there. A list that ended before it is done, whatever the edit did to it (an item
        that no longer asks for analysis)."""
        by_list, last_read, rejoined = self.move.fields.by_list, self.last_read, self.rejoined
        return {
            name: {k: v for k, v in value.items() if last_read.get(k, -1) >= rejoined}
            if name in by_list
            else value
            for name, value in carry.items()
        }

    def moved(self, carry: dict[str, Any]) -> dict[str, Any]:
        moved = self.move.state(self.ahead(carry))
        for name, done in self.done.items():
            moved[name] = {**done, **moved[name]}
        return moved


_COLUMNS = 16  # a list of named tuples longer than this is moved a column at a time

# Edits a checkpoint waits to be moved by. Past that, one in `_SPARSE` is moved and kept for good, the others
# are dropped: moving every checkpoint by every edit far from it would cost a walk of its state per edit.
_MOVES_KEPT = 16
_SPARSE = 4


def _sparse(checkpoint: _Checkpoint, rank: int) -> bool:
    """Whether a checkpoint that waited for `_MOVES_KEPT` edits stays (moved now), by its rank after the
    edit; a kept one stays."""
    checkpoint.kept = checkpoint.kept or rank % _SPARSE == 0
    return checkpoint.kept and checkpoint.carry() is not None


class _Splice:
    """Where an edit's reading may get back in step with the run before it (see the module's doc)."""

    def __init__(self, old: _Run, move: _Move, edited: int, clean: int, more: int, first: int) -> None:
        self.old, self.move = old, move
        self.edited, self.clean = edited, clean  # the first old entry at the edited lines, the first after
        self.more = more  # entries the edit added (fewer: below 0); an old entry k is the new k + more
        # The old run's checkpoints past the edited lines, by the new entry they stand before.
        self.ahead = {
            c.entries + more: c for c in old.checkpoints if c.entries > clean and c.entries + more > first
        }
        # The last old entry reading each list, of those past the edited lines.
        self.last_read = {entry.block.list_id: k for k, entry in enumerate(old.entries[clean:], clean)}

    @classmethod
    def of(
        cls, old: _Run, text: str, entries: list[Entry], same_head: int, first: int, fields: Fields
    ) -> _Splice | None:
        """None when the old run kept no state after its last entry, or the blocks after the edit changed."""
        if old.last is None:
            return None
        same_tail = common_suffix(text[same_head:], old.text[same_head:])
        low = old.text.rfind("\n", 0, same_head) + 1  # the edited lines, in the old text
        high = old.text.find("\n", len(old.text) - same_tail)
        high = len(old.text) if high < 0 else high
        delta = len(text) - len(old.text)
        edited = next((k for k, e in enumerate(old.entries) if e.block.end >= low), len(old.entries))
        # The first entry wholly past the edited lines; from there on the entries must be the old ones, moved.
        after = (k for k in range(edited, len(old.entries)) if old.entries[k].block.start > high)
        clean = next(after, len(old.entries))
        more = len(entries) - len(old.entries)
        if clean + more < edited:
            return None
        for new, before in zip(entries[clean + more :], old.entries[clean:], strict=True):
            block, was = new.block, before.block
            if block.start - was.start != delta or block.end - was.end != delta or block[3:] != was[3:]:
                return None
            if block.kind != was.kind or new.role is not before.role:
                return None
        splice = cls(old, _Move(low, high, delta, fields), edited, clean, more, first)
        return splice if splice.ahead else None

    def take(self, builder: Builder, index: int, counts: list[tuple[int, ...]]) -> list[_Checkpoint] | None:
        """If the builder is in step with the old run's checkpoint at `index`: give it the old run's state
        after its last entry, moved, and the logs the old run appended after that checkpoint; the old run's
        checkpoints from there on, moved. Else None, the builder untouched."""
        at = self.ahead.get(index)
        if at is None or self.old.last is None:
            return None
        move, old, fields = self.move, self.old, self.move.fields
        was = index - self.more  # the old entry this one is
        more = [now - then for now, then in zip(counts[index], old.counts[was], strict=True)]
        clean = old.counts[self.clean]
        if [now - then for now, then in zip(counts[self.clean + self.more], clean, strict=True)] != more:
            return None  # the blocks past the edit gave other units (or groups)
        kinds = ("position", *fields.labels)
        move.count({kind: (old.counts[self.edited][k], clean[k], more[k]) for k, kind in enumerate(kinds)})
        move.blocks_before, move.blocks_after, move.more_blocks = self.edited, self.clean, self.more
        state = vars(builder)
        at_carry = at.carry()
        if at_carry is None:
            return None
        try:
            shift = _Shift(move, self.last_read, was, {})
            moved, now = move.state(shift.ahead(at_carry)), shift.ahead(state)
            if any(now[name] != value for name, value in moved.items()):
                return None
            # The units a range in the state points back to (a lead-in's, read again by the next list) are
            # the old ones too. Those before the edited blocks' are: the builder read the same blocks the same
            # way (and a label they share with the edited blocks, the description's group that the next
            # block goes on with, is no number to move).
            units, old_units = state[fields.indexed], old.logs[fields.indexed]
            edited_from = old.counts[self.edited][0]
            for span in _ranges(at_carry):
                tail = range(max(span.start, edited_from), span.stop)
                moved_tail = move(tail, True)
                if units[moved_tail.start : moved_tail.stop] != move(old_units[tail.start : tail.stop]):
                    return None
            # The lists done before the rejoining point are done: their entries are the builder's own.
            for name in fields.by_list:
                shift.done[name] = {k: v for k, v in state[name].items() if k not in now[name]}
            carry = shift.moved(old.last.saved)
            tails = move.state({name: old.logs[name][length:] for name, length in at.lengths.items()})
        except _Dirty:
            return None
        longer = {name: len(state[name]) - length for name, length in at.lengths.items()}
        later = [
            _Checkpoint(
                c.entries + self.more,
                move.offset(c.horizon) if c.horizon > move.high else c.horizon,
                c.saved,
                {name: length + longer[name] for name, length in c.lengths.items()},
                (*c.moves, shift),
                c.kept,
            )
            for c in old.checkpoints
            if c.entries >= was
        ]
        later = [c for k, c in enumerate(later) if len(c.moves) < _MOVES_KEPT or _sparse(c, k)]
        state.update(carry)
        for name, tail in tails.items():
            state[name].extend(tail)
        counts += (
            [tuple(map(add, count, more)) for count in old.counts[was + 1 :]]
            if any(more)
            else old.counts[was + 1 :]
        )
        return later


def _ranges(value: Any) -> list[range]:
    """The ranges in a state (top level, and in the lists and named tuples it holds)."""
    found: list[range] = []
    items = value.values() if isinstance(value, dict) else value
    for item in items:
        if isinstance(item, range):
            found.append(item)
        elif isinstance(item, (list, tuple, dict)):
            found += _ranges(item)
    return found


def _line_end(text: str, end: int) -> int:
    """Where the text the builder read for blocks ending by `end` ends: the end of that line (a step's span
    runs past its block over closing quotes and brackets, never past a line break)."""
    line_end = text.find("\n", end)
    return len(text) if line_end < 0 else line_end + 1


def _copy_state(state: dict[str, Any]) -> dict[str, Any]:
    """The builder's fields with every list, set and dict copied (what it reads next mutates them);
    tuples, strings and numbers are shared."""
    return {name: _copy(value) for name, value in state.items()}


_MUTABLE = (list, set, dict)


def _copy(value: Any) -> Any:
    """A copy of the containers in `value` (a list of units, a dict of sets of tasks), one level in where
    they hold containers themselves; the builder keeps tuples, strings and numbers in them, shared."""
    if isinstance(value, list):
        return [_copy(item) for item in value] if value and isinstance(value[0], _MUTABLE) else value.copy()
    if isinstance(value, set):
        return value.copy()
    if isinstance(value, dict):
        if not any(isinstance(item, _MUTABLE) for item in value.values()):
            return value.copy()
        return {name: _copy(item) for name, item in value.items()}
    return value
