"""An edit's decomposition, with everything the one before left cached (block readings, the block scan,
the steps' plan), equals decomposing the edited text from scratch."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import NamedTuple

import pytest

from routesmith.decompose import (
    clear_caches,
    decompose,
    decompose_span,
    incremental,
    plan_span,
    sections,
    structure,
)
from routesmith.model import Decomposition

DOCUMENT = """---
description: Ship the CSV export
---
# Export feature

We need CSV export for the reports page. Investigate the slow query first.

## Steps
For every task:
1. Plan the exporter and wait for my OK
2. Implement the exporter, then add tests for unicode names
3. Refactor the query builder and get it reviewed
   - Reuse the validator
- Fix the retry bug and add a regression test
- Document the new flag

## Output format
Return a summary of what changed.

<rules>
- Add tests for new code.
</rules>

Implement the upload service, add tests and update the docs. Finally review it.
"""

# Word edits matter most: a verb's letters change a step's task, a "then" its order.
PIECES = ["\n", "\n\n", "- ", "1. ", "# ", "## ", "x", " then ", "Add tests", "implement ", " and "]
PIECES += ["review ", "Plan ", "document", ":", ".", "Before that, ", "optionally ", "```\n", "---\n"]
PIECES += ["<example>\n", "For every task:\n"]


SAME_LENGTH = ["test", "plan", "docs", "Fix ", "then", "xxxx"]


def fresh(text: str, span: tuple[int, int] | None, instructions: bool) -> Decomposition:
    clear_caches()
    return edited(text, span, instructions)


def edited(text: str, span: tuple[int, int] | None, instructions: bool) -> Decomposition:
    if span is None:
        return decompose(text)
    return decompose_span(text, span, instructions=instructions)


def random_edits(
    seed: int, count: int, share: float
) -> Iterator[tuple[random.Random, str, tuple[int, int], bool]]:
    """`count` random edits of DOCUMENT * 3 (a cut of up to 12 characters or one of PIECES typed, at a random
    place), each with the part to decompose (span, instructions): the whole text as a prompt, or (`share` of
    the time) one section of it as an instruction file's, as the server routes it. The caller warms the
    caches for the next edit, as an editor does."""
    rng = random.Random(seed)
    text = DOCUMENT * 3
    decompose(text)
    for _ in range(count):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.3:
            text = text[:at] + text[at + rng.randint(1, 12) :]
        else:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        found = sections(text) if rng.random() < share else []
        yield rng, text, *((rng.choice(found).span, True) if found else ((0, len(text)), False))


@pytest.mark.parametrize("seed", range(4))
def test_decomposition_after_edits_matches_one_from_scratch(seed: int) -> None:
    steps_seen = 0
    for _, text, span, instructions in random_edits(seed, 120, 0.2):
        warm = edited(text, span, instructions)
        assert warm == fresh(text, span, instructions), (seed, text)
        steps_seen += len(warm.steps)
        decompose(text)  # caches warm again for the next edit, as in an editor
    assert steps_seen > 600  # the edits left steps to compare (five an edit)


@pytest.mark.parametrize("seed", range(3))
def test_steps_built_one_at_a_time_after_edits_equal_a_decomposition_from_scratch(seed: int) -> None:
    """The language server builds the steps a request reads, in any order, from the plan an edit leaves
    (ids, dependencies and sections settled for the whole document): each equals that step of a
    decomposition from scratch, and where the steps end, in text order, is where theirs do."""
    built = 0
    for rng, text, span, instructions in random_edits(seed, 60, 0.3):
        planned = plan_span(text, span, first_id=5, instructions=instructions)
        ranks = rng.sample(range(len(planned)), k=min(len(planned), rng.randint(1, 8)))
        steps = {rank: planned.step(rank) for rank in ranks}  # a screen's worth, in no order
        whole = fresh(text, span, instructions)
        for step in whole.steps:
            step.id, step.depends_on = step.id + 4, [d + 4 for d in step.depends_on]
        assert len(planned) == len(whole.steps) and planned.excluded == whole.excluded
        assert all(step == whole.steps[rank] for rank, step in steps.items()), (seed, text)
        by_end = sorted(whole.steps, key=lambda step: (step.span[1], step.id))
        assert planned.ranks_by_end() == ([s.id - 5 for s in by_end], [s.span[1] for s in by_end])
        built += len(steps)
        plan_span(text, span, instructions=instructions)  # caches warm again for the next edit
    assert built > 150


def test_an_edit_that_keeps_the_tasks_keeps_ids_and_dependencies() -> None:
    text = DOCUMENT * 2
    before = decompose(text)
    after = decompose(text.replace("unicode names", "unicode file names"))
    assert [(s.id, s.task, s.depends_on) for s in after.steps] == [
        (s.id, s.task, s.depends_on) for s in before.steps
    ]
    assert any(s.text.endswith("unicode file names") for s in after.steps)
    assert after == fresh(text.replace("unicode names", "unicode file names"), None, False)


@pytest.mark.parametrize("seed", range(4))
def test_reading_again_from_a_checkpoint_equals_reading_from_scratch(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit reads the blocks again from the last copy of the builder's state before it (here one every
    three blocks, so a short text has many); what it gives equals a decomposition from scratch, and most
    blocks were not read again."""
    monkeypatch.setattr(incremental, "CHECKPOINT_BLOCKS", 3)
    rng = random.Random(seed)
    text = DOCUMENT * 4
    clear_caches()
    decompose(text)
    read = reused = spliced = 0
    for _ in range(80):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.3:  # a word overwritten: the text changes, no block moves
            text = text[:at] + rng.choice(SAME_LENGTH)[: len(text) - at] + text[at + 4 :]
        elif rng.random() < 0.3:
            text = text[:at] + text[at + rng.randint(1, 12) :]
        else:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        incremental.counters.update(read=0, reused=0, spliced=0)
        warm = decompose(text)
        read, reused = read + incremental.counters["read"], reused + incremental.counters["reused"]
        spliced += incremental.counters["spliced"]
        assert warm == fresh(text, None, False), (seed, text)
        decompose(text)  # the state copies of this text, as in an editor
    assert reused * 2 > read  # the edits were read from checkpoints: over a third of the blocks reused
    assert spliced * 3 > read  # ... and edits got back in step with the run before: its tails were taken


