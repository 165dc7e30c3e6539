"""Which documents the server routes, and their routed analysis, cached per (uri, version, generation).

Spans from the decomposer are code-point offsets into the whole text. An `Analysis` keeps the document's
lines exactly as pygls splits them (so line numbers agree with pygls' incremental edits) and converts
offsets to and from the client's position encoding through pygls' codec, reading the lines only once.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from operator import sub
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.workspace import PositionCodec, ServerTextPosition, TextDocument

from routesmith.cost import RouteCost
from routesmith.decompose import incremental
from routesmith.decompose.frontmatter import Frontmatter, FrontmatterEntry
from routesmith.files import DocumentKind as Kind
from routesmith.files import classify as classify_path
from routesmith.files import glob_matcher
from routesmith.hosts.formats import Syntax, kind_of, read_keys
from routesmith.hosts.toml_keys import TomlEntry, TomlType
from routesmith.limits import routed_length
from routesmith.lsp.folders import Folder
from routesmith.lsp.settings import ServerSettings
from routesmith.model import Capability, Exclusion, Step, SwitchMode
from routesmith.service import PlannedPart, merged, plan_document, route_cost

if TYPE_CHECKING:
    from routesmith.lsp.server import RouteSmithServer

logger = logging.getLogger("routesmith.lsp")

# Documents kept routed (the editors on screen, roughly; another one is routed again when asked for, its
# blocks' readings mostly still cached). A routed 2,000-line prompt of dense steps holds about 2.5 MiB and its
# built hints as much again: with 4 kept, 51 such documents open stay within 100 MiB (bench/bench_lsp.py).
CACHED_ANALYSES = 4
HINTED_ANALYSES = 2  # of those, the most recently routed keep the hints they built
# The JSON of hints an earlier version wrote, by place, label and step: the next version of the document
# starts from it (see inlay_hints.lazy_hint_json).
HINT_PARTS = "hint_parts"


def classify(relative: str, settings: ServerSettings) -> Kind | None:
    return classify_path(relative, settings.prompt_globs, settings.instruction_globs)


def _content(line: str) -> str:
    """A line without its line break (any of the breaks `str.splitlines` knows, as pygls splits on them)."""
    return (line.splitlines() or [""])[0]


class Analysis:
    """A document routed at one version, with position conversion in the negotiated encoding."""

    __slots__ = (
        "ascii",
        "codec",
        "folder",
        "frontmatter",
        "generation",
        "kind",
        "lines",
        "memo",
        "parts",
        "relative",
        "routed",
        "starts",
        "text",
        "uri",
        "version",
    )

    def __init__(
        self,
        *,
        uri: str,
        version: int | None,
        generation: int,
        kind: Kind,
        text: str,
        relative: str,
        folder: Folder,
        codec: PositionCodec,
    ) -> None:
        self.uri, self.version, self.generation, self.kind = uri, version, generation, kind
        self.text, self.relative, self.folder, self.codec = text, relative, folder, codec
        lines = text.splitlines(True)  # pygls' own line model, kept as where each line starts
        self.starts = [0, *itertools.accumulate(map(len, lines))]
        if lines and _content(lines[-1]) == lines[-1]:
            self.starts.pop()  # no line break at the end: no empty line after the last one
        self.lines = _Lines(text, self.starts, len(lines))
        self.ascii = text.isascii()  # then every position is its line and column, in any encoding
        # YAML frontmatter, or a TOML command file's keys
        self.frontmatter: Frontmatter | None = read_keys(text, relative)
        self.routed = routed_length(text)  # the head of the text that is routed (limits.ROUTE_LIMIT)
        self.parts = self._route()  # the steps are built and routed when asked for
        # Results features derive from this version (hints, ...), kept as long as the analysis is current.
        self.memo: dict[str, Any] = {}

    def _route(self) -> list[PlannedPart]:
        started = time.perf_counter()
        before = _work_done()
        text = self.text if self.routed == len(self.text) else self.text[: self.routed]
        parts = plan_document(text, self.kind, self.folder.ctx, self.folder.routes)
        steps = sum(map(len, parts))
        milliseconds = (time.perf_counter() - started) * 1000
        if logger.isEnabledFor(logging.DEBUG):
            # What the edit cost, as counts a test can check (an edit reads the blocks near it and takes the
            # others from the run before; the steps are routed when a request asks for them).
            read, reused, spliced = map(sub, _work_done(), before)
            logger.debug(
                "routed %s version %s: %d steps in %.1f ms (blocks read %d, reused %d, spliced %d)",
                self.relative,
                self.version,
                steps,
                milliseconds,
                read,
                reused,
                spliced,
            )
        return parts

    # -- what is where ----------------------------------------------------------------------------------

    def steps(self) -> Iterator[tuple[PlannedPart, Step]]:
        for part in self.parts:
            for rank in range(len(part)):
                yield part, part.step(rank)

    def excluded(self) -> Iterator[Exclusion]:
        for part in self.parts:
            yield from part.route.excluded

    def _index(self) -> _StepIndex:
        """The steps by id and by where they end, built once per analysis on first use."""
        index = self.memo.get("index")
        if index is None:
            index = self.memo["index"] = _StepIndex(self.parts)
        return index

    def step(self, step_id: int) -> tuple[PlannedPart, Step] | None:
        return self._index().by_id(step_id)

    def step_at(self, offset: int) -> tuple[PlannedPart, Step] | None:
        """The step whose text holds `offset` (its end included, where the inlay hint sits); of two that
        meet there, the one that runs first (ids follow the execution order)."""
        return min(self._index().holding(offset), key=lambda found: found[1].id, default=None)

    def ending_bounds(self, low: int, high: int) -> tuple[int, int]:
        """Where the steps whose end (where the hint sits) lies in [low, high] are among all steps in text
        order (see `by_end`): a bisection, so one screen of a long document costs what that screen holds."""
        ends = self._index().ends
        return bisect.bisect_left(ends, low), bisect.bisect_right(ends, high)

    def by_end(self) -> Sequence[tuple[PlannedPart, Step]]:
        """Every step, in the text order of where they end (each built and routed when first read)."""
        return self._index()

    def built(self) -> int:
        """How many of the steps were built and routed so far (what a request cost, for the debug log)."""
        return sum(part.built() for part in self.parts)

    def part_at(self, offset: int) -> PlannedPart | None:
        return next((p for p in self.parts if p.span[0] <= offset <= p.span[1]), None)

    def cost(self) -> RouteCost | None:
        """The estimated cost of the document's route (None: the host has no prices, or cannot switch),
        priced once per analysis from its steps."""
        if "cost" not in self.memo:
            ctx = self.folder.ctx
            self.memo["cost"] = route_cost(merged([part.part() for part in self.parts], ctx), ctx)
        return self.memo["cost"]

    # -- positions --------------------------------------------------------------------------------------

    def position(self, offset: int) -> types.Position:
        """Code-point offset -> position in the client's units."""
        return types.Position(*self.place(offset))

    def place(self, offset: int) -> tuple[int, int]:
        """`position` as (line, character), without building an lsprotocol object (an edit's hints look
        their earlier JSON up by place, for thousands of steps)."""
        line = bisect.bisect_right(self.starts, offset) - 1
        column = offset - self.starts[line]
        if self.ascii or (line < len(self.lines) and self.lines[line].isascii()):
            return line, column  # one unit per character in every encoding
        found = self.codec.position_to_client_units(self.lines, ServerTextPosition(line, column))
        return found.line, found.character

    def range(self, span: Sequence[int]) -> types.Range:
        return types.Range(start=self.position(span[0]), end=self.position(span[1]))

    def offset(self, position: types.Position) -> int:
        """Client position -> code-point offset, clamped into the document (never past a line's end)."""
        if not self.lines:
            return 0
        if position.line >= len(self.starts):
            return len(self.text)
        line = max(position.line, 0)
        content = _content(self.lines[line]) if line < len(self.lines) else ""
        character = min(max(position.character, 0), self.codec.client_num_units(content))
        # A copy: the codec clamps by mutating the position it is given.
        server = self.codec.position_from_client_units(self.lines, types.Position(line, character))
        return self.starts[line] + min(server.character, len(content))


