"""Split a prompt into ordered steps: a pure function of the text, cheap enough for every keystroke.

    decompose(text)                       whole prompt -> Decomposition (steps in execution order)
    sections(text)                        an instruction file's parts that are routed on their own
    reads_as_instructions(text)           whether a text with no path reads as an instruction file
    decompose_span(text, span, first_id)  one part, with spans into the whole text
    plan_span(text, span, first_id)       the same, each step built when asked for
    parse_frontmatter(text)               the YAML frontmatter block and its keys, with positions

Vocabulary and cue rules live in data/*.toml (English, French, Spanish, German, Portuguese, Chinese and
Japanese); order rules in order.toml. Spans are code-point offsets into `text`.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from routesmith.decompose import document, incremental, structure
from routesmith.decompose.clauses import (
    LABEL_WORDS,
    Clause,
    Context,
    Reading,
    Tokens,
    context_topic,
    forget_token_readings,
    goal_of,
    match,
    match_any,
    narrows_focus,
    noun_phrase,
    read,
    says_enough,
    script_of,
    skip_mentions,
    split,
    suspects,
)
from routesmith.decompose.frontmatter import Frontmatter, FrontmatterEntry, parse_frontmatter
from routesmith.decompose.lexicon import LEXICON, Form, Kind, is_cjk, phrase_tokens
from routesmith.decompose.order import RankGroup, forget_plans, phase, plan, rank_groups
from routesmith.decompose.planned import StepPlan
from routesmith.model import DEFAULT_CAPABILITY, Decomposition, Exclusion, Section, Step, TaskType
from routesmith.patterns import LazyPattern

__all__ = [
    "Frontmatter",
    "FrontmatterEntry",
    "decompose",
    "decompose_span",
    "parse_frontmatter",
    "plan_span",
    "reads_as_instructions",
    "sections",
]

# A procedure's name ("## Proceso", "## Workflow") heads the work like a task heading does.
_HEADING_KINDS = frozenset({*document.QUIET_HEADINGS, Kind.HEADING_TASK, Kind.HEADING_PROCEDURE})
_STEP_WORD = frozenset({Kind.HEADING_STEP})
_PROCEDURE = frozenset({Kind.HEADING_PROCEDURE})
_WORK_HEADS = frozenset({Kind.HEADING_PROCEDURE, Kind.HEADING_TASK})
_STANDING = frozenset({Kind.HEADING_RULES, Kind.HEADING_CRITERIA})
_EVERY_TASK = frozenset({Kind.EVERY_TASK})
_TEMPLATE = frozenset({Kind.TEMPLATE})
_ELABORATION = frozenset({Kind.ELABORATION})
_NOUN = frozenset({Kind.NOUN})
_REQUIREMENT = frozenset({Kind.REQUIREMENT})
_REQUEST = frozenset({Kind.REQUEST_VERB, Kind.REQUEST_OBJECT})
_LONG_WORKFLOW = 8  # steps kept in a document before a rare kind of work among them reads as incidental
_INCIDENTAL = 4  # ... in under one step of four
_DOMINANT = 1.5  # ... and under two thirds as often as the kind repeated most (six even kinds all stay)
_DOCUMENT_LINES = (
    6  # lines of a text read as a document even without headings ("Review the changes and:" / 1. ...)
)
_FALLBACK_PARAS = 4  # a requirement stated in prose comes early ("**Good first issue**" / "X should ...")
_VERBS = frozenset({Kind.VERB, Kind.GENERIC, Kind.WEAK})
_CLOSERS = frozenset("\"'”’)]}*_`»」』")
_THEN = frozenset({Kind.THEN})
_LOOK_TASKS = frozenset({TaskType.TESTING, TaskType.REVIEW})  # weak checks and looks: "確認して", "見て"
_CHECK_KINDS = frozenset({Kind.WEAK, Kind.LOOK})
_GENERIC = frozenset({Kind.GENERIC})
_DELIVERABLES = frozenset({TaskType.DOCUMENTATION, TaskType.PLANNING, TaskType.TESTING})
_LOOKS_BACK = frozenset({TaskType.ANALYSIS, TaskType.REVIEW})  # "... and tell me where *it* breaks"
_WORK_ROLES = frozenset({document.Role.ASK, document.Role.WORKFLOW})


class _Unit(NamedTuple):
    reading: Reading  # spans relative to `offset`
    offset: int
    group: int  # units of one paragraph or one list share it ("first"/"last" order within it)
    sentence: tuple[int, int]  # (block, sentence)
    why: str  # how the task was recognised, for the step's reasons
    role: document.Role  # the role of its block in the document
    where: str  # where the block sits, for the role's reason ("a numbered item")
    section_at: int  # where the heading it sits under starts, or -1 (its text is read for kept steps only)
    number: str | None  # the file's own number for it ("2", "Step 3")


class _Parent(NamedTuple):
    indent: int
    details: bool  # the items below it spell it out
    lead_units: range  # its units, when it leads the items below it ("- Do the following:")


class _Section(NamedTuple):
    level: int
    role: document.Role | None  # a section of no work ("## Output format": OUTPUT)
    task: TaskType | None
    step: bool
    first_unit: int
    heading: Reading | None
    offset: int
    summary: bool  # "## Goal": its steps count only when the prompt has no others
    topic: bool  # "## Test structure": the text under it is context, rules or criteria, no workflow
    procedure: bool  # "## Workflow", "### Step 2": the steps to follow each time
    # "## Workflow (every task)", or a lead-in "For every request:" under it: an instruction file's procedure
    # is work only where it says it applies every time (else it is how the project works, context)
    every: bool


def decompose(text: str) -> Decomposition:
    return decompose_span(text, (0, len(text)))


def sections(text: str) -> list[Section]:
    """The parts of an agent instruction file to route on their own (see structure.section_spans); a rules
    file the agent pulls in for a kind of task is one prompt."""
    if text.startswith(("---", "\ufeff---")) and document.requested_by_agent(parse_frontmatter(text)):
        return [Section(title="", span=(0, len(text)))]
    return [Section(title=title, span=span) for title, span in structure.section_spans(text)]


def decompose_span(
    text: str, span: tuple[int, int], first_id: int = 1, *, instructions: bool = False
) -> Decomposition:
    """Decompose text[span[0]:span[1]]; spans stay absolute and ids start at `first_id`.

    `instructions`: the text is an agent instruction file, where standing rules ("always add tests for
    new code") are no steps of their own.
    """
    return plan_span(text, span, first_id, instructions=instructions).decomposition()


def plan_span(text: str, span: tuple[int, int], first_id: int = 1, *, instructions: bool = False) -> StepPlan:
    """`decompose_span`'s steps, each built when asked for (the language server builds one screen's)."""
    lowered = _lower(text)
    # A Gemini CLI command (TOML) is a prompt file, decomposed whole: an instruction file's sections never
    # search the whole text for one.
    whole = span == (0, len(text))
    prompt = document.toml_prompt_span(text) if whole and text[:1] not in ("-", "#", "\ufeff") else None
    if prompt is not None:
        lowered = document.blank_injections(lowered, prompt)  # `!{git diff}`, `@{rules.md}`: content
    found = _blocks(text, lowered, _within(span, prompt) if prompt else span)
    # With two headings or more a file is structured by topic: a document.
    structured = sum(1 for block in found if block.kind == "heading") >= 2
    frontmatter = parse_frontmatter(text) if span[0] == 0 and text.startswith(("---", "\ufeff---")) else None
    facts = document.facts(text, frontmatter)
    if instructions and document.requested_by_agent(frontmatter):
        # "alwaysApply: false" and a description: the agent pulls the rule in as the prompt for a task, which
        # the description says when to do ("WHEN establishing a plan"), not what
        instructions, facts = False, facts._replace(description=None)
    if prompt is not None:  # a Gemini CLI command: its description is its ask
        facts = facts._replace(description=document.toml_description_span(text))
    # A file with headings, frontmatter or several lines is read as a document: only its ask and its
    # workflow ask for work, not its rules, context, criteria and templates.
    reading_document = (
        structured
        or frontmatter is not None
        or instructions
        or prompt is not None
        or text.count("\n", span[0], span[1]) >= _DOCUMENT_LINES
    )
    entries = [incremental.Entry(block, None) for block in found]
    if facts.description is not None and not instructions:
        start, end = facts.description
        described = structure.Block("para", start, end, 0, -1, False, False)
        entries.insert(0, incremental.Entry(described, document.Role.ASK))
    flags = (span[0], instructions, reading_document, facts)
    builder = incremental.build(
        text,
        flags,
        entries,
        lambda: _Builder(text, lowered, instructions, reading_document, facts.read_only),
        _FIELDS,
    )
    return builder.finish(first_id)


def reads_as_instructions(text: str) -> bool:
    """Whether a text with no path to say what it is reads as an agent instruction file: a rules file's
    frontmatter (`applyTo:`, `globs:`, `trigger:`), or standing rules and context without a description of a
    task."""
    frontmatter = parse_frontmatter(text) if text.startswith(("---", "\ufeff---")) else None
    if document.rule_keys(frontmatter):
        return True
    if document.facts(text, frontmatter).description is not None:
        return False
    if document.toml_prompt_span(text) is not None:
        return False  # a Gemini CLI command: its `prompt` string is a prompt
    if document.prompt_keys(frontmatter) or document.has_placeholder(text):
        return False  # `mode:`, `tools:`, `$ARGUMENTS`, `{{args}}`: a command or agent takes a request
    lowered = _lower(text)
    found = _blocks(text, lowered, (0, len(text)))
    title = next((block for block in found if block.kind == "heading"), None)
    if title is not None and title.level == 1 and _names_standing_text(text[title.start : title.end]):
        return True  # "# CLAUDE.md", "# AGENTS Instructions", "# Dash Callbacks Best Practices"
    if _describes_itself(lowered, found):
        return True  # "This file provides guidance to Claude Code when working with code in this repository."
    return not _opens_with_work(lowered, found) and (
        _reads_as_rules(lowered, found) or _labels_rules(lowered, found)
    )


_TASK_HEADING = frozenset({Kind.HEADING_TASK})
_SUMMARY_HEADING = frozenset({Kind.SUMMARY})
_OPENING = 2000  # characters of a lead paragraph's first line read for its opening ask
_LEAD_PARAS = 5  # paragraphs of a document's lead, or of its first "## Goal" section, read for its ask


def _opens_with_work(lowered: str, found: list[structure.Block]) -> bool:
    """Whether a document opens by giving the agent its work: a lead paragraph that asks for it ("# Create
    PR From Branch Changes" / "Create or update a pull request ..."), or a first section that names the task
    ("## Your Mission") or its goal in a request ("## Goal" / "Review the exact target SHA ..."). Standing
    rules open with what the project is."""
    paras = 0
    in_goal = False
    for block in found:
        text = lowered[block.start : block.end]
        if block.kind == "heading" and block.level > 1:
            toks = Tokens(text, 0, len(text))
            if in_goal or _heading_kind(toks, _HEADING_KINDS) not in (None, Kind.HEADING_TASK):
                return False  # "## Workflow" may be a standing procedure, "## Development workflow" context
            if _heading_ending(toks, _PROCEDURE) is not None:
                return False
            if _heading_is(toks, _TASK_HEADING) or _heading_ending(toks, _TASK_HEADING) is not None:
                return True  # "## Your Task", "## Your Mission"
            if not _heading_is(toks, _SUMMARY_HEADING):
                return False
            in_goal, paras = True, 0
        elif block.kind == "para":
            line = text.split("\n", 1)[0]
            # Its first sentence opens it: a long paragraph is not read twice (here and as a block).
            first_sentence = _SENTENCE_BREAK.search(line, 0, _OPENING)
            line = line[: first_sentence.end() if first_sentence else _OPENING]
            opening = _read_heading(_as_request(line), False)[3]  # "Executes an audit": the ask
            if opening is not None and opening.span[0] == len(line) - len(line.lstrip(" *_>")):
                return True
            paras += 1
            if paras == _LEAD_PARAS:
                return False
        elif block.kind != "heading":
            return False  # a list or a thematic break: the lead is over
    return False


_ABOUT_ITSELF = frozenset({Kind.ABOUT_ITSELF})


def _describes_itself(lowered: str, found: list[structure.Block]) -> bool:
    """Whether a sentence of the document's lead opens with the file itself ("This file provides guidance
    to ...", "Ce document décrit ..."): standing instructions describe themselves, a prompt asks for work."""
    paras = 0
    for block in found:
        if block.kind == "heading" and block.level == 1:
            continue
        if block.kind != "para" or paras == _LEAD_PARAS:
            return False  # a section, a list or a thematic break: the lead is over
        paras += 1
        # Its first sentences only: a long paragraph is not read whole here.
        toks = Tokens(lowered, block.start, min(block.end, block.start + _OPENING))
        if any(
            (i == 0 or toks.texts[i - 1] in _SENTENCE_ENDS) and match(toks, i, len(toks), _ABOUT_ITSELF)
            for i in range(len(toks))
        ):
            return True
    return False


_SENTENCE_ENDS = frozenset({".", "!", "?", "。", "！", "？", ":"})


def _names_standing_text(title: str) -> bool:
    """Whether a title names an instruction file or standing rules ("# Python Coding Conventions")."""
    if document.names_instructions(title):
        return True
    toks = Tokens(_lower(title), 0, len(title))
    if match_any(toks, 0, len(toks), Kind.FOR_AGENTS):
        return True  # "# Instructions for AI agents", "# Instrucciones para agentes de IA"
    # A title that is standing rules ("# Guidelines"), or ends in a phrase for them ("# Dash Callbacks Best
    # Practices"; one last word like "notes" may end any title: "# Release notes").
    if _heading_kind(toks, _STANDING) is not None or _heading_ending(toks, _STANDING, words=2) is not None:
        return True
    # "# AI Rules — Flask + HTMX", "# Aider Conventions": the main title before a subtitle ends in the word
    # for standing rules and names no work ("# Release notes", "# Fix the lint rules" do)
    main = _lower(title)[: _SUBTITLE.search(title + " - ").start()]
    return (
        _words(main) >= 2
        and _heading_ending(Tokens(main, 0, len(main)), _STANDING) is not None
        and _read_heading(main, False)[1] is None
    )


_SUBTITLE = LazyPattern(r"\s[—–|-]\s|:\s|\s\(")


_RULE_HEADINGS = 3  # topic sections of rules and context before a file reads as standing instructions
_RULE_SHARE = 3  # ... with at most one section of work for each three of them


def _reads_as_rules(lowered: str, found: list[structure.Block]) -> bool:
    """Whether a document is standing rules and context (an AGENTS.md routed from stdin): several topic
    headings ("## Code style", "## Testing"), at most one in four asking for work or naming a procedure."""
    topics = work = 0
    topic_level = (
        0  # the level of the last heading of rules or context: numbered headings under it are its points
    )
    for block in found:
        if block.kind == "heading" and block.level > 1:
            text = lowered[block.start : block.end]
            role, _, step, heading, _, topic, procedure = _read_heading(text, False)
            numbered = text.lstrip("# ")[:1].isdigit() and heading is None
            if topic_level and block.level <= topic_level:
                topic_level = 0
            ending = _heading_ending(Tokens(text, 0, len(text)), document.QUIET_HEADINGS)
            named = role is not None or ending is not None
            if named or (numbered and topic_level):
                # "## Workflow rules", "## 设计原则" (design principles) / "### 1. 内容优先": named last
                topics += 1
                topic_level = topic_level or block.level
            elif step or heading is not None or procedure or not topic:
                work += 1
            else:
                topics += 1
    return topics >= _RULE_HEADINGS and work * _RULE_SHARE <= topics


def _labels_rules(lowered: str, found: list[structure.Block]) -> bool:
    """Whether a text with no sections is topics of rules, each a label over its list ("Code Style and
    Structure:" / "- Use functional patterns", as in many `.cursorrules`): several labels, none of work."""
    topics = 0
    for block in found:
        if block.kind == "heading" and block.level > 1:
            return False  # sections: _reads_as_rules reads them
        if block.kind != "para" or not block.lead or "\n" in lowered[block.start : block.end]:
            continue
        label = lowered[block.start : block.end].rstrip(" :：*_")
        role, _, step, heading, _, topic, procedure = _read_heading(label, False)
        if step or heading is not None or procedure or (role is None and not topic):
            return False  # "Steps:", "Fix the login bug:": a label of work
        # "Naming Conventions:", "UI and Styling:" name rules; "When processing commits:" names nothing
        topics += (
            role is not None
            or _heading_ending(Tokens(label, 0, len(label)), document.QUIET_HEADINGS) is not None
        )
    return topics >= _RULE_HEADINGS


def _blocks(text: str, lowered: str, span: tuple[int, int]) -> list[structure.Block]:
    """The blocks of text[span], with only the tags that name a section ("<rules>", "<output_format>",
    "<workflow>"): a tag named otherwise ("<repository>" in a pasted pom.xml, "<system>") is markup."""
    found = structure.blocks(text, span)
    if not any(block.level == structure.TAG_LEVEL for block in found):
        return found
    return [
        block
        for block in found
        if block.level != structure.TAG_LEVEL or _names_section(_tag_name(lowered, block))
    ]


def _tag_name(lowered: str, block: structure.Block) -> str:
    return lowered[block.start : block.end].replace("_", " ").replace("-", " ")  # "<output_format>"


@lru_cache(maxsize=1024)
def _names_section(name: str) -> bool:
    role, _, _, _, summary, _, procedure = _read_heading(name, False)
    return role is not None or summary or procedure


def _within(span: tuple[int, int], inner: tuple[int, int]) -> tuple[int, int]:
    return max(span[0], inner[0]), min(span[1], inner[1])


def clear_caches() -> None:
    """Forget the per-block readings, recent scans and plans (benchmarks of a first decomposition)."""
    for cached in (
        _read_block,
        _read_heading,
        _is_template,
        _introduces_no_steps,
        _labels_role,
        _agent_noun,
        _written_from_reading,
        _answers,
        _gives_role,
        _names_work,
        _says_every_task,
    ):
        cached.cache_clear()
    structure.clear_cache()
    incremental.clear_cache()
    forget_plans()
    forget_token_readings()


def _lower(text: str) -> str:
    """Lower case with the same length (so offsets carry over) and one apostrophe."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower()[0] for c in text)
    return lowered.replace("’", "'")


# Characters of one paragraph read at once: a paragraph of a megabyte with no line break (a Chinese or
# Japanese character is a token) is read a piece at a time, so memory stays bounded however long it runs.
_PIECE = 1 << 16
_PIECE_ENDS = LazyPattern(r"[.!?。！？](?:\s|$)|[。！？]")


def _read_in_pieces(
    lowered: str, kind: str, instructions: bool, default: TaskType | None, lead: str | None
) -> tuple[tuple[Reading, int], ...]:
    """_read_block over a paragraph of any length: pieces of at most _PIECE characters, each ending at the
    last sentence end in its second half (a run with none is cut where it reaches the limit)."""
    if len(lowered) <= _PIECE:
        return _read_block(lowered, kind, instructions, default, lead)
    out: list[tuple[Reading, int]] = []
    start = sentences = 0
    while start < len(lowered):
        end = min(len(lowered), start + _PIECE)
        if end < len(lowered):
            end = max(
                (found.end() for found in _PIECE_ENDS.finditer(lowered, start + _PIECE // 2, end)),
                default=end,
            )
        for reading, sentence in _read_block(lowered[start:end], kind, instructions, default, lead):
            span = (reading.span[0] + start, reading.span[1] + start)
            out.append((reading._replace(span=span), sentences + sentence))
        sentences = out[-1][1] + 1 if out else sentences
        start = end
    return tuple(out)


@lru_cache(maxsize=4096)  # about 1.1 KiB an entry: two long documents being edited
def _read_block(
    lowered_block: str, kind: str, instructions: bool, default: TaskType | None, lead: str | None
) -> tuple[tuple[Reading, int], ...]:
    """(reading, sentence) for each clause of one block that says something, offsets relative to the block.

    Cached: an edit re-reads only the block it touched. Within the block, a negation covers the nouns
    after it ("no tests, docs or changelog"), "it"/"them" take the task of what the clause before was
    about, and a bare passive after "once ..." stays subordinate ("once it is implemented and tested").
    """
    markers, tags_end = _markers(lowered_block)
    if markers:
        return markers
    if tags_end:  # "[WIP] build it": a tag before the request is no part of it
        lowered_block = " " * tags_end + lowered_block[tags_end:]
    toks = Tokens(lowered_block, 0, len(lowered_block))
    clauses, labels = split(toks)
    label: Reading | None = None
    for start, end in labels:
        found = read(
            lowered_block,
            toks,
            Clause(start, end, None, 0, False),
            Context(instructions, "heading", None, None),
        )
        if found is not None and found.task is not None and not found.negated:
            label = found
    lead_entry = None
    if lead is not None:
        lead_toks = Tokens(lead, 0, len(lead))
        hit = match(lead_toks, 0, len(lead_toks), frozenset({Kind.VERB, Kind.GENERIC}))
        lead_entry = hit[0] if hit else None
    ctx = Context(instructions, kind, label.task if label else default, lead_entry)
    out: list[tuple[Reading, int]] = []
    negated_sentence = subordinate_sentence = -1
    subordinate: Kind | None = None
    antecedent: TaskType | None = None
    silent = False  # the clause before said nothing (context, or about the answer)
    silent_then = -1  # the sentence of a "then" clause with no step since the last one ("再跑 go vet 和")
    goal: tuple[int, TaskType] | None = None  # (sentence, task) a purpose before the change names
    suspected = -2  # the sentence that last stated a suspicion ("キャッシュが効いていない気がします")
    for index, clause in enumerate(clauses):
        if silent and clause.relation is Kind.WITH:
            continue  # "Report back with a summary of the root cause": part of the clause before
        passive_before = bool(out) and out[-1][1] == clause.sentence and out[-1][0].passive
        # Built whole, not by ctx._replace: this runs once per clause.
        clause_ctx = Context(ctx.instructions, kind, ctx.default_task, ctx.lead, antecedent, passive_before)
        reading = read(lowered_block, toks, clause, clause_ctx)
        if suspects(toks, clause):
            suspected = clause.sentence
        silent = reading is None
        if reading is None:
            if (wanted := goal_of(toks, clause)) is not None:
                if clause.relation is Kind.PURPOSE:
                    goal = (clause.sentence, wanted)  # "lint が通るように直して": the change after it
                elif out and out[-1][1] == clause.sentence:
                    out[-1] = (_toward(out[-1][0], wanted), clause.sentence)  # "整理一下，让 eslint 能通过"
            antecedent = context_topic(toks, clause) or antecedent
            if clause.relation is Kind.THEN or match(toks, clause.start, clause.end, _THEN) is not None:
                silent_then = clause.sentence
            continue
        antecedent = reading.topic or antecedent
        sentence = clause.sentence
        if goal is not None and goal[0] == sentence:
            reading, goal = _toward(reading, goal[1]), None
        if reading.negated:
            negated_sentence = sentence
        elif reading.noun_led and negated_sentence == sentence and not reading.now:
            reading = reading._replace(negated=True)  # "no tests, docs or changelog"
        if reading.subordinate is not None:
            subordinate, subordinate_sentence = reading.subordinate, sentence
        elif reading.passive and subordinate_sentence == sentence and clause.relation is Kind.CONJUNCTION:
            reading = reading._replace(subordinate=subordinate)
        previous = out[-1] if out and out[-1][1] == sentence and out[-1][0].task is not None else None
        if (
            clause.relation is Kind.CONJUNCTION
            and ((previous is not None and previous[0].then) or silent_then == sentence)
            and not reading.first
        ):
            # "then run go vet and the tests", "then refactor it and add tests": the sequence goes on
            reading = reading._replace(then=True)
        if (
            reading.weak
            and reading.task is TaskType.TESTING  # "confirm", "verify": a check, not a change
            and (
                (
                    previous is not None
                    and previous[0].task is TaskType.ANALYSIS
                    and clause.relation is Kind.CONJUNCTION
                )
                # "Check whether we hit the vulnerable path, upgrade it either way": no work to test yet
                or (reading.asks and not any(r.task is not None for r, _ in out))
            )
        ):
            reading = reading._replace(task=TaskType.ANALYSIS)  # "dig through the logs and confirm ..."
        if (
            reading.task in _LOOK_TASKS
            and 0 <= sentence - suspected <= 1
            and _check_cue(reading.cue)
            and (previous is None or previous[0].task is not TaskType.TESTING)
        ):
            reading = reading._replace(task=TaskType.ANALYSIS)  # "…かも。確認して": investigated
        if (
            reading.task is TaskType.CODING
            and previous is not None
            and previous[0].task is TaskType.FORMATTING
            and toks.language in ("cjk", "ko")
            and index > 0
            and not _noun_cue(reading.cue)  # lookups after the cheap tests
            and match_any(toks, clause.start, clause.end, Kind.RESULT)
            and not _changes(toks, clauses[index - 1])
        ):
            continue  # "跑一下 golangci-lint，把报的问题都修掉": fixing what the linter reported is that run
        if clause.relation is Kind.WITH and previous is not None and reading.task is previous[0].task:
            continue  # "format everything with rustfmt": the tool of the step, not another step
        named = out[-1][0] if out and out[-1][1] >= sentence - 1 else None
        if (
            named is not None
            and named.noun_led
            and not named.negated
            and not reading.noun_led
            and reading.task is named.task
        ):
            # "The docs are out of date, update them", "Die Docstrings fehlen, ergänze sie": the work named,
            # then the verb that does it (in its sentence or the next), is one step
            out.pop()
            previous = out[-1] if out and out[-1][1] == sentence and out[-1][0].task is not None else None
        if (narrows_focus(toks, clause) and _narrows(reading, [r for r, _ in out])) or (
            says_enough(toks, clause) and _says_how(reading, [r for r, _ in out])
        ):
            continue  # "PR をレビューして。特にエラー処理のところ", "重构一下，重点是把校验抽出来": one step
        if reading.condition_only and index > 0 and clauses[index - 1].sentence == sentence:
            reading = reading._replace(then=True)  # "add a test and, if it fails, fix it": after the test
        if reading.before_previous and reading.task is None and previous is not None:
            out[-1] = (previous[0]._replace(before_previous=True), sentence)  # "document it before either"
            continue
        if (
            reading.refers
            and reading.task in _LOOKS_BACK
            and previous is not None
            and reading.subordinate is None  # "after reviewing the PR that adds them": explicit order
            and previous[0].subordinate is None  # "Before you refactor it, read through it": ordered
            and not reading.first  # "but benchmark it before you start"
        ):
            reading = reading._replace(then=True)  # "write a load test and tell me where it falls over"
        out.append((reading, sentence))
        silent_then = -1
    if label is not None and not any(r.task is not None and not r.negated for r, _ in out):
        out.insert(0, (label._replace(span=(label.span[0], toks.ends[-1])), 0))  # "Implement: $ARGUMENTS"
    if any(r.task is TaskType.PLANNING and not r.negated for r, _ in out):
        # "We want to move to Vitest: propose a migration plan": the team's wish is what the plan is for
        out = [(r, s) for r, s in out if not (r.goal and r.task is not TaskType.PLANNING)]
    return tuple(out)


def _toward(reading: Reading, wanted: TaskType) -> Reading:
    """A plain change or tidy whose purpose is a linter passing ("lint が通るように直して", "정리해서 린트
    통과하게") formats the code."""
    if (
        wanted is TaskType.FORMATTING
        and not reading.negated
        and (reading.task is TaskType.REFACTOR or (reading.task is TaskType.CODING and reading.weak))
    ):
        return reading._replace(task=TaskType.FORMATTING)
    return reading


def _narrows(reading: Reading, before: list[Reading]) -> bool:
    """Whether a clause that says where to look adds nothing to the work before it: it names no work of its
    own, the same work, or what a look (a review, an analysis) should look at."""
    asked = [r for r in before if r.task is not None and not r.negated]
    return bool(asked) and (
        reading.noun_led or reading.task is asked[-1].task or asked[-1].task in _LOOKS_BACK
    )


def _says_how(reading: Reading, before: list[Reading]) -> bool:
    """Whether a clause that closes on how much is enough says how to make the deliverable before it (a
    text, a plan, tests), by the same work or a verb ("整理するだけでいいです", "列一下就行"), not by naming
    other work ("テストは正常系だけでいいです") nor after a look, whose findings it may ask to act on
    ("指摘事項を直してもらえれば大丈夫です")."""
    asked = [r for r in before if r.task is not None and not r.negated]
    return (
        bool(asked)
        and asked[-1].task in _DELIVERABLES
        and (reading.task is asked[-1].task or not _noun_cue(reading.cue))
    )


def _noun_cue(cue: str) -> bool:
    """Whether a CJK cue opens with a task noun ("テスト", "单元测试"), not a verb ("整理", "列一下")."""
    if not cue or not is_cjk(cue[0]):
        return True
    words = phrase_tokens(cue)
    return any(
        e.kind is Kind.NOUN and e.task is not None and words[: len(e.tokens)] == e.tokens
        for e in LEXICON.entries(words[0])
    )


_MARKER = LazyPattern(r"[ \t]*(\[([^\[\]\s]{2,16})\])(?![(:\[])")


def _markers(lowered_block: str) -> tuple[tuple[tuple[Reading, int], ...], int]:
    """The steps of explicit markers opening a block ("[plan] [code] [test] build this feature": the
    user's own word, in the user's order; the words after them are what the steps work on), and where
    the bracketed tags opening it end."""
    found: list[tuple[Reading, int]] = []
    position = 0
    tags = True
    while (marker := _MARKER.match(lowered_block, position)) is not None:
        entries = LEXICON.entries(marker.group(2))
        task = next((e.task for e in entries if e.kind is Kind.MARKER), None)
        if task is not None and tags:
            reading = Reading(task, marker.span(1), marker.group(1), then=bool(found), marker=True)
            found.append((reading, 0))
        tags = tags and task is not None
        position = marker.end()
    return tuple(found), position


_AGENT = frozenset({Kind.AGENT})
_ITEM_NUMBER = LazyPattern(r"[ \t>]*(\d{1,9})[.)]")
_HEADING_NUMBER = LazyPattern(r"((?:[^\W\d_]+[ \t]+)?\d{1,9}(?:\.\d{1,9})*)(?=[.):：\s]|$)")
_VERB_S = LazyPattern(r"\s*([a-z]+?)(ies|es|s)\b")


def _as_request(lowered: str) -> str:
    """A description whose sentences open with a verb in the third person ("Reviews the diff", "Deep analysis
    framework. Produces structured documentation") read as the requests they describe ("review  the diff"), at
    the same length so offsets carry over; "Use this skill to" before it says what the file is for. One pass:
    the parts are joined once."""
    lowered = document.without_purpose(lowered)
    starts = [0, *(found.end() for found in _SENTENCE_BREAK.finditer(lowered))]
    parts, at = [], 0
    for start in starts:
        found = _base_verb_at(lowered, start)
        if found is not None:
            verb_start, verb_end, base = found
            parts += [lowered[at:verb_start], base.ljust(verb_end - verb_start)]
            at = verb_end
    return "".join([*parts, lowered[at:]]) if parts else lowered


def _base_verb_at(lowered: str, at: int) -> tuple[int, int, str] | None:
    """(start, end, base form) of the third-person verb that opens the sentence at `at`, if one does."""
    opening = _VERB_S.match(lowered, at)
    if opening is None or not any(
        e.form is Form.S and e.kind in _VERBS for e in LEXICON.entries(opening.group(1) + opening.group(2))
    ):
        return None
    stem, ending = opening.group(1), opening.group(2)
    base = next(
        (
            word
            for word in (stem + "y" if ending == "ies" else stem, stem + "e", stem + "es"[: len(ending) - 1])
            if any(e.form is Form.BASE and e.kind in _VERBS for e in LEXICON.entries(word))
        ),
        None,
    )
    if base is None or len(base) > len(stem) + len(ending):
        return None
    return opening.span(1)[0], opening.end(), base


@lru_cache(maxsize=4096)
def _names_work(lowered: str) -> Reading | None:
    """The work a description names in a noun phrase ("Research-driven comprehensive project planning",
    "Complete test run for a repo"): its head noun's task."""
    toks = Tokens(lowered, 0, len(lowered))
    head = noun_phrase(toks, 0, len(toks), toks.language)
    if head.kind is not Kind.NOUN or head.task is None:
        return None
    after = head.end + 1  # "an approach to *diagnosing* and fixing ...": the gerund names the work
    if after < len(toks) and any(e.form is Form.ING and e.kind in _VERBS for e in toks.ents[after]):
        return None
    span = (toks.starts[head.start], toks.ends[head.end - 1])
    return Reading(head.task, span, lowered[span[0] : span[1]], noun_led=True)


@lru_cache(maxsize=4096)
def _gives_role(lowered: str) -> bool:
    """Whether a paragraph gives the agent a role in so many words ("You are a ...", "Act as ...")."""
    toks = Tokens(lowered, 0, len(lowered))
    return match_any(toks, 0, len(toks), Kind.ROLE)


@lru_cache(maxsize=4096)
def _agent_noun(lowered: str) -> Reading | None:
    """The first agent role named in a block ("security reviewer", "technical writer"), as a reading."""
    toks = Tokens(lowered, 0, len(lowered))
    for i in range(len(toks)):
        if toks.has(i, Kind.AGENT) and (found := match(toks, i, len(toks), _AGENT)) is not None:
            entry, after = found
            span = (toks.starts[i], toks.ends[after - 1])
            return Reading(entry.task, span, lowered[span[0] : span[1]], noun_led=True)
    return None


def _words(text: str) -> int:
    """How many words with a letter in them: a one-word title ("# Plan 🧭") names a topic."""
    return sum(any(c.isalpha() for c in word) for word in text.split())


def _cue_opens_with(cue: str, kind: Kind, task: TaskType) -> bool:
    """Whether a cue's first word is a `kind` entry of `task`: a review verb that inspects ("audit ...",
    not "get the PR reviewed"), a measurement that names a kind of test ("benchmark it", not "run tfsec")."""
    if cue and is_cjk(cue[0]):  # a character a token: the entry must spell the cue's opening
        words = phrase_tokens(cue)
        return any(
            e.kind is kind and e.task is task and words[: len(e.tokens)] == e.tokens
            for e in LEXICON.entries(words[0])
        )
    first = cue.split(" ", 1)[0]
    return any(e.kind is kind and e.task is task for e in LEXICON.entries(first))


def _changes(toks: Tokens, clause: Clause) -> bool:
    """Whether a clause changes something (a generic coding verb: "ESLint の設定を厳しめにして", "调严"),
    rather than only running a tool ("ESLint を回して", "跑一下 golangci-lint")."""
    return any(
        (hit := match(toks, j, clause.end, _GENERIC)) is not None and hit[0].task is TaskType.CODING
        for j in range(clause.start, clause.end)
    )


def _check_cue(cue: str) -> bool:
    """Whether a CJK cue is or ends in a check or a look ("確認", "漏れがないか確認", "봐 주"), not
    an addition a lack made a test ("テストが足りない気がします。追加して")."""
    if not cue or not is_cjk(cue[0]):
        return False
    words = phrase_tokens(cue)
    return any(
        e.kind in _CHECK_KINDS and words[k : k + len(e.tokens)] == e.tokens
        for k in range(len(words))
        for e in LEXICON.entries(words[k])
    )


@lru_cache(maxsize=4096)
def _read_heading(
    lowered: str, instructions: bool
) -> tuple[document.Role | None, TaskType | None, bool, Reading | None, bool, bool, bool]:
    """(role, task, step, heading step, summary, topic, procedure) of one heading's text (cached like
    blocks).

    role: the role of its body when that is no work ("## Output format": output); task: what vague
    steps under it do ("## Tests"), or documentation when it names a document ("# Onboarding docs
    refresh"); step: a "Step N" heading, ordered after the one before; heading step: the heading itself
    when its body has no steps ("### Step 3: Add tests"), never a bare noun ("## Architecture"); summary:
    "## Goal", counted only without others; topic: neither a task heading ("## Steps"), a step heading
    nor a request ("## Fix the login bug"); procedure: the steps to follow each time ("## Workflow").
    """
    toks = Tokens(lowered, 0, len(lowered))
    # "Step 2", "Phase III", "第一步", "Step group 3": a step word counts only with its number ("Task
    # Dependency Analysis", "Phase Overview" name a topic)
    counted = match(toks, 0, len(toks), _STEP_WORD) if toks else None
    numbered = (
        counted is not None
        and counted[1] < len(toks)
        and (_counts(toks.texts[counted[1]]) or any(t[:1].isdigit() for t in toks.texts[counted[1] :]))
    )
    step = bool(toks) and (toks.texts[0][:1].isdigit() or numbered)
    summary = _heading_is(toks, _SUMMARY_HEADING)
    quiet = _heading_kind(toks, _HEADING_KINDS)
    if quiet is None and toks.language == "cjk":  # "核心规则", "開発ルール": a CJK compound ends in its head
        quiet = _heading_ending(toks, document.QUIET_HEADINGS)
    if quiet is Kind.HEADING_PROCEDURE or (quiet is None and _heading_ending(toks, _WORK_HEADS) is not None):
        quiet = Kind.HEADING_TASK  # "## Operational Steps", "## Research Process": work, named last
    if quiet is not None and quiet is not Kind.HEADING_TASK:
        return document.HEADING_ROLES[quiet], None, step, None, summary, True, False
    readings = _read_block(lowered, "heading", instructions, None, None)
    reading = next((r for r, _ in readings if r.task is not None and not r.negated), None)
    topic = next((TaskType.DOCUMENTATION for j in range(len(toks)) if toks.has(j, Kind.PLACE)), None)
    # "## Testing" names a topic like "## Tests"; "## Add tests" asks for work.
    gerund = bool(toks) and any(e.form is Form.ING for e in toks.ents[0] if e.kind in _VERBS)
    # A heading that names a verb without an object ("## Package management") names no work either.
    heading = (
        reading
        if reading is not None and (step or not (reading.noun_led or gerund or reading.weak))
        else None
    )
    is_topic = not (step or heading or quiet is Kind.HEADING_TASK)
    if instructions:
        # In an instruction file a numbered heading is only numbering; a procedure to follow each time
        # says so ("## Workflow", "### Step 2").
        procedure = numbered or _heading_is(toks, _PROCEDURE)
    else:
        procedure = step or quiet is Kind.HEADING_TASK
    return None, reading.task if reading else topic, step, heading, summary, is_topic, procedure


_NUMERALS = frozenset("一二三四五六七八九十")
_NUMBER_WORDS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
    | {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "a", "b", "c", "d"}
)


def _counts(word: str) -> bool:
    """Whether a word after a step word is its number ("2", "2.1", "III", "B", "一")."""
    return word[:1].isdigit() or word[:1] in _NUMERALS or word in _NUMBER_WORDS


@lru_cache(maxsize=1024)
def _says_every_task(lowered: str) -> bool:
    """Whether a heading or a lead-in says it applies to every task ("## Workflow (every session)")."""
    toks = Tokens(lowered, 0, len(lowered))
    return match_any(toks, 0, len(toks), Kind.EVERY_TASK)


_OPENING_BRACKETS = frozenset({"(", "（"})
_CLOSING_BRACKETS = frozenset({")", "）"})
_CJK_HEAD_CHARACTERS = 6  # the longest head noun a CJK heading ends in ("注意事项", "コーディング規約")


def _heading_ending(toks: Tokens, kinds: frozenset[Kind], words: int = 1) -> Kind | None:
    """The kind of the `kinds` entry a heading's last words (at least `words` of them) are ("Systematic
    Debugging Process", "设计原则"): the head noun of an English or CJK heading comes last."""
    end = len(toks)
    while end and toks.kinds[end - 1] == "punct":
        end -= 1
    if toks.language == "cjk" and end < len(toks) and toks.texts[end] in _CLOSING_BRACKETS:
        # "圧縮ルール（必ず守る）": what the brackets add qualifies the head noun before them
        end = next((j for j in range(end - 1, 0, -1) if toks.texts[j] in _OPENING_BRACKETS), end)
        while end and toks.kinds[end - 1] == "punct":
            end -= 1
    reach = _CJK_HEAD_CHARACTERS if toks.language == "cjk" else 3  # a CJK token is one character
    for start in range(max(1, end - reach), end - words + 1):
        found = match(toks, start, end, kinds)
        if found is not None and found[1] == end:
            return found[0].kind
    return None


def _heading_is(toks: Tokens, kinds: frozenset[Kind]) -> bool:
    return _heading_kind(toks, kinds) is not None


def _heading_kind(toks: Tokens, kinds: frozenset[Kind]) -> Kind | None:
    """The kind of `kinds` the heading is, as a whole or followed by punctuation or a boundary word
    ("Output format (JSON)", "Examples of prompts"), or None."""
    i = 0
    while i < len(toks) and (toks.kinds[i] == "punct" or toks.texts[i][:1].isdigit()):
        i += 1  # "2. Output format", "(3) Examples"
    found = match(toks, i, len(toks), kinds)
    if found is None:
        return None
    after = found[1]
    ends = (
        after >= len(toks)
        or toks.kinds[after] == "punct"
        or match(toks, after, len(toks), frozenset({Kind.BOUNDARY, Kind.CONJUNCTION})) is not None
    )
    return found[0].kind if ends else None


_SENTENCE_BREAK = LazyPattern(r"[.!?。！？](?=\s)|[。！？]")


def _last_sentence(lowered: str, start: int, end: int) -> int:
    """Where the last sentence of text[start:end] starts."""
    breaks = [found.end() for found in _SENTENCE_BREAK.finditer(lowered, start, end - 1)]
    return breaks[-1] if breaks else start


def _unstated_request(lowered: str, alone: bool) -> Reading | None:
    """What a prompt without a step asks for: a task named alone ("tests", "unit tests?"; `alone`: the
    paragraph is the whole prompt), or a change to the code when it says what the code should do ("the
    export should include archived rows")."""
    toks = Tokens(lowered, 0, len(lowered))
    end = len(toks)
    while end and toks.kinds[end - 1] == "punct":
        end -= 1
    named = match(toks, 0, end, _NOUN) if alone else None
    if named is not None and named[1] == end and named[0].task is not None:
        span = (toks.starts[0], toks.ends[end - 1])
        return Reading(named[0].task, span, lowered[span[0] : span[1]])
    for j in range(1, end - 1):
        found = match(toks, j, end, _REQUIREMENT) if toks.has(j, Kind.REQUIREMENT) else None
        if (
            found is not None
            and found[1] < end
            and toks.kinds[found[1]] == "word"
            and not toks.has(j - 1, Kind.RELATIVE)  # "the terms that must be added": a description
        ):
            # "The docs should say ...": what the subject is about; "the widget should show ...": code
            subject = noun_phrase(toks, 0, j, "en")
            task = subject.task if subject.kind is Kind.NOUN and subject.task else TaskType.CODING
            cue = lowered[toks.starts[j] : toks.ends[found[1]]]
            return Reading(task, (toks.starts[0], toks.ends[end - 1]), cue)
    return None


_READER = frozenset({Kind.READER})
_INTAKE = frozenset({Kind.INTAKE})
# What a step that writes the answer reads as ("generate a commit message", "deduplicate into one report").
_ANSWERABLE = frozenset({TaskType.DOCUMENTATION, TaskType.CODING, TaskType.PLANNING, TaskType.REFACTOR})


@lru_cache(maxsize=4096)
def _written_from_reading(cue: str, rest: str, task: TaskType) -> Kind | None:
    """READER when a document's step only reads what is written ("fetch the relevant documentation",
    "load `specs/tasks.md`"), ANSWER when it writes the answer itself ("generate a commit message", "provide
    a report"): an investigation either way, not docs or code work. A document the answer lands in, named
    in the `rest` of its sentence ("add a summary to the README"), keeps it docs work."""
    toks = _cue_tokens(cue)  # cues repeat ("add tests"), their sentences seldom
    if task is TaskType.DOCUMENTATION and (_verb_at_edge(toks, _READER) is not None or _read_noun(cue, rest)):
        return Kind.READER
    if task not in _ANSWERABLE:
        return None
    after = Tokens(rest, 0, len(rest))  # the cue's sentence: "propose" / "propose a commit message"
    if _makes(toks, Kind.ANSWER) or _makes(after, Kind.ANSWER):
        return None if match_any(after, 0, len(after), Kind.PLACE) else Kind.ANSWER
    return None


_TOPIC_PARTICLES = frozenset({"を", "は", "も", "를", "을"})


def _read_noun(cue: str, rest: str, readers: frozenset[Kind] = _READER) -> bool:
    """Whether a document noun in Chinese, Japanese or Korean text is read, not written: a `readers` verb is
    before it in the sentence it is the object of ("读取当前的 issue 文档", "0.1 降级读取上游基线文档") or
    follows the noun and its particle ("文書を読み込みます", "README を要約して")."""
    at = rest.find(cue)
    if at < 0 or not cue or not any(is_cjk(c) for c in rest):
        return False
    toks = Tokens(rest, 0, len(rest))
    start = next((j for j in range(len(toks)) if toks.starts[j] >= at), len(toks))
    after = next((j for j in range(start, len(toks)) if toks.starts[j] >= at + len(cue)), len(toks))
    if after < len(toks) and toks.texts[after] in _TOPIC_PARTICLES:
        after += 1
    japanese = any(script_of(c) == "hiragana" for c in rest)
    return (
        any(
            (hit := match(toks, j, start, readers)) is not None
            # a Japanese verb stem run on into a noun names a thing ("使用例", "参照先"); a verb takes kana
            and not (japanese and hit[1] < start and _noun_character(toks.texts[hit[1]]))
            for j in range(start)
        )
        or match(toks, after, len(toks), readers) is not None
    )


def _noun_character(text: str) -> bool:
    """Whether a token is a kanji or katakana character, which a Japanese noun is written in."""
    return script_of(text[0]) in ("han", "katakana", "hangul")


def _runs(reading: Reading) -> bool:
    """Whether a reading is a check command in backticks ("`bun run validate`", "`npm run lint`" as workflow
    items): a check named in a workflow is run, where a path (`docs/a.md`) is only named."""
    cue = reading.cue
    return (
        reading.task in _CHECK_RUNS
        and len(cue) > 2
        and cue[0] == cue[-1] == "`"
        and " " in cue
        and _PATH.fullmatch(cue) is None
    )


_CHECK_RUNS = frozenset({TaskType.TESTING, TaskType.FORMATTING})


# A file a cue names: a path, or a file name of a document or config.
_PATH = LazyPattern(r"`?[\w.-]*(?:/[\w.{}-]+)+`?|`?[\w.-]+\.(?:md|mdc|txt|toml|ya?ml|json)`?")
_VERB_WORDS = 4  # tokens a verb at the end of a cue may take ("読み込む")


def _verb_at_edge(toks: Tokens, kinds: frozenset[Kind]) -> tuple[int, int] | None:
    """The token range of a `kinds` verb opening the cue, or ending it in a language that puts the verb
    last ("文档を読み込む")."""
    end = len(toks)
    for j in (0, *range(max(1, end - _VERB_WORDS), end)) if end else ():
        found = match(toks, j, end, kinds)
        if found is not None and (j == 0 or found[1] == end):
            return j, found[1]
    return None


def _makes(toks: Tokens, kind: Kind) -> bool:
    """Whether a verb at the cue's edge has a `kind` noun for its object ("generate a commit message",
    not "the endpoint should report")."""
    verb = _verb_at_edge(toks, _VERBS)
    if verb is None:
        return False
    start, stop = verb
    if start:
        return match_any(toks, 0, start, kind)
    end = stop  # the object ends at punctuation or a word that ends it ("a commit message *from* ..."), past
    # what the work becomes ("deduplicate *into* one report")
    while (
        end < len(toks)
        and toks.kinds[end] != "punct"
        and (toks.texts[end] in _RESULT_WORDS or match(toks, end, len(toks), _OBJECT_ENDS) is None)
    ):
        end += 1
    return match_any(toks, stop, end, kind)


_OBJECT_ENDS = frozenset({Kind.BOUNDARY, Kind.CONJUNCTION})
_CHECKS = frozenset({Kind.WEAK})
_CHECKED_WORK = frozenset({TaskType.CODING, TaskType.REFACTOR, TaskType.DOCUMENTATION})


def _run_scope(unit: _Unit) -> object:
    """Where a test run names its checks: the ask as a whole (title and description), else the block."""
    return document.Role.ASK if unit.role is document.Role.ASK else unit.sentence[0]


def _checks(cue: str) -> bool:
    """Whether a cue opens with a verb that checks ("ensure", "make sure", "verify"); "run `trunk fmt`" may
    format."""
    toks = _cue_tokens(cue)
    found = match(toks, 0, len(toks), _CHECKS)
    return found is not None and found[0].task is TaskType.TESTING


_RESULT_WORDS = frozenset({"into", "as"})


@lru_cache(maxsize=4096)
def _cue_tokens(text: str) -> Tokens:
    return Tokens(text, 0, len(text))


@lru_cache(maxsize=4096)
def _answers(lowered: str) -> bool:
    """Whether a block opens by asking for the answer itself ("Generate a commit message from ...:")."""
    start = len(lowered) - len(lowered.lstrip(" \t>-*+0123456789.)"))
    return _makes(Tokens(lowered, start, len(lowered)), Kind.ANSWER)


_REST = 240  # characters of a step's sentence searched for the document its answer lands in
# Where a step's sentence ends: its full stop, a blank line, a list item or a heading on the next line.
_SENTENCE_OR_LINE = LazyPattern(r"[.!?。！？](?:\s|$)|\n\s*(?:\n|[-*+#>|]|\d+[.)])")


def _asks(lowered: str) -> bool:
    """Whether a paragraph opens with a request ("Can you fix this?", "@claude please review it")."""
    toks = Tokens(lowered, 0, len(lowered))
    i = skip_mentions(toks, 0, len(toks))
    return i < len(toks) and (toks.texts[i] == "please" or match(toks, i, len(toks), _REQUEST) is not None)


@lru_cache(maxsize=4096)
def _is_template(lowered: str) -> bool:
    """A lead-in that introduces a template, not work ("Use this output format:", "Return JSON like:")."""
    toks = Tokens(lowered, 0, len(lowered))
    return match_any(toks, 0, len(toks), Kind.TEMPLATE)


@lru_cache(maxsize=4096)
def _labels_role(lowered: str) -> bool:
    """Whether a lead-in is only a label whose words give its list a role, as a heading's would ("Review
    checklist:", "Output format:", "Common pitfalls:")."""
    label = lowered.strip(" \t*_>:：")
    return 0 < _words(label) <= LABEL_WORDS and _read_heading(label, False)[0] is not None


@lru_cache(maxsize=4096)
def _introduces_no_steps(lowered: str) -> bool:
    """A lead-in whose list is a template ("Respond with:") or the parts of what it asks for ("Generate
    a complete spec including:"): the lead-in may be a step, the items are not."""
    if _is_template(lowered):
        return True
    toks = Tokens(lowered, 0, len(lowered))
    end = len(toks) - 1 if toks and toks.kinds[-1] == "punct" else len(toks)
    for j in range(max(0, end - 4), end):
        hit = match(toks, j, end, _ELABORATION)
        if hit is not None and hit[1] == end:
            return True
    return False


_CHECKBOX = LazyPattern(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?\[ \]")
_CHECKING = frozenset({TaskType.TESTING, TaskType.REVIEW})
_FIELDS = incremental.Fields(
    text=frozenset({"text", "lowered"}),
    logs=frozenset({"units", "excluded", "edges", "step_sections", "summaries", "led_lists", "paras"}),
    indexed="units",
    offsets=frozenset({"start", "end", "offset", "section_at", "title_offset"}),
    positions=frozenset(
        {"description_units", "title_units", "lead_units", "answers", "gates", "dropped", "summary_units"}
        | {"edges", "step_sections", "list_last_unit", "first_unit"}
    ),
    blocks=frozenset({"block_index"}),
    labels=("group",),
    tuples={
        "summary": ("position", "block"),
        "summaries": ("position", ""),
        "led_lists": ("position", "group"),
        "sentence": ("block", ""),
    },
    by_list=frozenset({"list_last_unit", "list_tasks"}),
)


class _Builder:
    """Turns blocks into units (candidate steps) and order edges, then into a Decomposition."""

    def __init__(
        self,
        text: str,
        lowered: str,
        instructions: bool,
        reading_document: bool = False,
        read_only: str | None = None,
    ) -> None:
        self.text = text
        self.lowered = lowered
        self.instructions = instructions
        self.reading_document = reading_document
        self.read_only = read_only  # "mode: ask": the file asks for no edits
        self.title_offset = -1  # the document's title: a first heading of level 1
        self.headings_seen = 0
        self.ordered = False  # the block being read is a numbered item
        self.description_units = range(0)  # of the frontmatter's description
        self.title_units = range(0)  # of the title, which sums the file up like a description
        self.roles_named: set[TaskType] = set()  # the tasks of the agent roles the ask named
        self.answers: set[int] = set()  # units that write the answer itself ("generate a commit message")
        self.units: list[_Unit] = []
        self.excluded: list[Exclusion] = []
        self.edges: list[tuple[int, int]] = []
        self.ranks: list[RankGroup] = []  # "first", "last" and "before that" in each group
        self.gates: set[int] = set()
        self.stack: list[_Section] = []
        self.step_sections: list[list[int]] = []  # the units of each "Step N" section
        self.group = 0
        self.list_id = -1
        self.previous_block: structure.Block | None = None
        self.lead: str | None = None  # a lead-in's text, for the items of the list after it
        self.template_list = -1  # list id of a template after "Use this format:"
        # The open items of the current list, outermost first: the sub-bullets of a step spell it out
        # ("1. Implement the endpoint" / "   - Reuse the validator").
        self.parents: list[_Parent] = []
        self.list_last_unit: dict[int, int] = {}  # list id -> last unit of its previous item
        self.lead_units = range(0)  # units of the lead-in paragraph before a list
        self.dropped: set[int] = set()  # units of lead-ins whose list named the work
        self.led_lists: list[tuple[range, int]] = []  # (lead-in units, list group) of the dropped lead-ins
        self.summary_units: set[int] = set()  # units under a "## Goal"-like heading
        self.in_list = False  # the block being read is a list item
        # A one-step paragraph before a numbered list may name the work the list spells out ("Fix issue
        # #12." / "1. Find the root cause 2. Write a regression test 3. Implement the fix"): (unit, list).
        self.summary: tuple[int, int] | None = None  # (unit, block index)
        self.summaries: list[tuple[int, int]] = []
        self.list_tasks: dict[int, set[TaskType]] = {}
        self.body_para = False  # a paragraph was read, the frontmatter description aside
        self.paras: list[structure.Block] = []  # the first paragraphs read, for a prompt without steps
        self.closing_ask: structure.Block | None = None  # the last paragraph of a skipped section
        self.block_index = 0
        self._scope()

    # -- blocks ---------------------------------------------------------------------------------------

    def add(self, block: structure.Block, role: document.Role | None = None) -> None:
        self.block_index += 1
        self.forced_role = role
        first = len(self.units)
        if block.kind == "rule":
            while self.stack:  # a thematic break ends every section above it
                self._pop()
            self.lead, self.list_id = None, -1
        elif block.kind == "heading":
            self._heading(block)
        elif block.kind == "end":
            while self.stack and self.stack[-1].level == structure.TAG_LEVEL:
                self._pop()  # "</rules>" closes the tag's section
            self.lead, self.list_id = None, -1
        elif not self.skipping:
            self._body(block)
        elif block.kind == "para":
            # "### Environment" / "v2.3.1" / "Can you fix this?": read if it ends the prompt
            self.closing_ask = block
        self.previous_block = block
        if role is document.Role.ASK and self.block_index == 1:
            self.description_units = range(first, len(self.units))

    def _heading(self, block: structure.Block) -> None:
        self.headings_seen += 1
        if self.headings_seen == 1 and block.level == 1:
            self.title_offset = block.start
            if self.reading_document and not self.instructions:
                self._role_of_agent(block.start, block.end, len(self.units))  # "# Security Reviewer"
        while self.stack and self.stack[-1].level >= block.level:
            self._pop()
        if block.level == structure.TAG_LEVEL:
            title = _tag_name(self.lowered, block)
        else:
            title = self.lowered[block.start : block.end]
        role, task, step, heading, summary, topic, procedure = _read_heading(title, self.instructions)
        if self.reading_document and document.labels_input(self.text, block.start, block.end):
            # "## Feature file: $ARGUMENTS" labels the request's slot: what follows states the ask
            role, task, heading, summary = None, None, None, True
        elif self.reading_document and document.marked(self.text, block.start):
            role, task, heading = document.Role.RULES, None, None  # "## ✅ Do", "### ❌ Wrong: ..."
        self.stack.append(
            _Section(
                block.level,
                role,
                task,
                step,
                len(self.units),
                heading,
                block.start,
                summary,
                topic,
                procedure,
                self.instructions and _says_every_task(title),
            )
        )
        self._scope()
        self.lead, self.list_id = None, -1
        self.summary = None  # a paragraph sums up only the list of its own section
        if (
            heading is not None
            and block.start == self.title_offset
            and self._asks_here()
            and _words(self.text[block.start : block.end]) > 1
        ):
            # "# Update the documentation": the title states the ask, whatever the sections under it say
            # ("# Plan" alone names a topic).
            self.title_units = range(len(self.units), len(self.units) + 1)
            self._unit(heading, block.start, 0, (self.block_index, 0), "heading", document.Role.ASK)

    def _pop(self) -> None:
        section = self.stack.pop()
        self._scope()
        self._close(section)

    def _scope(self) -> None:
        """What the open sections say about the blocks under them (worked out when they change)."""
        stack = self.stack
        # The title names the file ("# Review guidelines"), not the role of what is under it.
        sections = [s for s in stack if s.offset != self.title_offset]
        self.skipping = any(section.role is not None for section in sections)
        # A heading's task fills in vague steps under it ("## Tests" / "- cover the edge cases"); coding is
        # every generic verb's own default already.
        self.default = next((s.task for s in reversed(stack) if s.task not in (None, TaskType.CODING)), None)
        self.in_summary = any(section.summary for section in stack)
        # a title may name the procedure
        self.in_procedure = any(s.procedure and (s.every or not self.instructions) for s in stack)
        # Before any section but the title, the document states its ask; under a task, step or request
        # heading it spells out the work; under a topic heading it gives context, rules or criteria.
        if all(section.summary for section in sections):  # "## Goal" states the ask
            self.area = document.Role.ASK
        elif any(not s.topic for s in sections):
            self.area = document.Role.WORKFLOW
        else:
            self.area = document.Role.CONTEXT

    def _close(self, section: _Section) -> None:
        # A heading of one word over no step ("## Build" over a cmake block) names a topic, as a title does.
        named = section.step or _words(self._section_title(section.offset) or "") > 1
        # "## Best practices" / "### 1. Strategy design": a numbered heading under a section of no work is
        # one more rule, criterion or note, as the bullets under it are
        if (
            section.heading is not None
            and len(self.units) == section.first_unit
            and named
            and not self.skipping
        ):
            if self.instructions:
                procedure = (section.procedure and section.every) or self.in_procedure
                role = document.Role.WORKFLOW if procedure else document.Role.RULES
            elif section.offset == self.title_offset:
                role = document.Role.ASK
            else:
                role = document.Role.WORKFLOW
            self._unit(section.heading, section.offset, 0, (self.block_index, 0), "heading", role)
        if section.step and len(self.units) > section.first_unit:
            self.step_sections.append(list(range(section.first_unit, len(self.units))))

    def _body(self, block: structure.Block) -> None:
        if (
            self.instructions
            and block.kind == "para"
            and self.stack
            and self.stack[-1].procedure
            and self.previous_block is not None
            and self.previous_block.kind == "heading"
            and _says_every_task(self.lowered[block.start : block.end])
        ):
            # "## Workflow" / "For every task, follow these steps:": the procedure applies every time
            self.stack[-1] = self.stack[-1]._replace(every=True)
            self._scope()
        self.in_list = block.kind == "item"
        self.ordered = block.ordered
        new_list = False
        if block.kind == "item":
            if block.list_id != self.list_id:
                new_list = True
                self.parents = []
                self.list_id = block.list_id
                self.group += 1
                lead = self.previous_block
                if lead and lead.kind == "para" and not lead.lead and self._labels_list(lead):
                    # "追加指示" / "- ...": the label names the list, whatever its items ask
                    self.dropped.update(self.lead_units)
                    self.lead_units = range(0)
                if (
                    (
                        lead
                        and lead.kind == "para"
                        and lead.lead
                        and _introduces_no_steps(self.lowered[lead.start : lead.end])
                    )
                    or (
                        lead
                        and lead.kind == "para"
                        and self.reading_document
                        and (
                            document.marked(self.text, lead.start)
                            # "Review checklist:", or a label on its own line ("Output format (required)")
                            or (
                                (lead.lead or "\n" not in self.text[lead.start : lead.end])
                                and _labels_role(self.lowered[lead.start : lead.end])
                            )
                            or (lead.lead and self._checks_its_boxes(lead, block))
                        )
                    )
                ):
                    # "Respond with:", "❌ **Don't:**", "Review checklist:", "Verify:" and boxes: no steps in
                    # its list
                    self.template_list = block.list_id
            if block.list_id == self.template_list:
                return
            while self.parents and self.parents[-1].indent >= block.level:
                self.parents.pop()
            if self.parents and self.parents[-1].details:
                self.parents.append(_Parent(block.level, True, range(0)))
                return
        else:
            self.group += 1
            self.list_id = -1
        if self.reading_document and document.marked(self.text, block.start):
            return  # "✅ Always write tests first": a rule or an example
        if (
            self.reading_document
            and document.labels_input(self.text, block.start, block.end)
            and _verb_at_edge(_cue_tokens(self.lowered[block.start : block.end]), _VERBS) is None
        ):
            return  # "Target feature: {{args}}": where the request goes ("Review the PR: $ARGUMENTS" asks)
        lead_text = self.lead if block.kind == "item" else None
        lowered = self.lowered[block.start : block.end]
        if (self.forced_role is document.Role.ASK and self.block_index == 1) or (
            block.kind == "para" and self._asks_here()
        ):
            # the description, or a paragraph of the ask that says what the file does: "Reviews the diff ..."
            lowered = _as_request(lowered)
        readings = _read_in_pieces(lowered, block.kind, self.instructions, self.default, lead_text)
        first_unit = len(self.units)
        pending: dict[str, object] = {}  # what a clause without a step passes to the next one
        gate_sentence = -1
        for reading, sentence in readings:
            if reading.gate:
                if self.units:
                    self.gates.add(len(self.units) - 1)
                gate_sentence = sentence
                continue
            if reading.subordinate is not None and sentence == gate_sentence:
                continue  # "wait for my OK before writing any code": part of the gate
            gate_sentence = -1
            if reading.condition_only:
                pending["condition"] = reading.condition
                pending["then"] = reading.then
                continue
            if reading.before_previous and reading.task is None:
                pending["before_previous"] = True  # "Before that, though, write down the format"
                continue
            if reading.task is None:
                continue
            if "condition" in pending and not reading.optional:
                reading = reading._replace(optional=True, condition=pending["condition"])
            if pending.get("then"):
                reading = reading._replace(then=True)
            if pending.get("before_previous"):
                reading = reading._replace(before_previous=True)
            pending.clear()
            if reading.negated:
                self._exclude(reading, block.start)
                continue
            self._unit(reading, block.start, self.group, (self.block_index, sentence), "cue")
        described = self.forced_role is document.Role.ASK and self.block_index == 1
        if (
            described
            and len(self.units) == first_unit
            and (named := _names_work(document.without_kind(lowered))) is not None
        ):
            self._unit(named, block.start, self.group, (self.block_index, 0), "cue")
        if (
            block.kind == "para"
            and self._asks_here()
            and (described or not self.body_para or _gives_role(lowered))
        ):
            # The role is given up front or in so many words ("You are a reviewer"), not in "Avoid: critique".
            self._role_of_agent(block.start, block.end, first_unit)
        if block.kind == "para" and not described:
            self.body_para = True
        if block.kind == "para" and len(self.paras) < _FALLBACK_PARAS:
            self.paras.append(block)
        if block.kind == "para" and len(self.units) > first_unit:
            one_step = len(self.units) == first_unit + 1 and not block.lead
            self.summary = (first_unit, self.block_index) if one_step else None
        if block.kind == "para" and block.lead:
            # "Implement the following:" leads its list: when the list names the work, the lead is no step.
            self.lead = self.lowered[block.start : block.end]
            self.lead_units = range(first_unit, len(self.units))
            # "Return JSON like:" introduces a template; the sentences before it may still ask for work
            # ("Review the code. The report has these sections:").
            last = _last_sentence(self.lowered, block.start, block.end)
            if _is_template(self.lowered[last : block.end]):
                self.dropped.update(k for k in self.lead_units if self._start(k) >= last)
        elif block.kind == "para" and self._labels_list(block):
            # "追加指示" / "- ...": a CJK label on a line of its own names the list under it, as a lead-in
            self.lead, self.lead_units = None, range(first_unit, len(self.units))
        elif block.kind != "item":
            self.lead, self.lead_units = None, range(0)
        if block.kind == "item":
            # An item that ends in ":" leads its sub-list ("1. Do the following:"), unless what follows
            # elaborates it ("2. Write a plan with:").
            leads = self.text[block.end - 1] in ":：" and not _introduces_no_steps(
                self.lowered[block.start : block.end]
            )
            if leads and self.reading_document and _answers(self.lowered[block.start : block.end]):
                leads = False  # "6. Generate a commit message from the changes:": its sub-items are its parts
            units = range(first_unit, len(self.units))
            # The sub-list names the work, unless in a document it only names a verb's default or a file
            # ("4. then implement the feature:" / "- create a branch" / "- use [commit](./commit.md)").
            names = not self.reading_document or any(
                not (self.units[k].reading.weak or self.units[k].reading.noun_led) for k in units
            )
            if units and names and self.parents and self.parents[-1].lead_units:
                self.dropped.update(self.parents[-1].lead_units)
            # "4. **Validate**" / "- Run each validation command": an item that only a verb's default
            # reads leaves its sub-items to say what it does.
            # So does one that only names its work ("1. **Codebase Analysis**" / "   - Search for ...").
            spelled = (
                any(not (self.units[k].reading.weak or self.units[k].reading.noun_led) for k in units)
                or not self.reading_document
            )
            leads = leads or not spelled
            self.parents.append(_Parent(block.level, bool(units) and not leads, units if leads else range(0)))
        if block.kind == "item" and len(self.units) > first_unit:
            if new_list and self.lead_units:
                self.dropped.update(self.lead_units)
                self.led_lists.append((self.lead_units, self.group))
            self.lead_units = range(0)
            previous = self.list_last_unit.get(block.list_id)
            if previous is not None:  # every step of an item follows the item before (none floats ahead)
                self.edges.extend((previous, unit) for unit in range(first_unit, len(self.units)))
            self.list_last_unit[block.list_id] = len(self.units) - 1
            tasks = self.list_tasks.setdefault(block.list_id, set())
            tasks.update(unit.reading.task for unit in self.units[first_unit:])  # type: ignore[misc]
            # Only a lead-in ("Steps:") may stand between them.
            if new_list and block.ordered and self.summary and self.block_index - self.summary[1] <= 2:
                self.summaries.append((self.summary[0], block.list_id))
            self.summary = None

    def _labels_list(self, block: structure.Block) -> bool:
        """Whether a paragraph is a CJK label: one line of a document with no sentence's end ("追加指示",
        "出力スタイル"), which a list may follow (a Latin one names no work by itself: "Additional notes")."""
        line = self.text[block.start : block.end].rstrip()
        return (
            self.reading_document
            and bool(line)
            and "\n" not in line
            and line[-1] not in _SENTENCE_ENDS
            and any(is_cjk(c) for c in line)
        )

    def _unit(
        self,
        reading: Reading,
        offset: int,
        group: int,
        sentence: tuple[int, int],
        why: str,
        role: document.Role | None = None,
    ) -> None:
        # Under "## Goal" the prose sums the work up; a list there spells it out.
        if not self.in_list and self.in_summary:
            self.summary_units.add(len(self.units))
        if role is None and self.instructions:
            # Standing rules, wherever they sit; only a procedure to follow each time is work.
            role = document.Role.WORKFLOW if self.in_procedure else document.Role.RULES
        elif role is None:
            role = self.forced_role or self._prompt_role()
        section = next((s.offset for s in reversed(self.stack) if s.offset != self.title_offset), -1)
        number = self._number(offset, why)
        self.units.append(
            _Unit(reading, offset, group, sentence, why, role, self._where(why), section, number)
        )

    def _section_title(self, offset: int) -> str | None:
        """The text of the heading at `offset` (-1: none)."""
        if offset < 0:
            return None
        end = self.text.find("\n", offset)
        line = self.text[offset : end if end >= 0 else None]
        if offset and self.text[offset - 1] == "<":  # a tag's name: "<output_format lang='en'>"
            line = line.replace(">", " ").split(maxsplit=1)[0]
        return line.strip() or None

    def _section_task(self, offset: int) -> TaskType | None:
        """The task the heading at `offset` names ("## Step 5: Fix": coding), or None (-1: no heading)."""
        if offset < 0:
            return None
        end = self.lowered.find("\n", offset)
        return _read_heading(self.lowered[offset : end if end >= 0 else None], self.instructions)[1]

    def _number(self, offset: int, why: str) -> str | None:
        """The file's own number for the step: its numbered item's, or its step heading's."""
        if why == "heading":
            found = _HEADING_NUMBER.match(self.text, offset)
            return found.group(1) if found else None
        if self.in_list and self.ordered:
            line = self.text.rfind("\n", 0, offset) + 1
            found = _ITEM_NUMBER.match(self.text, line, offset)
            return found.group(1) if found else None
        section = self.stack[-1] if self.stack and self.stack[-1].step else None
        if section is not None:
            found = _HEADING_NUMBER.match(self.text, section.offset)
            return found.group(1) if found else None
        return None

    def _where(self, why: str) -> str:
        """Where the block being read sits: what a role's reason names."""
        if why == "role":
            where = "the role the file gives"
        elif self.forced_role is document.Role.ASK and self.block_index == 1:
            where = "the frontmatter description"
        elif why == "heading":
            where = "a heading"
        elif self.in_list:
            where = "a numbered item" if self.ordered else "a list item"
        else:
            where = "a paragraph"
        return where

    def _asks_here(self) -> bool:
        """Whether the block being read states the file's ask (a task prompt's description or lead)."""
        if not self.reading_document or self.instructions:
            return False
        return self.forced_role is document.Role.ASK or (self.area is document.Role.ASK and not self.in_list)

    def _role_of_agent(self, start: int, end: int, first_unit: int) -> None:
        """ "You are a strict security reviewer": the role the file gives is its ask, unless the block
        already asks for that kind of work."""
        found = _agent_noun(self.lowered[start:end])
        asked = (u.reading.task for u in self.units[first_unit:] if u.role is document.Role.ASK)
        if found is not None and found.task not in set(asked) | self.roles_named:
            self.roles_named.add(found.task)
            self._unit(found, start, self.group, (self.block_index, 0), "role", document.Role.ASK)

    def _checks_its_boxes(self, lead: structure.Block, first: structure.Block) -> bool:
        """Whether a list of open boxes follows a lead-in that checks ("Before you finish, verify:" /
        "次のチェック項目を確認：" then "- [ ] Tests pass"): the boxes are what it checks, not more work."""
        if not _CHECKBOX.match(self.text, self.text.rfind("\n", 0, first.start) + 1, first.start):
            return False
        readings = _read_block(self.lowered[lead.start : lead.end], lead.kind, self.instructions, None, None)
        return any(reading.task in _CHECKING for reading, _ in readings)

    def _prompt_role(self) -> document.Role:
        """The role of the block being read in a task prompt."""
        if self.area is document.Role.ASK:
            return document.Role.WORKFLOW if self.in_list else document.Role.ASK
        if (
            self.area is document.Role.WORKFLOW
            and not self.in_procedure
            and self.in_list
            and not self.ordered
        ):
            # Bullets under a request heading ("### Analyze test coverage") are what it checks; its
            # numbered items and prose spell the work out.
            return document.Role.CRITERIA
        return self.area

    def _exclude(self, reading: Reading, offset: int) -> None:
        assert reading.task is not None
        start, end = reading.span[0] + offset, self._closed(reading.span[1] + offset)
        self.excluded.append(
            Exclusion(task=reading.task, span=(start, end), text=self.text[start:end], cue=reading.cue)
        )

    # -- order ----------------------------------------------------------------------------------------

    def _order_edges(self) -> None:
        units = self.units
        groups: dict[int, list[int]] = {}
        for k, unit in enumerate(units):
            groups.setdefault(unit.group, []).append(k)
        for k, unit in enumerate(units):
            reading = unit.reading
            if reading.then and k > 0:
                self.edges.append((k - 1, k))
            elif (
                reading.condition is not None
                and k > 0
                and units[k - 1].group == unit.group
                and not (reading.first or reading.before_previous)
            ):
                # "write tests, and if any fail, fix the code": a condition is judged on what the work
                # said before it shows, so the step it guards waits for that work
                self.edges.append((k - 1, k))
            if reading.subordinate is not None:
                # "Before you refactor it, read it and write down how it works": an opening
                # subordinate clause orders the whole rest of its sentence.
                rest = [j for j in groups[unit.group] if j > k] if groups[unit.group][0] == k else []
                main = self._main_clause(k)
                for other in rest or ([main] if main is not None else []):
                    pair = (other, k) if reading.subordinate is Kind.BEFORE else (k, other)
                    self.edges.append(pair)
        # "first", "last" and "before that" order a step against every other step of its paragraph: rank
        # classes, not an edge per pair (a long paragraph of them was quadratic).
        self.ranks, before_nothing = rank_groups(
            [unit.group for unit in units],
            [unit.reading.first for unit in units],
            [unit.reading.last for unit in units],
            [unit.reading.before_previous for unit in units],
        )
        self.edges.extend(before_nothing)
        for previous, following in itertools.pairwise(self.step_sections):
            if previous and following and max(previous) < min(following):
                self.edges.append((max(previous), min(following)))

    def _main_clause(self, k: int) -> int | None:
        """The clause a "before/after ..." clause is ordered against: the next one in its sentence when it
        leads the sentence ("Before refactoring, add tests"), else the previous one."""
        sentence = self.units[k].sentence
        previous = k - 1 if k > 0 and self.units[k - 1].sentence == sentence else None
        following = k + 1 if k + 1 < len(self.units) and self.units[k + 1].sentence == sentence else None
        if previous is None or self.units[previous].reading.subordinate is not None:
            return following
        return previous

    def finish(self, first_id: int) -> StepPlan:
        ask = self.closing_ask
        if ask is not None and ask is self.previous_block and _asks(self.lowered[ask.start : ask.end]):
            self.forced_role = document.Role.ASK
            self._body(ask)  # an issue's template sections, then the request itself
        while self.stack:
            self._pop()
        if not self.units and not self.excluded and not self.instructions:
            # A prompt that names no step may still ask for one ("tests", "the review widget should show
            # the reviewer's avatar").
            for para in self.paras:
                reading = _unstated_request(self.lowered[para.start : para.end], self.block_index == 1)
                if reading is not None:
                    self._unit(reading, para.start, 0, (1, 0), "request")
                    break
        # Headings close late, so their units may stand out of text order; dropped lead-ins go, and so
        # does the summary under "## Goal" when other steps spell the work out.
        others = set(range(len(self.units))) - self.summary_units - self.dropped
        # (in a document, only the ask and the workflow spell the work out, not context under "## Coverage")
        if any(not self.reading_document or self.units[k].role in _WORK_ROLES for k in others):
            self.dropped |= self.summary_units
        if self.reading_document:
            self._read_as_document()
        for unit, list_id in self.summaries:
            if (
                self.units[unit].reading.task in self.list_tasks[list_id]
                and len(self.list_tasks[list_id]) > 1
            ):
                self.dropped.add(unit)
        if (
            not self.instructions
            and any(e.task is TaskType.CODING for e in self.excluded)
            # A plan the document reader dropped proposes nothing.
            and any(
                u.reading.task is TaskType.PLANNING for k, u in enumerate(self.units) if k not in self.dropped
            )
        ):
            # A proposal-only ask ("only a plan, don't touch the code: we want to split the monolith"):
            # the changes it describes are the plan's subject, not steps.
            self.dropped.update(
                k
                for k, unit in enumerate(self.units)
                if unit.reading.task in (TaskType.CODING, TaskType.REFACTOR)
            )
        keep = sorted(
            (k for k in range(len(self.units)) if k not in self.dropped),
            key=lambda k: self.units[k].reading.span[0] + self.units[k].offset,
        )
        if keep != list(range(len(self.units))):
            self._reindex(keep)
        self._order_edges()
        # Whether code or a refactor comes earlier in the text: a measurement after it checks the change
        # (a benchmark then is a test: "add the index, then benchmark it"); a test that reproduces a bug
        # after the fix stays after it ("fix the race and add a test that reproduces it").
        after_code: list[bool] = []
        built = False
        for k, unit in enumerate(self.units):
            after_code.append(built)
            reading = unit.reading
            baseline = reading.first or reading.before_previous  # "but benchmark it before you start"
            if (
                reading.verify
                and built
                and not baseline
                and _cue_opens_with(reading.cue, Kind.NOUN, TaskType.TESTING)
            ):
                self.units[k] = unit._replace(reading=reading._replace(task=TaskType.TESTING))
            built = built or reading.task in (TaskType.CODING, TaskType.REFACTOR)
        units = self.units
        tasks = [u.reading.task for u in units]
        phases = [
            phase(TaskType.TESTING)
            if u.reading.verify and built_then
            else phase(u.reading.task, u.reading.early or (u.reading.reproduces and not built_then))  # type: ignore[arg-type]
            for u, built_then in zip(units, after_code, strict=True)
        ]
        if (
            len(units) > 1
            and tasks[0] is TaskType.REVIEW
            and TaskType.REVIEW not in tasks[1:]
            and _cue_opens_with(units[0].reading.cue, Kind.VERB, TaskType.REVIEW)
            and not any(u.reading.first for u in units[1:])
        ):
            # "Audit the dependencies and upgrade the affected ones": a review that opens the prompt
            # inspects what is there, and the work after it acts on its findings ("get the PR reviewed"
            # asks for a review, which keeps its place).
            phases[0] = phase(TaskType.ANALYSIS)
            self.edges.append((0, 1))
        order, deps = plan(phases, tasks, self.edges, self.ranks)  # type: ignore[arg-type]
        ids = {index: first_id + k for k, index in enumerate(order)}
        titles: dict[int, str | None] = {}  # one title per section, shared by its steps
        return StepPlan(
            first_id,
            order,
            self.excluded,
            functools.partial(self._step, ids, deps, titles),
            self._ends,
        )

    def _step(
        self, ids: dict[int, int], deps: dict[int, list[int]], titles: dict[int, str | None], index: int
    ) -> Step:
        """Unit `index` as the step it is (`finish`'s ids and dependencies, by unit)."""
        unit = self.units[index]
        reading, offset = unit.reading, unit.offset
        if unit.section_at not in titles:
            titles[unit.section_at] = self._section_title(unit.section_at)
        section = titles[unit.section_at]
        task = reading.task
        assert task is not None
        start, end = reading.span[0] + offset, self._closed(reading.span[1] + offset)
        return Step(
            id=ids[index],
            task=task,
            capability=DEFAULT_CAPABILITY[task],
            span=(start, end),
            text=self.text[start:end],
            cue=reading.cue,
            depends_on=[ids[d] for d in deps[index]],
            optional=reading.optional,
            condition=reading.condition,
            approval_gate=index in self.gates,
            reasons=[_why(reading, unit.why), *self._role_reason(unit, section)],
            section=section,
            number=unit.number,
        )

    def _ends(self) -> list[int]:
        """Where each unit's step ends (as `_step` spans it), by unit."""
        text, closed = self.text, self._closed
        ends = [unit.reading.span[1] + unit.offset for unit in self.units]
        return [closed(end) if text[end : end + 1] in _CLOSERS else end for end in ends]

    def _read_as_document(self) -> None:
        """Only the ask and the workflow ask for work; a workflow spells the ask out, so the ask's own
        steps stand only without one. An instruction file has no ask: its standing text is no step."""
        for k, unit in enumerate(self.units):
            if unit.reading.task not in _ANSWERABLE:
                continue  # it reads as nothing else (_written_from_reading): no sentence to cut out
            rest = self._sentence_from(k)
            found = _written_from_reading(unit.reading.cue, rest, unit.reading.task)  # type: ignore[arg-type]
            if found is not None:
                self.units[k] = unit._replace(reading=unit.reading._replace(task=TaskType.ANALYSIS))
                if found is Kind.ANSWER:
                    self.answers.add(k)
        roles = [unit.role for unit in self.units]
        mentions = self._mentions()
        groups: dict[int, list[int]] = {}
        for k, unit in enumerate(self.units):
            groups.setdefault(unit.group, []).append(k)
        for lead, group in self.led_lists:
            # "Review the code and write a report:" / "1. **Overview** – ...": a list that only names
            # things (the report's parts) spells nothing out; its lead-in is the work.
            if all(k in mentions for k in groups.get(group, ())):
                self.dropped -= set(lead)
        workflow = {k for k, role in enumerate(roles) if role is document.Role.WORKFLOW} - self.dropped
        # A clause that only names a thing ("`docs/tasks/plan.md`", "Code snippet") mentions it; in a
        # document's workflow only a clause with a verb asks for work ("add tests and docs" keeps "docs").
        workflow -= mentions
        ask = set() if self.instructions else {k for k, r in enumerate(roles) if r is document.Role.ASK}
        ask -= self.dropped
        named_roles = {k for k in ask if self.units[k].why == "role"}
        described = set(self.description_units) | set(self.title_units)
        # What the file calls itself names its deliverable: its description and title, or the role it
        # gives when they ask for nothing ("# Security Reviewer" / "Act as a strict reviewer").
        if any(self._requests(k) for k in ask & described):
            named = ask & described
        else:
            named = ask & (described | named_roles)
        if any(self._requests(k) for k in ask - described - named_roles):
            ask -= described  # the file says itself what the description sums up
        elif any(self._requests(k) for k in ask & described):
            ask -= named_roles  # the description says what the role is for
        else:
            ask = {k for k in ask if k in described or k in named_roles} or ask
        # A verb's default in the ask ("Apply the same trust boundary", "create commits") names no work
        # the file is about.
        ask -= {k for k in ask if self.units[k].reading.weak and self.units[k].why == "cue"}
        bound, deliverable = self._bound(named), named
        if bound is None:
            # Else the first sentence that asks names the deliverable ("You are tasked with conducting a
            # security audit. Objective: identify, prioritize and propose remediation ...").
            bound, deliverable = self._opening_bound(ask - described)
        if bound is None:
            bound, deliverable = self._bound(ask), ask
        if bound is not None:
            # "Write an implementation plan": what its workflow says about code, tests and docs is the
            # plan's content; a review's workflow reads and checks what it reviews, which is the review.
            # The ask names the deliverable; the workflow adds only the other kinds of work it allows.
            main = bound.task
            # A kind of work the workflow adds is asked for by a step heading ("### Step 4: Type check") or
            # a verb of its own ("run `pnpm lint`"), not named in a checklist of what the review looks at
            # ("Unit tests and naming") nor checked ("verify that the tests cover ...": the review).
            # (a review that fixes what it finds names both: the fix is the deliverable's too)
            delivers = {main} | (bound.allows - {TaskType.ANALYSIS, TaskType.TESTING})
            keep = {k for k in deliverable if self.units[k].reading.task in delivers} | {
                k
                for k in workflow
                if self.units[k].reading.task in bound.allows - {main} and self._adds(k, main)
            }
            if main is TaskType.REVIEW:
                # "3. Fix the issues you found": a review that goes on to fix its findings asks for the fix
                keep |= {
                    k
                    for k in workflow
                    if self.units[k].reading.task is TaskType.CODING
                    and self._requests(k)
                    and self._works_on_results(k)
                }
                # the fixes come after the review that found what they fix (one edge each)
                reviews = [k for k in sorted(keep) if self.units[k].reading.task is TaskType.REVIEW]
                if reviews:
                    self.edges.extend(
                        (reviews[0], k) for k in keep if self.units[k].reading.task is TaskType.CODING
                    )
        else:
            keep = workflow or {k for k in ask if k in described or self._requests(k)}
            # What the file calls itself, or its lead paragraph asks in so many words, is asked even where
            # the workflow misses that kind of work ("description: Complete test run for a repo" over steps
            # that only find the repo; "Analyze the component to write its guide" over a guide's outline).
            done = {self.units[k].reading.task for k in keep}
            lead = min((self.units[k].sentence[0] for k in ask - described if self._requests(k)), default=-1)
            keep |= {
                k
                for k in ask
                if self.units[k].reading.task not in done
                and (k in described or (self._requests(k) and self.units[k].sentence[0] == lead))
            }
        self.dropped |= set(range(len(self.units))) - keep
        self._drop_intake()
        if self.instructions:  # "What if the API returns 500?": a check the rules prompt, not a step
            self.dropped |= {k for k, unit in enumerate(self.units) if unit.reading.question}
        self._drop_incidental()
        self._drop_defaults()
        self._lint_checks_the_work()
        if self.read_only:
            edits = {k for k in keep - self.dropped if self.units[k].reading.task in document.EDITS}
            self.dropped |= edits
            if edits and len(self.dropped) == len(self.units):
                # "mode: ask": what it asks to change it can only look into
                k = min(edits)
                self.dropped.discard(k)
                reading = self.units[k].reading._replace(task=TaskType.ANALYSIS)
                self.units[k] = self.units[k]._replace(reading=reading)

    def _works_on_results(self, k: int) -> bool:
        """Whether a unit's sentence works on what an earlier step found ("fix the issues you found", "address
        the review comments")."""
        sentence = self._sentence_from(k)  # sentences seldom repeat: not kept in _cue_tokens' cache
        toks = Tokens(sentence, 0, len(sentence))
        return match_any(toks, 0, len(toks), Kind.RESULT)

    def _sentence_from(self, k: int) -> str:
        """A unit's sentence from its cue on, up to _REST characters (bounded: a long paragraph is no
        quadratic pass)."""
        start = self._start(k)
        limit = min(len(self.lowered), start + _REST)
        stop = _SENTENCE_OR_LINE.search(self.lowered, start, limit)
        return self.lowered[start : stop.start() if stop else limit]

    def _opening_bound(self, ask: set[int]) -> tuple[document.Bound | None, set[int]]:
        """The bound the first sentence of the ask names, and that sentence's units (a sentence that only
        names files, "Follow `CLAUDE.md` and `conventions.md`", asks for nothing)."""
        lead = [k for k in ask if self.units[k].why == "cue" and self._requests(k)]
        if not lead:
            return None, set()
        first = min(self.units[k].sentence for k in lead)
        opening = {k for k in lead if self.units[k].sentence == first}
        return self._bound(opening), opening

    def _bound(self, ask: set[int]) -> document.Bound | None:
        """The bound of the one kind of deliverable the ask names besides analysis, if it has one."""
        asked = {self.units[k].reading.task for k in ask} - {TaskType.ANALYSIS}
        if not asked and ask & self.answers:
            return document.ANSWER_BOUND  # "Generate a commit message from the staged changes"
        if asked == {TaskType.REVIEW, TaskType.CODING}:
            # a review, then the fix of what it finds; code written first and then reviewed bounds nothing
            first = min(ask, key=self._start)
            return document.REVIEW_AND_FIX if self.units[first].reading.task is TaskType.REVIEW else None
        return document.BOUNDS.get(asked.pop()) if len(asked) == 1 else None  # type: ignore[arg-type]

    def _drop_intake(self) -> None:
        """Reading what the work draws on ("Read the relevant specs from /specs", "Lies die bestehende
        CHANGELOG.md") before a deliverable of another kind prepares it: where every analysis step of a
        document only reads, the deliverable is the work. A step that analyses, identifies or compares
        keeps the analysis, and so does an instruction file's procedure for every request ("1. Read the
        issue"), where reading first is the routine it sets."""
        if self.instructions:
            return
        kept = [k for k in range(len(self.units)) if k not in self.dropped]
        analysis = [k for k in kept if self.units[k].reading.task is TaskType.ANALYSIS]
        if not analysis or len(analysis) == len(kept):
            return
        if all(self._takes_in(k) for k in analysis):
            self.dropped |= set(analysis)

    def _takes_in(self, k: int) -> bool:
        """Whether a unit only reads: an intake verb opens its cue, or governs the document it names
        ("读取当前的 issue 文档")."""
        cue = self.units[k].reading.cue
        return _verb_at_edge(_cue_tokens(cue), _INTAKE) is not None or _read_noun(
            cue, self._sentence_from(k), _INTAKE
        )

    def _drop_incidental(self) -> None:
        """A long workflow repeats its kinds of work over many lines; a kind that comes up in under a quarter
        of its steps and under two thirds as often as the kind repeated most, that the ask does not name, is a
        side remark ("Document the baseline" in a plan's workflow). A test that checks the work is one line at
        the end, and a step under a heading that names its kind ("## Step 5: Fix") is a workflow item of its
        own: they stay."""
        kept = [k for k in range(len(self.units)) if k not in self.dropped]
        if len(kept) < _LONG_WORKFLOW:
            return
        counts = Counter(self.units[k].reading.task for k in kept)
        most = max(counts.values())
        # what the file calls itself names its work even where its workflow spells it out
        described = {*self.description_units, *self.title_units}
        asked = {self.units[k].reading.task for k in kept if self.units[k].role is document.Role.ASK}
        # ... and what the ask requests in so many words, even where its workflow spells it out ("Fix the bug"
        # over a workflow of investigation and tests, with one "implement the fix" among them)
        asked |= {
            unit.reading.task
            for unit in self.units
            if unit.role is document.Role.ASK and not (unit.reading.noun_led or unit.reading.weak)
        }
        asked |= {self.units[k].reading.task for k in described if k < len(self.units)}
        self.dropped |= {
            k
            for k in kept
            if counts[task := self.units[k].reading.task] * _INCIDENTAL < len(kept)
            and counts[task] * _DOMINANT < most
            and task not in asked
            and not (task is TaskType.TESTING and not self.units[k].reading.weak)
            and self._section_task(self.units[k].section_at) is not task
        }

    def _lint_checks_the_work(self) -> None:
        """A lint or format check of the work a document asks for ("Implement the fix" / "Ensure code passes
        linting"), or a lint named in a test run, is a test of it; fixing the lint or running the formatter is
        formatting work."""
        kept = [k for k in range(len(self.units)) if k not in self.dropped]
        checked = any(self.units[k].reading.task in _CHECKED_WORK for k in kept)
        # "Complete test run — lint, Django check, pytest": a lint named among the checks of a test run
        # (the block's or the ask's: "/teste-repo — Vollständiger Test-Run" over its description)
        test_runs = {
            _run_scope(self.units[k]) for k in kept if self.units[k].reading.task is TaskType.TESTING
        }
        for k in kept:
            reading = self.units[k].reading
            if reading.task is TaskType.FORMATTING and (
                (checked and _checks(reading.cue))
                or (" " not in reading.cue and _run_scope(self.units[k]) in test_runs)
            ):
                self.units[k] = self.units[k]._replace(reading=reading._replace(task=TaskType.TESTING))

    def _drop_defaults(self) -> None:
        """A kind of work that only verbs' defaults name ("Apply the selected labels", "Update the
        manifest": coding by default) is none the document asks for when cues name other kinds, and
        none an instruction file's procedure asks for at all ("After changing the pages, run:")."""
        kept = [k for k in range(len(self.units)) if k not in self.dropped]
        named = {self.units[k].reading.task for k in kept if not self.units[k].reading.weak}
        if named or self.instructions:
            self.dropped |= {k for k in kept if self.units[k].reading.task not in named}

    def _adds(self, k: int, deliverable: TaskType) -> bool:
        """Whether a workflow unit adds its kind of work to a bounded deliverable (see _read_as_document)."""
        reading = self.units[k].reading
        if self.units[k].why == "heading":
            return True
        offset = self.units[k].offset
        line_start = self.text.rfind("\n", 0, offset) + 1
        if deliverable is TaskType.REVIEW and _CHECKBOX.match(self.text, line_start, offset):
            return False  # "- [ ] Add tests for auth": what the review checks (a plan's boxes are its to-dos)
        return self._requests(k) and not _cue_opens_with(reading.cue, Kind.WEAK, reading.task)  # type: ignore[arg-type]

    def _start(self, k: int) -> int:
        return self.units[k].offset + self.units[k].reading.span[0]

    def _requests(self, k: int) -> bool:
        """Whether a unit asks for work in so many words: a verb's, not a thing a clause names
        ("expertise in code coverage analysis")."""
        reading = self.units[k].reading
        return not reading.noun_led or _runs(reading)

    def _mentions(self) -> set[int]:
        """The units that only name a thing: noun-led, and first in their sentence ("add tests and docs"
        asks for the docs), or a file after things only named ("`docs/a.md`, `docs/b.md`"). One pass."""
        found: set[int] = set()
        sentence: tuple[int, int] | None = None
        named_only = False  # every unit of the sentence so far only names a thing
        for k, unit in enumerate(self.units):
            first = unit.sentence != sentence
            sentence = unit.sentence
            mention = (
                unit.reading.noun_led
                and unit.why == "cue"
                and not _runs(unit.reading)
                and (first or (named_only and _PATH.fullmatch(unit.reading.cue) is not None))
            )
            named_only = mention or (not first and named_only and unit.reading.noun_led)
            if mention:
                found.add(k)
        return found

    def _role_reason(self, unit: _Unit, section: str | None) -> list[str]:
        """Which role the step's block got in a document, and why (for hover and explain --json)."""
        if not self.reading_document:
            return []
        where = unit.where if section is None or unit.why == "heading" else f"{unit.where} under “{section}”"
        return [f"document role: {unit.role}, {where} ({document.ROLE_REASONS[unit.role]})"]

    def _closed(self, end: int) -> int:
        """The span's end past closing quotes and brackets the tokenizer leaves out (`"... guide"`)."""
        while end < len(self.text) and self.text[end] in _CLOSERS:
            end += 1
        return end

    def _reindex(self, keep: list[int]) -> None:
        """Keep the units `keep` (old indexes, in their new order) and remap everything pointing at units."""
        new = {old: index for index, old in enumerate(keep)}
        self.units = [self.units[k] for k in keep]
        self.edges = [(new[a], new[b]) for a, b in self.edges if a in new and b in new]
        self.gates = {new[g] for g in self.gates if g in new}
        self.step_sections = [[new[k] for k in section if k in new] for section in self.step_sections]


def _why(reading: Reading, why: str) -> str:
    source = "heading" if why == "heading" else "cue"
    if reading.question:
        return f'{reading.task}: a question ("{reading.cue}")'
    if reading.weak:
        return f'{reading.task}: "{reading.cue}" (the verb\'s default: its object names no other task)'
    if reading.marker:
        return f'{reading.task}: the explicit marker "{reading.cue}"'
    if why == "role":
        return f'{reading.task}: the role the file gives ("{reading.cue}")'
    if why == "request":
        return f'{reading.task}: the prompt names no step, but asks for it ("{reading.cue}")'
    return f'{reading.task}: {source} "{reading.cue}"'
