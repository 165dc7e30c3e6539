"""The Markdown block scan: an edit's rescan (which reuses the scan before it) gives the same blocks as
scanning the edited text from scratch."""

from __future__ import annotations

import random

import pytest

from routesmith.decompose import clear_caches, structure

DOCUMENT = """---
description: Ship the export
mode: agent
---
# Export feature

We need CSV export for the reports page; the module is `src/export.py`.
This line has no full stop
Next line starts a block

## Steps
1. Investigate how the report query works
   and note the slow parts

   An indented paragraph that continues step 1.
2) Propose a design and wait for my OK
- [ ] Implement the exporter
- [x] Done already
  * nested bullet about encodings

> Quoted: add tests for unicode names
>
> and for empty reports

| column | meaning |
|---|---|
| id | row id |

<!-- a comment
that spans lines: write docs -->

```python
def test_export():
    assert export() == "add tests"
```

    indented code block: refactor it

**Docs:**
Update the README if the CLI changes.

<rules>
- Keep the exporter pure.
</rules>
<div align="center">

---

### Step 3: Review
Ask for a review of the change.
"""

PIECES = ["\n", "\n\n", "```", "```\n", "- ", "1. ", "# ", "<!--", "-->", "  ", "    ", "x", "Add tests:"]
PIECES += ["|", "> ", "---\n", "**Bold**", "\t", "a\nb", "- [ ] ", "~~~\n", ":", "<example>\n", "</rules>"]


def fresh(text: str, span: tuple[int, int]) -> list[structure.Block]:
    clear_caches()
    return structure.blocks(text, span)


@pytest.mark.parametrize("seed", range(6))
def test_rescan_after_edits_matches_a_full_scan(seed: int) -> None:
    rng = random.Random(seed)
    text = DOCUMENT * 3
    structure.blocks(text, (0, len(text)))
    for _ in range(250):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.4:
            text = text[:at] + text[at + rng.randint(1, 40) :]
        else:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        span = (0, len(text))
        if rng.random() < 0.2:  # an instruction file's section
            start = rng.randrange(len(text) + 1)
            span = (start, rng.randint(start, len(text)))
        edited = structure.blocks(text, span)
        assert edited == fresh(text, span), (seed, text)


def test_rescan_renumbers_the_lists_after_an_edit_that_adds_one() -> None:
    text = "Intro.\n\n- one\n- two\n\nMiddle.\n\n- three\n"
    structure.blocks(text, (0, len(text)))
    edited = text.replace("Intro.", "- zero\n\nIntro.")
    blocks = structure.blocks(edited, (0, len(edited)))
    assert [(edited[b.start : b.end], b.list_id) for b in blocks if b.kind == "item"] == [
        ("zero", 1),
        ("one", 2),
        ("two", 2),
        ("three", 3),
    ]
    assert blocks == fresh(edited, (0, len(edited)))


def test_rescan_keeps_an_item_extended_past_the_edit() -> None:
    # The edit is in the item's first line; its indented continuation after the blank line stays in it.
    text = "- implement the parser\n\n  and its error messages\n\nThen add tests.\n"
    structure.blocks(text, (0, len(text)))
    edited = text.replace("parser", "lexer")
    blocks = structure.blocks(edited, (0, len(edited)))
    assert edited[blocks[0].start : blocks[0].end] == "implement the lexer\n\n  and its error messages"
    assert blocks == fresh(edited, (0, len(edited)))


def test_list_numbers_past_999_are_items() -> None:
    text = "".join(f"{n}. Implement part {n}\n" for n in range(995, 1006))
    items = [b for b in structure.blocks(text, (0, len(text))) if b.kind == "item"]
    assert len(items) == 11 and all(b.ordered for b in items)
    assert text[items[-1].start : items[-1].end] == "Implement part 1005"


@pytest.mark.parametrize(
    ("text", "ordered"),
    [
        ("・検索APIの対応\n・テスト追加\n", False),  # Japanese bullets, no space after them
        ("1、新增接口\n2、写单元测试\n", True),  # Chinese numbering with "、"
        ("①原因を調査\n②修正\n", True),
        ("1．原因を調査\n2．修正\n", True),  # a full-width full stop
    ],
)
def test_cjk_list_markers_are_items(text: str, ordered: bool) -> None:
    items = [b for b in structure.blocks(text, (0, len(text))) if b.kind == "item"]
    lines = text.splitlines()
    assert [text[b.start : b.end] for b in items] == [line[1:].lstrip("、．") for line in lines]
    assert all(b.ordered is ordered for b in items)


def test_a_tag_alone_on_its_line_opens_or_closes_a_section_and_html_is_markup() -> None:
    text = "<output_format>\n- A list\n</output_format>\n<div align=\"center\">\n<example lang='en'>\n"
    found = structure.blocks(text, (0, len(text)))
    assert [(b.kind, text[b.start : b.end], b.level) for b in found] == [
        ("heading", "output_format", structure.TAG_LEVEL),
        ("item", "A list", 0),
        ("end", "output_format", structure.TAG_LEVEL),
        ("heading", "example", structure.TAG_LEVEL),
    ]


def test_boxes_with_no_bullet_are_checklist_items() -> None:
    text = "Before you finish:\n[ ] Tests pass\n[x] Lint is clean\n[link](https://example.com) is prose\n"
    blocks = structure.blocks(text, (0, len(text)))
    assert [(b.kind, text[b.start : b.end]) for b in blocks] == [
        ("para", "Before you finish:"),
        ("item", "Tests pass"),  # a ticked box is done work: no block
        ("para", "[link](https://example.com) is prose"),
    ]
