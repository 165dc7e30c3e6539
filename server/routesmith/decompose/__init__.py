"""Split a prompt into ordered steps: a pure function of the text, cheap enough for every keystroke.

    decompose(text)                       whole prompt -> Decomposition (steps in execution order)
    sections(text)                        an instruction file's parts that are routed on their own
    decompose_span(text, span, first_id)  one part, with spans into the whole text
    parse_frontmatter(text)               the YAML frontmatter block and its keys, with positions

Vocabulary and cue rules live in data/*.toml (English, French, Spanish, German, Portuguese, Chinese and
Japanese); order rules in order.toml. Spans are code-point offsets into `text`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from routesmith.decompose import structure
from routesmith.decompose.clauses import (
    Clause,
    Context,
    Reading,
    Tok,
    match,
    match_any,
    read,
    split,
    tokenize,
)
from routesmith.decompose.frontmatter import Frontmatter, FrontmatterEntry, parse_frontmatter
from routesmith.decompose.lexicon import Kind
from routesmith.decompose.order import dependencies, execution_order, phase
from routesmith.model import DEFAULT_CAPABILITY, Decomposition, Exclusion, Section, Step, TaskType

__all__ = [
    "Frontmatter",
    "FrontmatterEntry",
    "decompose",
    "decompose_span",
    "parse_frontmatter",
    "sections",
]

_HEADING_KINDS = frozenset({Kind.HEADING_SKIP, Kind.HEADING_TASK})
_STEP_WORD = frozenset({Kind.HEADING_STEP})
_TEMPLATE = frozenset({Kind.TEMPLATE})


class _Unit(NamedTuple):
    reading: Reading
    group: int  # units of one paragraph or one list share it ("first"/"last" order within it)
    sentence: tuple[int, int]  # (block, sentence)
    clause: int  # clause index within its sentence
    why: str  # how the task was recognised, for the step's reasons


class _Section(NamedTuple):
    level: int
    skip: bool
    task: TaskType | None
    step: bool
    first_unit: int
    heading: Reading | None


def decompose(text: str) -> Decomposition:
    return decompose_span(text, (0, len(text)))


def sections(text: str) -> list[Section]:
    """The parts of an agent instruction file to route on their own (see structure.section_spans)."""
    return [Section(title=title, span=span) for title, span in structure.section_spans(text)]


def decompose_span(
    text: str, span: tuple[int, int], first_id: int = 1, *, instructions: bool = False
) -> Decomposition:
    """Decompose text[span[0]:span[1]]; spans stay absolute and ids start at `first_id`.

    `instructions`: the text is an agent instruction file, where standing rules ("always add tests for
    new code") are no steps of their own.
    """
    lowered = _lower(text)
    builder = _Builder(text, lowered, instructions)
    for block in structure.blocks(text, span):
        builder.add(block)
    return builder.finish(first_id)


def _lower(text: str) -> str:
    """Lower case with the same length (so offsets carry over) and one apostrophe."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower()[0] for c in text)
    return lowered.replace("’", "'")


@lru_cache(maxsize=8192)
def _read_block(
    lowered_block: str, kind: str, instructions: bool, default: TaskType | None, lead: str | None
):
    """Readings of one block's text, offsets relative to the block (cached: an edit re-reads one block)."""
    toks = tokenize(lowered_block, 0, len(lowered_block))
    clauses, labels = split(toks)
    label_task = None
    for start, end in labels:
        label = read(
            lowered_block,
            toks,
            Clause(start, end, None, 0, False),
            Context(instructions, "heading", None, None),
        )
        if label is not None and label.task is not None and not label.negated:
            label_task = label.task
    lead_entry = None
    if lead is not None:
        lead_toks = tokenize(lead, 0, len(lead))
        found = match(lead_toks, 0, len(lead_toks), frozenset({Kind.VERB, Kind.GENERIC}))
        lead_entry = found[0] if found else None
    ctx = Context(instructions, kind, label_task or default, lead_entry)
    out = []
    for index, clause in enumerate(clauses):
        reading = read(lowered_block, toks, clause, ctx)
        if reading is not None:
            first_of_sentence = index == 0 or clauses[index - 1].sentence != clause.sentence
            out.append((reading, clause.sentence, first_of_sentence))
    return tuple(out), toks


class _Builder:
    """Turns blocks into units (candidate steps) and order edges, then into a Decomposition."""

    def __init__(self, text: str, lowered: str, instructions: bool) -> None:
        self.text = text
        self.lowered = lowered
        self.instructions = instructions
        self.units: list[_Unit] = []
        self.excluded: list[Exclusion] = []
        self.edges: list[tuple[int, int]] = []
        self.gates: set[int] = set()
        self.stack: list[_Section] = []
        self.step_sections: list[
            tuple[int, int, int]
        ] = []  # (level, first unit, end unit) of "Step N" sections
        self.group = 0
        self.list_id = -1
        self.previous_block: structure.Block | None = None
        self.lead: str | None = None  # a lead-in's text, for the items of the list after it
        self.template_list = -1  # list id of a template after "Use this format:"
        self.list_last_unit: dict[int, int] = {}  # list id -> last unit of its previous item
        self.block_index = 0

    # -- blocks ---------------------------------------------------------------------------------------

    def add(self, block: structure.Block) -> None:
        self.block_index += 1
        if block.kind == "heading":
            self._heading(block)
        elif not any(section.skip for section in self.stack):
            self._body(block)
        self.previous_block = block

    def _heading(self, block: structure.Block) -> None:
        while self.stack and self.stack[-1].level >= block.level:
            self._close(self.stack.pop())
        toks = tokenize(self.lowered, block.start, block.end)
        skip = self._is_skip_heading(toks)
        reading = None
        if not skip:
            readings, _ = _read_block(
                self.lowered[block.start : block.end], "heading", self.instructions, None, None
            )
            reading = next((r for r, _, _ in readings if r.task is not None and not r.negated), None)
            if reading is not None:
                reading = _shift(reading, block.start)
        step = bool(toks) and (
            toks[0].text[:1].isdigit() or match(toks, 0, len(toks), _STEP_WORD) is not None
        )
        self.stack.append(
            _Section(block.level, skip, reading.task if reading else None, step, len(self.units), reading)
        )
        self.lead, self.list_id = None, -1

    def _close(self, section: _Section) -> None:
        if section.heading is not None and len(self.units) == section.first_unit:
            self._unit(section.heading, 0, (self.block_index, 0), 0, "heading")
        if section.step and len(self.units) > section.first_unit:
            self.step_sections.append((section.level, section.first_unit, len(self.units)))

    def _is_skip_heading(self, toks: list[Tok]) -> bool:
        i = 0
        while i < len(toks) and (toks[i].kind == "punct" or toks[i].text[:1].isdigit()):
            i += 1  # "2. Output format", "(3) Examples"
        found = match(toks, i, len(toks), _HEADING_KINDS)
        if found is None or found[0].kind is not Kind.HEADING_SKIP:
            return False
        after = found[1]
        return (
            after >= len(toks)
            or toks[after].kind == "punct"
            or match(toks, after, len(toks), frozenset({Kind.BOUNDARY, Kind.CONJUNCTION})) is not None
        )

    def _body(self, block: structure.Block) -> None:
        if block.kind == "item":
            if block.list_id != self.list_id:
                self.list_id = block.list_id
                self.group += 1
                lead = self.previous_block
                if lead is not None and lead.kind == "para" and lead.lead:
                    lead_toks = tokenize(self.lowered, lead.start, lead.end)
                    if match_any(lead_toks, 0, len(lead_toks), Kind.TEMPLATE):
                        self.template_list = block.list_id
            if block.list_id == self.template_list:
                return
        else:
            self.group += 1
            self.list_id = -1
        default = next((s.task for s in reversed(self.stack) if s.task is not None), None)
        lead_text = self.lead if block.kind == "item" else None
        readings, _ = _read_block(
            self.lowered[block.start : block.end], block.kind, self.instructions, default, lead_text
        )
        first_unit = len(self.units)
        pending_condition: str | None = None
        for clause_index, (reading, sentence, _first) in enumerate(readings):
            reading = _shift(reading, block.start)
            if reading.gate:
                if self.units:
                    self.gates.add(len(self.units) - 1)
                continue
            if reading.condition_only:
                pending_condition = reading.condition
                continue
            if reading.task is None:
                continue
            if pending_condition is not None and not reading.optional:
                reading = reading._replace(optional=True, condition=pending_condition)
            pending_condition = None
            if reading.negated:
                self._exclude(reading)
                continue
            self._unit(reading, self.group, (self.block_index, sentence), clause_index, "cue")
        if block.kind == "para" and block.lead:
            # "Implement the following:" leads its list; a lead-in that names no work of its own is no step.
            self.lead = self.lowered[block.start : block.end]
            if len(self.units) == first_unit + 1 and self.units[-1].reading.weak:
                self.units.pop()
        elif block.kind != "item":
            self.lead = None
        if block.kind == "item" and len(self.units) > first_unit:
            previous = self.list_last_unit.get(block.list_id)
            if previous is not None:
                self.edges.append((previous, first_unit))
            self.list_last_unit[block.list_id] = len(self.units) - 1

    def _unit(self, reading: Reading, group: int, sentence: tuple[int, int], clause: int, why: str) -> None:
        self.units.append(_Unit(reading, group, sentence, clause, why))

    def _exclude(self, reading: Reading) -> None:
        assert reading.task is not None
        self.excluded.append(
            Exclusion(
                task=reading.task, span=reading.span, text=self.text[slice(*reading.span)], cue=reading.cue
            )
        )

    # -- order ----------------------------------------------------------------------------------------

    def _order_edges(self) -> None:
        units = self.units
        for k, unit in enumerate(units):
            reading = unit.reading
            if reading.then and k > 0:
                self.edges.append((k - 1, k))
            if reading.subordinate is not None:
                main = self._main_clause(k)
                if main is not None:
                    pair = (main, k) if reading.subordinate is Kind.BEFORE else (k, main)
                    self.edges.append(pair)
            if reading.first or reading.last:
                for other, peer in enumerate(units):
                    if other != k and peer.group == unit.group:
                        self.edges.append((k, other) if reading.first else (other, k))
        for (_, _, end), (_, start, _) in zip(self.step_sections, self.step_sections[1:], strict=False):
            if end <= start:
                self.edges.append((end - 1, start))

    def _main_clause(self, k: int) -> int | None:
        """The clause a "before/after ..." clause is ordered against: the next one in its sentence when it
        leads the sentence ("Before refactoring, add tests"), else the previous one."""
        sentence = self.units[k].sentence
        previous = k - 1 if k > 0 and self.units[k - 1].sentence == sentence else None
        following = k + 1 if k + 1 < len(self.units) and self.units[k + 1].sentence == sentence else None
        if previous is None or self.units[previous].reading.subordinate is not None:
            return following
        return previous

    def finish(self, first_id: int) -> Decomposition:
        while self.stack:
            self._close(self.stack.pop())
        # Headings closed late put their units out of text order: restore it before ordering.
        if any(
            a.reading.span[0] > b.reading.span[0] for a, b in zip(self.units, self.units[1:], strict=False)
        ):
            self._sort_units()
        self._order_edges()
        units = self.units
        tasks = [u.reading.task for u in units]
        phases = [phase(u.reading.task, u.reading.early) for u in units]  # type: ignore[arg-type]
        order = execution_order(phases, self.edges)
        deps = dependencies(tasks, order, self.edges)  # type: ignore[arg-type]
        ids = {index: first_id + k for k, index in enumerate(order)}
        steps = []
        for index in order:
            reading = units[index].reading
            task = reading.task
            assert task is not None
            steps.append(
                Step(
                    id=ids[index],
                    task=task,
                    capability=DEFAULT_CAPABILITY[task],
                    span=reading.span,
                    text=self.text[slice(*reading.span)],
                    cue=reading.cue,
                    depends_on=[ids[d] for d in deps[index]],
                    optional=reading.optional,
                    condition=reading.condition,
                    approval_gate=index in self.gates,
                    reasons=[_why(reading, units[index].why)],
                )
            )
        return Decomposition(steps=steps, excluded=self.excluded)

    def _sort_units(self) -> None:
        order = sorted(range(len(self.units)), key=lambda k: self.units[k].reading.span[0])
        new = {old: new for new, old in enumerate(order)}
        self.units = [self.units[k] for k in order]
        self.edges = [(new[a], new[b]) for a, b in self.edges]
        self.gates = {new[g] for g in self.gates}
        self.step_sections = [(lv, new[a], new[b - 1] + 1) for lv, a, b in self.step_sections]


def _shift(reading: Reading, offset: int) -> Reading:
    start, end = reading.span
    return reading._replace(span=(start + offset, end + offset))


def _why(reading: Reading, why: str) -> str:
    source = "heading" if why == "heading" else "cue"
    if reading.question:
        return f'{reading.task}: a question ("{reading.cue}")'
    if reading.weak:
        return f'{reading.task}: "{reading.cue}" (the verb\'s default: its object names no other task)'
    return f'{reading.task}: {source} "{reading.cue}"'
