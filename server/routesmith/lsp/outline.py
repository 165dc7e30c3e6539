"""The route as an outline (`textDocument/documentSymbol`): the Markdown sections, and under each the steps
routed in it as `task · model`; and folding ranges for the frontmatter and each section.

Both come from one line scan per analysed version (ATX headings outside fenced code, in the prompt's own
text: after the frontmatter, or in a TOML command's `prompt` string), kept in the
analysis' memo; steps are placed under their innermost section by bisection, so the outline costs
O(lines + steps · log sections).
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from lsprotocol import types

from routesmith.lsp.documents import Analysis, body_span
from routesmith.lsp.server import Prebuilt, RouteSmithServer, guarded
from routesmith.model import Step

_HEADING = re.compile(r" {0,3}(?P<level>#{1,6})(?:[ \t]+(?P<title>.*?))?(?:[ \t]+#+)?[ \t]*\r?\n?")
_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")
DETAIL_WIDTH = 60


class Heading(NamedTuple):
    level: int
    title: str
    start: int  # offset of the heading line
    line_end: int  # offset after the heading text
    end: int  # end of its section: the next heading of the same or a higher level, or the text's end
    parent: int  # index of the enclosing heading, -1 at the top


class Outline(NamedTuple):
    headings: list[Heading]
    fences: list[tuple[int, int]]  # fenced code blocks (offsets), where no heading or marker counts


def _content_end(text: str, end: int, start: int) -> int:
    """`end` moved back over trailing whitespace, not before `start`."""
    return max(start, len(text[start:end].rstrip()) + start)


def outline(analysis: Analysis) -> Outline:
    cached = analysis.memo.get("outline")
    if cached is not None:
        return cached
    text = analysis.text
    at, end = body_span(analysis)
    open_headings: list[int] = []  # indexes of headings whose section is still open
    found: list[tuple[int, str, int, int, int]] = []  # (level, title, start, line_end, parent)
    ends: list[int] = []
    fences: list[tuple[int, int]] = []
    fence: tuple[str, int] | None = None  # the open fence and where it began
    while at < end:
        newline = text.find("\n", at, end)
        line_end = end if newline < 0 else newline + 1
        line = text[at:line_end]
        if fence is not None:
            match = _FENCE.match(line)
            closes = match is not None and match.group("fence")[0] == fence[0][0]
            if closes and len(match.group("fence")) >= len(fence[0]) and not line[match.end() :].strip():
                fences.append((fence[1], line_end))
                fence = None
        elif (match := _FENCE.match(line)) is not None:
            fence = (match.group("fence"), at)
        elif (match := _HEADING.fullmatch(line)) is not None:
            level = len(match.group("level"))
            while open_headings and found[open_headings[-1]][0] >= level:
                ends[open_headings.pop()] = at
            parent = open_headings[-1] if open_headings else -1
            title = (match.group("title") or "").strip()
            found.append((level, title, at, at + len(line.rstrip("\r\n")), parent))
            ends.append(end)
            open_headings.append(len(found) - 1)
        at = line_end
    if fence is not None:
        fences.append((fence[1], end))  # an unclosed fence runs to the end
    headings = [
        Heading(level, title, start, line_end, end, parent)
        for (level, title, start, line_end, parent), end in zip(found, ends, strict=True)
    ]
    analysis.memo["outline"] = result = Outline(headings, fences)
    return result


def in_fence(analysis: Analysis, offset: int) -> bool:
    fences = outline(analysis).fences
    index = bisect.bisect_right(fences, (offset, len(analysis.text) + 1)) - 1
    return index >= 0 and fences[index][0] < offset < fences[index][1]


def step_name(step: Step) -> str:
    return f"{step.task} · {step.model or 'no switch'}"


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= DETAIL_WIDTH else text[: DETAIL_WIDTH - 1] + "…"


def home(headings: list[Heading], starts: list[int], step: Step) -> int:
    """Index of the innermost heading whose section holds the whole step, -1 for none."""
    index = bisect.bisect_right(starts, step.span[0]) - 1
    while index >= 0 and headings[index].end < step.span[1]:
        index = headings[index].parent
    return index


def document_symbols(analysis: Analysis) -> list[types.DocumentSymbol]:
    text = analysis.text
    headings = outline(analysis).headings
    sections = [
        types.DocumentSymbol(
            name=heading.title or "#" * heading.level,
            kind=types.SymbolKind.String,
            range=analysis.range((heading.start, _content_end(text, heading.end, heading.line_end))),
            selection_range=analysis.range((heading.start, heading.line_end)),
            children=[],
        )
        for heading in headings
    ]
    top: list[types.DocumentSymbol] = []

    def children(index: int) -> list[types.DocumentSymbol]:
        if index < 0:
            return top
        kids = sections[index].children
        assert kids is not None  # every section symbol is made with a list
        return kids

    for index, heading in enumerate(headings):
        children(heading.parent).append(sections[index])
    starts = [heading.start for heading in headings]
    placed: list[tuple[int, types.DocumentSymbol]] = []
    for _, step in analysis.steps():
        symbol = types.DocumentSymbol(
            name=step_name(step),
            detail=_clip(step.text),
            kind=types.SymbolKind.Function,
            range=analysis.range(step.span),
            selection_range=analysis.range(step.span),
        )
        placed.append((home(headings, starts, step), symbol))
    for index, symbol in placed:
        children(index).append(symbol)

    def ordered(symbols: list[types.DocumentSymbol]) -> list[types.DocumentSymbol]:
        symbols.sort(key=lambda s: (s.range.start.line, s.range.start.character))
        for symbol in symbols:
            if symbol.children:
                ordered(symbol.children)
        return symbols

    return ordered(top)


def flat(
    symbols: list[types.DocumentSymbol], uri: str, container: str | None = None
) -> list[types.SymbolInformation]:
    """The outline for a client without hierarchical symbols: each symbol names its section."""
    found = []
    for symbol in symbols:
        location = types.Location(uri=uri, range=symbol.range)
        found.append(
            types.SymbolInformation(
                name=symbol.name, kind=symbol.kind, location=location, container_name=container
            )
        )
        found += flat(symbol.children or [], uri, symbol.name)
    return found


def folding_ranges(analysis: Analysis) -> list[types.FoldingRange]:
    found = []
    frontmatter = analysis.frontmatter
    if frontmatter is not None:
        last = analysis.position(max(frontmatter.body_start - 1, 0)).line
        if last > 0:
            found.append(types.FoldingRange(start_line=0, end_line=last, kind=types.FoldingRangeKind.Region))
    text = analysis.text
    for heading in outline(analysis).headings:
        first = analysis.position(heading.start).line
        last = analysis.position(_content_end(text, heading.end, heading.line_end)).line
        if last > first:
            found.append(
                types.FoldingRange(start_line=first, end_line=last, kind=types.FoldingRangeKind.Region)
            )
    return found


def register(server: RouteSmithServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded(list)
    def document_symbol(
        ls: RouteSmithServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | list[types.SymbolInformation] | Prebuilt:
        analysis = ls.analysis(params.text_document.uri)
        if analysis is None:
            return []
        # Serialized once per analysed version (the text, not the objects, is kept): an editor asks again
        # on every focus and every outline refresh.
        hierarchical = ls.supports("text_document.document_symbol.hierarchical_document_symbol_support")
        key = "symbols" if hierarchical else "flat symbols"
        cached = analysis.memo.get(key)
        if cached is None:
            symbols = document_symbols(analysis)
            cached = analysis.memo[key] = ls.to_json(symbols if hierarchical else flat(symbols, analysis.uri))
        return Prebuilt(cached)

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    @guarded(list)
    def folding_range(ls: RouteSmithServer, params: types.FoldingRangeParams) -> list[types.FoldingRange]:
        analysis = ls.analysis(params.text_document.uri)
        return [] if analysis is None else folding_ranges(analysis)