def _work_done() -> tuple[int, int, int]:
    """Blocks read, reused from a checkpoint and spliced from the run before, so far."""
    blocks = incremental.counters
    return blocks["read"], blocks["reused"], blocks["spliced"]


class _Lines(Sequence[str]):
    """The document's lines (with their breaks) as slices of its text, cut when asked for: the text is
    kept once, not again line by line."""

    __slots__ = ("count", "starts", "text")

    def __init__(self, text: str, starts: list[int], count: int) -> None:
        self.text, self.starts, self.count = text, starts, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> str:  # type: ignore[override]  # pygls reads lines one by one
        if index < 0:
            index += self.count
        if not 0 <= index < self.count:
            raise IndexError(index)
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index] : end]


class _StepIndex(Sequence[tuple[PlannedPart, Step]]):
    """An analysis' steps in the text order of where they end (for ranges) and by id. What is indexed is
    each step's id: a step is built and routed when a request reads it, so one screen of a long document
    after an edit builds that screen's steps only."""

    __slots__ = ("ends", "first_ids", "ids", "parts")

    def __init__(self, parts: list[PlannedPart]) -> None:
        self.parts = parts
        self.first_ids = [part.first_id for part in parts]
        self.ids: list[int] = []  # by end (numbers, not pairs: nothing for the garbage collector to walk)
        self.ends: list[int] = []
        for part in parts:
            ranks, ends = part.ranks_by_end()
            self.ids += [part.first_id + rank for rank in ranks]
            self.ends += ends
        if len(parts) > 1 and self.ends != sorted(self.ends):  # sections out of text order
            by_end = sorted(range(len(self.ids)), key=lambda n: (self.ends[n], self.ids[n]))
            self.ids = [self.ids[n] for n in by_end]
            self.ends = [self.ends[n] for n in by_end]

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int) -> tuple[PlannedPart, Step]:  # type: ignore[override]
        found = self.by_id(self.ids[index])
        assert found is not None  # an id the parts gave
        return found

    def by_id(self, step_id: int) -> tuple[PlannedPart, Step] | None:
        k = bisect.bisect_right(self.first_ids, step_id) - 1 if len(self.parts) > 1 else 0
        if k < 0 or k >= len(self.parts) or not 0 <= step_id - self.first_ids[k] < len(self.parts[k]):
            return None
        part = self.parts[k]
        return part, part.step(step_id - self.first_ids[k])

    def holding(self, offset: int) -> list[tuple[PlannedPart, Step]]:
        """The steps whose span holds `offset`: from the first ending at or after it, while they start at
        or before it (steps do not overlap, so that is one or two)."""
        found = []
        for k in range(bisect.bisect_left(self.ends, offset), len(self.ids)):
            pair = self[k]
            if pair[1].span[0] > offset:
                break
            found.append(pair)
        return found


