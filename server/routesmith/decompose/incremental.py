"""Reading a document's blocks again after an edit, from the last checkpoint before it.

The builder reads blocks in text order and carries state from one to the next (open sections, the list
being read, its lead-in, the units so far). A text that is an edit of one decomposed recently (the same span
start, flags and frontmatter facts; over half the text the same) keeps a copy of that state every
`CHECKPOINT_BLOCKS` blocks, and the next edit whose text and blocks agree with it up to a checkpoint starts
from that copy: an edit in the middle of a long prompt reads only the blocks from the checkpoint before it on
(the rest of the document is still read, and its steps worked out whole, by the builder). A memo like the
block readings' caches: what `build` returns is the builder a full run would leave, tests compare the two.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, NamedTuple, Protocol, TypeVar

from routesmith.decompose.document import Role
from routesmith.decompose.structure import Block, common_prefix, common_suffix

CHECKPOINT_BLOCKS = 128  # blocks between two copies of the state (a copy costs what the units so far weigh)
_RECENT = 2  # runs remembered: the documents being edited (a dense 2,000-line prompt's copies weigh 1.2 MB)


class Builder(Protocol):
    def add(self, block: Block, role: Role | None = None) -> None: ...


AnyBuilder = TypeVar("AnyBuilder", bound=Builder)


class Entry(NamedTuple):
    block: Block
    role: Role | None  # the role forced on it (the frontmatter description's: the ask)


class _Checkpoint(NamedTuple):
    entries: int  # entries read before it
    horizon: int  # the builder has read no text at or past this offset
    state: dict[str, Any]


class _Run(NamedTuple):
    text: str
    key: Hashable
    entries: list[Entry]
    checkpoints: list[_Checkpoint]


_recent: list[_Run] = []
counters = {"read": 0, "reused": 0}  # entries read and reused since the last clear (tests, benchmarks)


def clear_cache() -> None:
    _recent.clear()
    counters.update(read=0, reused=0)


def build(
    text: str, key: Hashable, entries: list[Entry], new: Callable[[], AnyBuilder], inputs: frozenset[str]
) -> AnyBuilder:
    """A builder that has read every entry of `entries`, from a checkpoint of the run this text is an edit of
    where it can. `key`: everything besides the text and the entries that the builder's reading depends on;
    `inputs`: the builder's fields that hold the text itself (a fresh builder's, not the checkpoint's)."""
    edited, same_head = _edited_run(text, key)
    start = _resume_point(entries, edited, same_head) if edited is not None else None
    builder = new()
    checkpoints: list[_Checkpoint] = []
    first = 0
    if start is not None and edited is not None:
        vars(builder).update(_copy_state(start.state))
        checkpoints = [c for c in edited.checkpoints if c.entries <= start.entries]
        first = start.entries
    counters["reused"] += first
    counters["read"] += len(entries) - first
    reach = max((entry.block.end for entry in entries[:first]), default=0)  # the last text read
    for index in range(first, len(entries)):
        # Only a text being edited keeps copies of its state: opening a document costs none.
        if edited is not None and index % CHECKPOINT_BLOCKS == 0 and index > first:
            state = {name: value for name, value in vars(builder).items() if name not in inputs}
            checkpoints.append(_Checkpoint(index, _line_end(text, reach), _copy_state(state)))
        entry = entries[index]
        builder.add(entry.block, entry.role)
        reach = max(reach, entry.block.end)
    run = _Run(text, key, entries, checkpoints)
    _recent[:] = [run, *(r for r in _recent if r is not edited)][:_RECENT]
    return builder


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


def _resume_point(entries: list[Entry], old: _Run, same_head: int) -> _Checkpoint | None:
    """The last checkpoint of `old` before which the text and the entries are the same."""
    for checkpoint in reversed(old.checkpoints):
        at = checkpoint.entries
        if checkpoint.horizon <= same_head and at <= len(entries) and entries[:at] == old.entries[:at]:
            return checkpoint
    return None


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
