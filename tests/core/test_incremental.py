"""An edit's decomposition, with everything the one before left cached (block readings, the block scan,
the steps' plan), equals decomposing the edited text from scratch."""

from __future__ import annotations

import random

import pytest

from routesmith.decompose import clear_caches, decompose, decompose_span, incremental, sections
from routesmith.model import Decomposition

DOCUMENT = """---
description: Ship the CSV export
---
# Export feature

We need CSV export for the reports page. Investigate the slow query first.

## Steps
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
PIECES += ["<example>\n"]


SAME_LENGTH = ["test", "plan", "docs", "Fix ", "then", "xxxx"]


def fresh(text: str, span: tuple[int, int] | None, instructions: bool) -> Decomposition:
    clear_caches()
    return edited(text, span, instructions)


def edited(text: str, span: tuple[int, int] | None, instructions: bool) -> Decomposition:
    if span is None:
        return decompose(text)
    return decompose_span(text, span, instructions=instructions)


@pytest.mark.parametrize("seed", range(4))
def test_decomposition_after_edits_matches_one_from_scratch(seed: int) -> None:
    rng = random.Random(seed)
    text = DOCUMENT * 3
    decompose(text)
    steps_seen = 0
    for _ in range(120):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.3:
            text = text[:at] + text[at + rng.randint(1, 12) :]
        else:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        span: tuple[int, int] | None = None
        instructions = False
        if rng.random() < 0.2:  # an instruction file's section, as the server routes it
            found = sections(text)
            if found:
                span, instructions = rng.choice(found).span, True
        warm = edited(text, span, instructions)
        assert warm == fresh(text, span, instructions), (seed, text)
        steps_seen += len(warm.steps)
        decompose(text)  # caches warm again for the next edit, as in an editor
    assert steps_seen > 600  # the edits left steps to compare (five an edit)


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
    read = reused = 0
    for _ in range(80):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.3:  # a word overwritten: the text changes, no block moves
            text = text[:at] + rng.choice(SAME_LENGTH)[: len(text) - at] + text[at + 4 :]
        elif rng.random() < 0.3:
            text = text[:at] + text[at + rng.randint(1, 12) :]
        else:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        incremental.counters.update(read=0, reused=0)
        warm = decompose(text)
        read, reused = read + incremental.counters["read"], reused + incremental.counters["reused"]
        assert warm == fresh(text, None, False), (seed, text)
        decompose(text)  # the state copies of this text, as in an editor
    assert reused * 2 > read  # the edits were read from checkpoints: over a third of the blocks reused


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
