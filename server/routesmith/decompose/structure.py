"""Markdown structure of a prompt: the blocks that can hold steps, and what is not text at all.

Frontmatter, fenced and indented code, HTML comments, tables and rules are skipped. What remains becomes
headings, list items (with their continuation lines) and paragraphs. A paragraph line that ends without
punctuation and is followed by a capitalised line is its own block, because people write one instruction
per line without full stops.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from routesmith.decompose.frontmatter import parse_frontmatter
from routesmith.patterns import LazyPattern


class Block(NamedTuple):
    # "heading", "item", "para", "rule" (a thematic break, ---) or "end" (a closing tag: </rules>)
    kind: str
    start: int  # content span in the text (markers excluded)
    end: int
    level: int  # heading level (1-6; 7 for a bold line, 8 for a tag: <rules>), or an item's indent
    list_id: int  # items of one list share it; -1 otherwise
    ordered: bool  # a numbered item
    lead: bool  # a paragraph ending in ":" (it introduces what follows)


_HEADING = LazyPattern(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*")
_BOLD = LazyPattern(r"[ \t]*(?:\*\*|__)([^*_\n]{1,80}?)(?:\*\*|__):?[ \t]*")
# Chinese and Japanese write list markers with no space after them: "・検索APIの対応", "1、新增接口", "①";
# a checklist is often written with its boxes alone ("[ ] No tokens logged").
_ITEM = LazyPattern(
    r"(?P<indent>[ \t]*)(?:(?P<marker>[-*+•]|\d{1,9}[.)]|[A-Za-z][.)]|\(\d{1,3}\))[ \t]+"
    r"|(?P<cjk_marker>[・①-⑳]|\d{1,9}[、．]|[（(]\d{1,3}[）)])[ \t]*|(?=\[[ xX]\][ \t]))"
    r"(?P<box>\[[ xX]\][ \t]*)?(?P<body>.*)"
)
_FENCE = LazyPattern(r" {0,3}(`{3,}|~{3,})")
# A tag alone on its line opens or closes a section in prompts written with XML-like tags ("<rules>",
# "<output_format>", "</example>"); HTML elements are markup, not sections.
_TAG = LazyPattern(r"[ \t]*<(/?)([A-Za-z][\w-]{0,40})(?:[ \t][^<>\n]*)?>[ \t]*")
# fmt: off
_HTML = frozenset({
    "a", "abbr", "address", "article", "aside", "audio", "b", "blockquote", "br", "button", "caption",
    "center", "code", "col", "details", "div", "dl", "dd", "dt", "em", "figure", "figcaption", "font",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "iframe", "img", "input",
    "kbd", "label", "li", "main", "nav", "ol", "option", "p", "picture", "pre", "s", "section", "select",
    "small", "source", "span", "strong", "sub", "summary", "sup", "svg", "table", "tbody", "td",
    "textarea", "tfoot", "th", "thead", "tr", "u", "ul", "video", "script", "style",
})
# fmt: on
TAG_LEVEL = 8
_RULE = LazyPattern(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_TABLE = LazyPattern(r"[ \t]*\|")
_QUOTE = LazyPattern(r"[ \t]*>[ \t]?")
_ENDS_SENTENCE = frozenset(".!?:;。！？；：")
_MARKERS = frozenset("-*+•(・（[")


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


class _Resume(NamedTuple):
    """The scan's state at the start of a line after a blank one (outside code and comments), where an
    edit's rescan can begin or stop."""

    offset: int
    count: int  # blocks before it
    item_indent: int
    list_id: int
    lists: int
    last: Block | None  # the block before it, as it was then (a later indented line may extend it)


class _Scan(NamedTuple):
    text: str
    start: int
    end: int
    blocks: list[Block]
    resumes: list[_Resume]  # in text order


# The last few scans: a keystroke rescans only from the paragraph it touched until the scan is back in
# step with the old one. A memo like the readings' caches: results are those of a full scan.
_recent: list[_Scan] = []
_RECENT = 8


def clear_cache() -> None:
    _recent.clear()


def blocks(text: str, span: tuple[int, int]) -> list[Block]:
    start, end = skipped_prefix(text, span[0]), span[1]
    scan = _rescan(text, start, end) or _scan(text, end, _Resume(start, 0, -1, -1, 0, None), [])
    _recent[:] = [scan, *(old for old in _recent if old.start != start or old.end != end)][:_RECENT]
    return list(scan.blocks)


def _rescan(text: str, start: int, end: int) -> _Scan | None:
    """The scan of `text` from an earlier scan of a text that differs in one place, or None."""
    old = next((old for old in _recent if old.start == start), None)
    if old is None:
        return None
    if old.end == end and old.text == text:
        return old
    shorter = min(end, old.end)
    same_head = common_prefix(text, old.text, shorter)
    if same_head < start:
        return None
    same_tail = common_suffix(text[same_head:end], old.text[same_head : old.end])
    index = bisect.bisect_right(old.resumes, same_head, key=_offset) - 1
    resume = old.resumes[index]
    return _scan(text, end, resume, old.blocks[: resume.count], old.resumes[:index], old, end - same_tail)


