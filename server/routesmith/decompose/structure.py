"""Markdown structure of a prompt: the blocks that can hold steps, and what is not text at all.

Frontmatter, fenced and indented code, HTML comments, tables and rules are skipped. What remains becomes
headings, list items (with their continuation lines) and paragraphs. A paragraph line that ends without
punctuation and is followed by a capitalised line is its own block, because people write one instruction
per line without full stops.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from routesmith.decompose.frontmatter import parse_frontmatter


class Block(NamedTuple):
    kind: str  # "heading", "item", "para" or "rule" (a thematic break, ---)
    start: int  # content span in the text (markers excluded)
    end: int
    level: int  # heading level (1-6; 7 for a bold line), or an item's indent
    list_id: int  # items of one list share it; -1 otherwise
    ordered: bool  # a numbered item
    lead: bool  # a paragraph ending in ":" (it introduces what follows)


_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*")
_BOLD = re.compile(r"[ \t]*(?:\*\*|__)([^*_\n]{1,80}?)(?:\*\*|__):?[ \t]*")
_ITEM = re.compile(
    r"(?P<indent>[ \t]*)(?P<marker>[-*+•]|\d{1,3}[.)]|[A-Za-z][.)]|\(\d{1,3}\))[ \t]+"
    r"(?P<box>\[[ xX]\][ \t]*)?(?P<body>.*)"
)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_TABLE = re.compile(r"[ \t]*\|")
_QUOTE = re.compile(r"[ \t]*>[ \t]?")
_ENDS_SENTENCE = frozenset(".!?:;。！？；：")
_MARKERS = frozenset("-*+•(")


def _content_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t\r":
        end -= 1
    return start, end


def skipped_prefix(text: str, start: int) -> int:
    """Where work text can start: after the frontmatter when `start` lies inside it."""
    frontmatter = parse_frontmatter(text) if text.startswith(("---", "\ufeff---")) else None
    return max(start, frontmatter.body_start) if frontmatter else start


def blocks(text: str, span: tuple[int, int]) -> list[Block]:
    start, end = skipped_prefix(text, span[0]), span[1]
    out: list[Block] = []
    fence: str | None = None
    in_comment = False
    list_id = -1
    lists = 0
    item_indent = -1  # indent of the open item (continuation lines join it), -1: none open
    prev_blank = True
    line_start = start
    for line in text[start:end].split("\n"):
        offset, line_start = line_start, line_start + len(line) + 1
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        if not stripped:
            prev_blank = True
            continue
        first = stripped[0]
        if first in "`~" and (fenced := _FENCE.match(line)):
            fence = fenced.group(1)[0] * 3
            item_indent = -1
            continue
        if first == ">" and (quote := _QUOTE.match(line)):  # a blockquote's text counts as text
            offset += quote.end()
            line = line[quote.end() :]
            stripped = line.strip()
            if not stripped:
                continue
            first = stripped[0]
        if first == "<":
            in_comment = stripped.startswith("<!--") and "-->" not in stripped[4:]
            item_indent = -1
            continue  # HTML: a comment, or markup
        blank_before, prev_blank = prev_blank, False
        if first in "-*_" and _RULE.fullmatch(line):
            out.append(Block("rule", offset, offset, 0, -1, False, False))  # a thematic break
            item_indent, list_id = -1, -1
            continue
        if first == "|" or stripped.startswith(("![", "[//]")):
            item_indent = -1
            continue
        if first == "#":
            heading = _HEADING.fullmatch(line)
            if heading and (heading.group(2) or "").strip():
                s, e = _content_span(text, offset + heading.start(2), offset + heading.end(2))
                out.append(Block("heading", s, e, len(heading.group(1)), -1, False, False))
                item_indent, list_id = -1, -1
                continue
        if first in "*_" and (bold := _BOLD.fullmatch(line)):
            s, e = _content_span(text, offset + bold.start(1), offset + bold.end(1))
            out.append(Block("heading", s, e, 7, -1, False, False))
            item_indent, list_id = -1, -1
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        if (first in _MARKERS or first.isdigit() or stripped[1:2] in (".", ")")) and (
            item := _ITEM.fullmatch(line)
        ):
            if not item.group("body").strip():
                continue
            if item.group("box") and item.group("box")[1] in "xX":
                item_indent = -1  # a ticked box is done work, not a step
                continue
            if list_id < 0:
                lists += 1
                list_id = lists
            s, e = _content_span(text, offset + item.start("body"), offset + item.end("body"))
            out.append(Block("item", s, e, indent, list_id, item.group("marker")[0].isdigit(), False))
            item_indent = indent
            continue
        if indent >= 4 and item_indent < 0 and blank_before:
            continue  # an indented code block
        s, e = _content_span(text, offset, offset + len(line))
        last = out[-1] if out else None
        if last is not None and (
            (item_indent >= 0 and last.kind == "item" and (indent > item_indent or not blank_before))
            or (
                last.kind == "para"
                and not blank_before
                and text[last.end - 1] not in _ENDS_SENTENCE
                and not first.isupper()
            )
        ):
            out[-1] = last._replace(end=e, lead=last.kind == "para" and text[e - 1] in ":：")
            continue
        item_indent = -1
        if blank_before or (last is not None and last.kind != "item"):
            list_id = -1
        out.append(Block("para", s, e, 0, -1, False, text[e - 1] in ":："))
    return out


def section_spans(text: str) -> list[tuple[str, tuple[int, int]]]:
    """(title, span) of the parts of an instruction file that are routed on their own.

    The sections are the regions under the shallowest heading level that occurs at least twice (a single
    top heading is the file's title); deeper headings stay inside their section. A file without such
    headings is split where a paragraph follows a list, so each list block (with its lead-in) stands alone.
    """
    found = blocks(text, (0, len(text)))
    headings = [b for b in found if b.kind == "heading"]
    levels = sorted({b.level for b in headings})
    level = next((lv for lv in levels if sum(1 for b in headings if b.level == lv) >= 2), None)
    starts: list[tuple[str, int]] = []
    if level is not None:
        for block in headings:
            if block.level <= level:
                line_start = text.rfind("\n", 0, block.start) + 1
                starts.append((text[block.start : block.end], line_start))
    else:
        previous = None
        for block in found:
            if block.kind == "para" and previous is not None and previous.kind == "item":
                starts.append(("", block.start))
            previous = block
    body = skipped_prefix(text, 0)
    if not starts or starts[0][1] > body:
        starts.insert(0, ("", body))
    spans = []
    for index, (title, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        body = text[start:end].split("\n", 1)[1] if title else text[start:end]
        if body.strip():  # a title heading alone ("# AGENTS.md") is no section
            spans.append((title, (start, end)))
    return spans
