"""YAML frontmatter of prompt and agent files, read tolerantly and with positions.

Only what RouteSmith needs: where the block is (so the decomposer skips it) and its top-level keys with
the spans of their values (so the language server can check and rewrite `model:`). A malformed block is
still located and read as far as it goes; `error` says what is wrong and on which line. Never raises.
"""

from __future__ import annotations

import re

import msgspec

from routesmith.patterns import LazyPattern

_FENCE = LazyPattern(r"(?:\ufeff)?---[ \t]*\r?\n")
_CLOSE = LazyPattern(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_KEY = LazyPattern(r"(?P<key>[A-Za-z_][\w.-]*|\"[^\"\n]*\"|'[^'\n]*')[ \t]*:(?:[ \t]+|$)")
_YAMLISH = LazyPattern(r"[ \t]*(?:#.*|-[ \t].*|[A-Za-z_][\w.-]*[ \t]*:.*|[ \t]+\S.*|)\r?$")
_COMMENT = LazyPattern(r"[ \t]+#.*$")


class FrontmatterEntry(msgspec.Struct, kw_only=True, frozen=True):
    key: str
    value: str  # the scalar as written, quotes removed; "" for a block value
    key_span: tuple[int, int]
    value_span: tuple[int, int]  # [start, end) of the value text; empty span right after "key: " if none
    line: int  # 0-based line of the key


class Frontmatter(msgspec.Struct, kw_only=True, frozen=True):
    span: tuple[int, int]  # the whole block, both fences included
    body_start: int  # first offset after the block
    entries: list[FrontmatterEntry]
    error: str | None = None  # "line N: problem" (1-based), for malformed YAML

    def get(self, key: str) -> FrontmatterEntry | None:
        return next((entry for entry in self.entries if entry.key == key), None)


def parse_frontmatter(text: str) -> Frontmatter | None:
    """The frontmatter at the very start of `text`, or None when there is none."""
    opening = _FENCE.match(text)
    if opening is None:
        return None
    start = opening.end()
    closing = _CLOSE.search(text, start)
    error = None
    if closing is None:
        # No closing fence: the block is the run of YAML-looking lines after the opening one.
        end = start
        for line in re.finditer(r"[^\n]*\n?", text[start:]):
            if not line.group() or not _YAMLISH.fullmatch(line.group().rstrip("\n")):
                break
            end = start + line.end()
        body_start = block_end = end
        error = f"line {text.count(chr(10), 0, start) + 1}: the frontmatter has no closing ---"
    else:
        block_end = closing.start()
        newline = text.find("\n", closing.end())
        body_start = len(text) if newline < 0 else newline + 1
    entries, problem = _entries(text, start, block_end)
    return Frontmatter(span=(0, body_start), body_start=body_start, entries=entries, error=error or problem)


def _entries(text: str, start: int, end: int) -> tuple[list[FrontmatterEntry], str | None]:
    entries: list[FrontmatterEntry] = []
    problem = None
    first_line = text.count("\n", 0, start)
    offset = start
    for number, line in enumerate(text[start:end].splitlines(keepends=True), start=first_line):
        here, offset = offset, offset + len(line)
        content = line.rstrip("\r\n")
        if not content.strip() or content.lstrip().startswith("#") or content[0] in " \t-":
            continue  # blank, comment, or part of the previous key's block value
        match = _KEY.match(content)
        if match is None:
            problem = problem or f"line {number + 1}: expected `key: value`, got {content.strip()[:40]!r}"
            continue
        key = match.group("key").strip("\"'")
        raw_start = here + match.end()
        raw = _COMMENT.sub("", content[match.end() :]).rstrip()
        value, value_start = raw, raw_start
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
            value, value_start = raw[1:-1], raw_start + 1
        elif raw[:1] in ("|", ">"):
            value = ""
        entries.append(
            FrontmatterEntry(
                key=key,
                value=value,
                key_span=(here + match.start("key"), here + match.end("key")),
                value_span=(value_start, value_start + len(value)),
                line=number,
            )
        )
    return entries, problem