def test_only_a_text_being_edited_keeps_copies_of_the_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening a document costs no copies (51 open documents stay within the server's memory budget); its
    first edit makes them, and reading another document in between does not lose them."""
    monkeypatch.setattr(incremental, "CHECKPOINT_BLOCKS", 3)
    clear_caches()
    text = DOCUMENT * 4
    decompose(text)
    assert not incremental._recent[0].checkpoints
    edited = text.replace("unicode names", "unicode file names", 1)
    decompose(edited)
    assert incremental._recent[0].checkpoints
    decompose("# Another file\n\n" + "- Implement the parser and add tests\n" * 40)
    assert not incremental._recent[0].checkpoints
    incremental.counters.update(read=0, reused=0)
    again = edited.replace("Document the new flag", "Document the flag").replace("flag", "new flag", 1)
    warm, reused = decompose(again), incremental.counters["reused"]
    assert reused > 0 and warm == fresh(again, None, False)


def numbered_plan(parts: int) -> str:
    """A long prompt of headings over numbered lists, nearly every line a step or two."""
    things = ["the exporter", "the rate limiter", "OAuth login", "the audit log", "webhook retries"]
    verbs = ["Plan {} and implement it", "Add tests for {}, then document it", "Refactor {} and review it"]
    lines = ["---", "description: a long work plan", "---", ""]
    for part in range(1, parts + 1):
        lines += [f"## Part {part}", ""]
        lines += [f"{n}. " + verbs[(part + n) % 3].format(f"{things[n % 5]} {part}.{n}") for n in range(1, 9)]
        lines.append("")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("1. Plan", "1. xPlan"),  # the step is gone: one unit fewer, every later unit's position moves
        ("Add tests for", "Add tests fr"),  # a typo in a step
        ("Refactor the audit", "Refactor the big audit"),  # the text grows, the steps stay
        ("## Part 31", "## Part 31b"),  # a heading: the steps under it name it
        ("## Part 33", "## Build 33"),  # a heading that names work
    ],
)
def test_an_edit_reads_the_blocks_up_to_the_next_checkpoint_only(old: str, new: str) -> None:
    """A one-line edit in the middle of a long prompt reads the blocks from the checkpoint before it to
    where the reading is back in step with the run before (two checkpoints at most), takes the rest of
    that run moved, and gives what a decomposition from scratch gives."""
    clear_caches()
    text = numbered_plan(60)
    decompose(text)
    text = text.replace("webhook retries 30.4", "webhook retry 30.4")  # an edit: the state copies are kept
    decompose(text)
    at = text.index(old, len(text) // 3)
    edited_text = text[:at] + new + text[at + len(old) :]
    incremental.counters.update(read=0, reused=0, spliced=0)
    warm = decompose(edited_text)
    assert incremental.counters["read"] <= 2 * incremental.CHECKPOINT_BLOCKS
    assert incremental.counters["spliced"] > 200
    assert warm == fresh(edited_text, None, False)


@pytest.mark.parametrize(
    "edits",
    [
        # typing on in a paragraph right under the first heading, whose group goes on from the description's
        # (the first letter makes the paragraph: the first the prompt has, which later blocks may read)
        [("## Part 1\n\n", "## Part 1\nx\n"), ("## Part 1\nx\n", "## Part 1\nxx\n")],
        # the only analysis item of a list that goes on after it: the finished list's tasks change
        [("3. Investigate why", "3. xxInvestigate why")],
        # ... after a typo that kept it (one letter off a verb still reads as the verb)
        [("3. Investigate why", "3. xInvestigate why"), ("3. xInvestigate why", "3. xxInvestigate why")],
    ],
)
def test_typing_on_gets_back_in_step_at_the_next_checkpoint(edits: list[tuple[str, str]]) -> None:
    """The last edit of a run of edits reads the blocks up to the next checkpoint only: one that changes
    what a list before that checkpoint asks for, or in a group the block before it began, still gets back in
    step there. Every edit gives what a decomposition from scratch gives."""
    clear_caches()
    investigate = "3. Investigate why the exporter 30.3 is slow"
    text = numbered_plan(60).replace("3. Plan the audit log 30.3 and implement it", investigate)
    decompose(text)
    text = text.replace("webhook retries 40.4", "webhook retry 40.4")  # an edit: the state copies are kept
    decompose(text)
    for old, new in edits:
        assert old in text
        edited_text = text.replace(old, new, 1)
        incremental.counters.update(read=0, reused=0, spliced=0)
        warm = decompose(edited_text)
        read, spliced = incremental.counters["read"], incremental.counters["spliced"]
        assert warm == fresh(edited_text, None, False)
        decompose(text)  # the caches as an editor leaves them: this text read as an edit of the one before
        decompose(edited_text)
        text = edited_text
    assert read <= 2 * incremental.CHECKPOINT_BLOCKS
    assert spliced > 200


@pytest.mark.parametrize("seed", range(2))
def test_typing_in_bursts_over_a_long_prompt_equals_decomposing_from_scratch(seed: int) -> None:
    """As an editor types: a few edits at one place (a letter, a word, a cut, a line break, a list marker, a
    negation), then somewhere else, over a prompt long enough that each edit reads from a checkpoint to the
    next one and takes the rest of the run before, moved. Every edit gives what a decomposition from scratch
    gives, and most blocks were taken, not read again."""
    rng = random.Random(seed)
    # with what each part rules out: the exclusions are a log the reading appends to, as the units are
    text = re.sub(r"(## Part (\d+)\n\n)", r"\1Don't add tests for part \2 yet.\n\n", numbered_plan(24))
    text = text.replace(" and review it", " without writing docs")
    clear_caches()
    decompose(text)
    read = taken = 0
    for _ in range(8):
        at = rng.randrange(len(text))
        for _ in range(4):
            if rng.random() < 0.25:
                text = text[:at] + text[at + rng.randint(1, 8) :]
            else:
                piece = rng.choice([*PIECES, "Don't ", "without tests "])
                text, at = text[:at] + piece + text[at:], at + len(piece)
            at = min(at, len(text))
            incremental.counters.update(read=0, reused=0, spliced=0)
            warm = decompose(text)
            read += incremental.counters["read"]
            taken += incremental.counters["reused"] + incremental.counters["spliced"]
            assert warm == fresh(text, None, False), (seed, text)
            decompose(text)  # the caches as an editor leaves them
    assert taken > 2 * read  # a longer prompt would take more: here 270 blocks, 32 a checkpoint


class _Said(NamedTuple):
    start: int
    words: str


class _Crier:
    """A builder whose carried state alone changes what later blocks give: after a paragraph that starts
    with "Shout", items are read upper case."""

    def __init__(self, text: str) -> None:
        self.text, self.shout, self.said = text, False, []

    def add(self, block: structure.Block, role: object = None) -> None:
        words = self.text[block.start : block.end]
        if block.kind == "para":
            self.shout = words.startswith("Shout")
        else:
            self.said.append(_Said(block.start, words.upper() if self.shout else words))


_CRIER = incremental.Fields(
    text=frozenset({"text"}),
    logs=frozenset({"said"}),
    indexed="said",
    offsets=frozenset({"start"}),
    positions=frozenset(),
    blocks=frozenset(),
    labels=(),
    tuples={},
    by_list=frozenset(),
)


def _cried(text: str) -> list[_Said]:
    entries = [incremental.Entry(block, None) for block in structure.blocks(text, (0, len(text)))]
    return incremental.build(text, "crier", entries, lambda: _Crier(text), _CRIER).said


@pytest.mark.parametrize(("old", "new"), [("item 70", "item 70 and more"), ("Shout", "Quiet")])
def test_reading_gets_back_in_step_only_where_the_carried_state_is_the_same(
    old: str, new: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit in an item gets back in step at the next checkpoint (the items after it are taken, moved);
    one that changes the state carried to every later item (the paragraph over the list) never does."""
    monkeypatch.setattr(incremental, "CHECKPOINT_BLOCKS", 8)
    clear_caches()
    text = "Shout these:\n\n" + "".join(f"- item {n}\n" for n in range(200))
    _cried(text)
    _cried(text.replace("item 9\n", "item 9!\n"))  # an edit: the state copies are kept
    text = text.replace("item 9\n", "item 9!\n").replace(old, new)
    incremental.counters.update(read=0, reused=0, spliced=0)
    warm, taken = _cried(text), incremental.counters["spliced"]
    incremental.clear_cache()
    assert warm == _cried(text)
    assert taken > 100 if old != "Shout" else taken == 0