# One model runs a whole prompt file, so the one to pin is the one its most demanding step needs.
_DEMAND = (Capability.DEEP_REASONING, Capability.CODING, Capability.BALANCED, Capability.FAST)


def model_entries(analysis: Analysis) -> list[FrontmatterEntry]:
    """The `model:` keys of the document's frontmatter."""
    return [e for e in analysis.frontmatter.entries if e.key == "model"] if analysis.frontmatter else []


def reads_frontmatter(analysis: Analysis) -> bool:
    """Does the host pick the model from this file's `model:` frontmatter (Copilot prompt files, Claude
    agents and commands)? Its globs are relative to a project root, which may sit below the folder."""
    profile = analysis.folder.ctx.profile
    if SwitchMode.FRONTMATTER not in profile.switch_modes:
        return False
    globs = tuple(g if g.startswith("**/") else "**/" + g for g in profile.frontmatter_globs)
    return bool(glob_matcher(globs).fullmatch(analysis.relative))


def body_span(analysis: Analysis) -> tuple[int, int]:
    """Where the prompt's own text is: after the YAML frontmatter, or in a TOML command's `prompt` string
    (empty when it has none), where its headings and task markers are."""
    found = kind_of(analysis.relative)
    if found is not None and found[1].syntax is Syntax.TOML:
        entry = analysis.frontmatter.get("prompt") if analysis.frontmatter else None
        string = isinstance(entry, TomlEntry) and entry.type is TomlType.STRING
        return entry.value_span if entry is not None and string else (0, 0)
    return (analysis.frontmatter.body_start if analysis.frontmatter else 0, len(analysis.text))