def _offset(resume: _Resume) -> int:
    return resume.offset


def common_prefix(a: str, b: str, limit: int) -> int:
    """How many characters `a` and `b` share at their start, up to `limit`."""
    low, high = 0, min(limit, len(a), len(b))
    while low < high:  # slices compare in C; a binary search keeps the copies to twice the text
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def common_suffix(a: str, b: str) -> int:
    """How many characters `a` and `b` share at their end."""
    return common_prefix(a[::-1], b[::-1], min(len(a), len(b)))


def _scan(
    text: str,
    end: int,
    state: _Resume,
    out: list[Block],
    resumes: list[_Resume] | None = None,
    old: _Scan | None = None,
    stable: int = 0,
) -> _Scan:
    """Scan from `state` to `end`; with `old` (an earlier scan of a text that is the same again from
    `stable` on), stop at the first resume point from there where the state matches the old scan's."""
    out = list(out)
    resumes = list(resumes or ())
    fence: str | None = None
    in_comment = False
    item_indent, list_id, lists = state.item_indent, state.list_id, state.lists
    if state.last is not None:
        out[-1] = state.last
    resumes.append(state)
    prev_blank = True
    line_start = state.offset
    for line in text[state.offset : end].split("\n"):
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
            if line_start <= end:
                here = _Resume(line_start, len(out), item_indent, list_id, lists, out[-1] if out else None)
                if (
                    old is not None
                    and line_start >= stable
                    and (spliced := _splice(text, end, out, resumes, here, old))
                ):
                    return spliced
                resumes.append(here)
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
            tag = _TAG.fullmatch(line)
            if tag is not None and tag.group(2).lower() not in _HTML:
                s, e = offset + tag.start(2), offset + tag.end(2)
                out.append(Block("end" if tag.group(1) else "heading", s, e, TAG_LEVEL, -1, False, False))
                list_id = -1
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
            marker = item.group("marker") or item.group("cjk_marker") or item.group("box")
            out.append(
                Block("item", s, e, indent, list_id, marker[0].isdigit() or marker[-1].isdigit(), False)
            )
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
    return _Scan(text, resumes[0].offset, end, out, resumes)


def _splice(
    text: str, end: int, out: list[Block], resumes: list[_Resume], here: _Resume, scan: _Scan
) -> _Scan | None:
    """The rest of the old scan moved to `here`, when the scan at `here` is in the same state as the old
    one at the same text (list ids renumbered by the lists the edit added or removed)."""
    delta = end - scan.end
    index = bisect.bisect_left(scan.resumes, here.offset - delta, key=_offset)
    if index == len(scan.resumes) or scan.resumes[index].offset != here.offset - delta:
        return None
    there = scan.resumes[index]
    if (
        there.item_indent != here.item_indent
        or (there.list_id < 0) != (here.list_id < 0)
        or (there.last is None) != (here.last is None)
        or (there.last is not None and here.last is not None and there.last.kind != here.last.kind)
    ):
        return None
    shift, count_shift = here.lists - there.lists, here.count - there.count

    def moved(block: Block) -> Block:
        """A block of the old scan, in the new text."""
        if block.start >= there.offset:
            return _moved(block, delta, shift)
        # The block open at `here` (the new scan's last): the same, or as the old scan extended it later.
        assert here.last is not None
        if block.end < there.offset:
            return here.last
        return here.last._replace(end=block.end + delta, lead=block.lead)

    if here.last is not None:
        out[-1] = moved(scan.blocks[there.count - 1])
    out.extend(_moved(block, delta, shift) for block in scan.blocks[there.count :])
    resumes.extend(
        _Resume(
            r.offset + delta,
            r.count + count_shift,
            r.item_indent,
            _shifted(r.list_id, shift),
            r.lists + shift,
            None if r.last is None else moved(r.last),
        )
        for r in scan.resumes[index:]
    )
    return _Scan(text, resumes[0].offset, end, out, resumes)


def _moved(block: Block, delta: int, shift: int) -> Block:
    list_id = _shifted(block.list_id, shift)
    return Block(
        block.kind, block.start + delta, block.end + delta, block.level, list_id, block.ordered, block.lead
    )


def _shifted(list_id: int, shift: int) -> int:
    """A list id after an edit that added or removed `shift` lists before it (-1: no list)."""
    return list_id + shift if list_id >= 0 else -1


def section_spans(text: str) -> list[tuple[str, tuple[int, int]]]:
    """(title, span) of the parts of an instruction file that are routed on their own.

    The sections are the regions under the shallowest heading level that occurs at least twice (a single
    top heading is the file's title); deeper headings stay inside their section. A file without such
    headings is split where a paragraph follows a list, so each list block (with its lead-in) stands alone.
    """
    found = blocks(text, (0, len(text)))
    headings = [b for b in found if b.kind == "heading" and b.level != TAG_LEVEL]
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