def most_demanding(analysis: Analysis) -> Step | None:
    """The step whose capability asks the most of a model (the first of them)."""
    return min(
        (step for _, step in analysis.steps()), key=lambda s: _DEMAND.index(s.capability), default=None
    )


def suggested_model(analysis: Analysis) -> str | None:
    step = most_demanding(analysis)
    return step.model if step else None


class Analyses:
    """The analyses of the most recently used documents, recomputed only when a document's version or the
    contexts changed. A long prompt's route is a few MB (steps, reasons, dependencies, hints), so only the
    documents an editor is working with stay cached; the others are routed again when asked for."""

    def __init__(self, server: RouteSmithServer) -> None:
        self.server = server
        self._cache: OrderedDict[str, Analysis] = OrderedDict()

    def get(self, document: TextDocument) -> Analysis | None:
        key = unquote(document.uri)
        folders = self.server.folders
        cached = self._cache.get(key)
        if (
            cached is not None
            and cached.version == document.version
            and cached.generation == folders.generation
        ):
            self._cache.move_to_end(key)
            return cached
        served = self.served(document)
        if served is None:
            self._cache.pop(key, None)
            return None
        kind, relative, root = served
        analysis = Analysis(
            uri=document.uri,
            version=document.version,
            generation=folders.generation,
            kind=kind,
            text=document.source,
            relative=relative,
            folder=folders.get(root),
            codec=document.position_codec,
        )
        if cached is not None and cached.generation == folders.generation and HINT_PARTS in cached.memo:
            analysis.memo[HINT_PARTS] = cached.memo.pop(HINT_PARTS)
        self._cache[key] = analysis
        self._cache.move_to_end(key)
        while len(self._cache) > CACHED_ANALYSES:
            self._cache.popitem(last=False)
        # Built hints weigh as much as the steps; only the documents in use keep theirs.
        for stale in itertools.islice(self._cache.values(), max(len(self._cache) - HINTED_ANALYSES, 0)):
            stale.memo.pop("hints", None)
            stale.memo.pop(HINT_PARTS, None)
        return analysis

    def served(self, document: TextDocument) -> tuple[Kind, str, Path] | None:
        """(kind, path matched against the globs, folder root) of a document the server routes, else None.
        Inside a workspace folder the globs match the folder-relative path; outside, the absolute one."""
        if not document.path or not document.uri.startswith("file:"):
            return None
        path = Path(document.path)
        folders = self.server.folders
        inside = folders.inside(path)
        root = inside or path.parent
        relative = path.relative_to(inside).as_posix() if inside else path.as_posix()
        kind = classify(relative, folders.settings_for(root))
        return None if kind is None else (kind, relative, root)

    def forget(self, uri: str) -> None:
        self._cache.pop(unquote(uri), None)
