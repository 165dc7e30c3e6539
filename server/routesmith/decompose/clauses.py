"""Clauses of one block, and what each one asks for.

A block (heading, list item, paragraph) is split into sentences at terminal punctuation and into clauses
where a new request starts: after "and", "then", a comma or "but" when a verb, a negation or an order word
follows; at "without"/"except" (what follows is ruled out); at "before"/"after" (an order between the two);
at "so that"/"while" (what follows says why, it is no step); at "and"/"with" + a task noun ("add tests and
docs"). Each clause is then read: leading words (fillers, requests, order markers, negations) are peeled
off, the verb is found, and the verb or the head noun of its object gives the task.
"""

from __future__ import annotations

from typing import NamedTuple

from routesmith.decompose.lexicon import LEXICON, TOKEN, WILDCARD, WILDCARD_SPAN, Entry, Form, Kind
from routesmith.model import TaskType

_SENTENCE_END = frozenset(".!?;。！？；")
_COMMA = frozenset(",，、—–")
_LABEL_WORDS = 5  # "Step 1:", "Tests:" — a short lead before a colon is a label, not a clause
_VERBISH = frozenset({Kind.VERB, Kind.GENERIC, Kind.WEAK})
_NOUNISH = frozenset({Kind.NOUN, Kind.ARTIFACT, Kind.CONTAINER})
_PREFIX = frozenset(
    {
        Kind.FILLER,
        Kind.CONJUNCTION,
        Kind.CONTRAST,
        Kind.THEN,
        Kind.FIRST,
        Kind.LAST,
        Kind.REQUEST_VERB,
        Kind.REQUEST_OBJECT,
        Kind.NEGATION,
        Kind.NEGATION_SPLIT,
        Kind.BEFORE,
        Kind.AFTER,
        Kind.CONDITION,
        Kind.OPTIONAL,
        Kind.GATE,
        Kind.META,
        Kind.RULE,
        Kind.PURPOSE,
        Kind.QUESTION,
        Kind.QUESTION_PLANNING,
        *_VERBISH,
    }
)
# What can start a new clause after "and", "then" or a comma.
_STARTERS = frozenset(
    {
        *_VERBISH,
        Kind.NEGATION,
        Kind.NEGATION_SPLIT,
        Kind.REQUEST_VERB,
        Kind.REQUEST_OBJECT,
        Kind.GATE,
        Kind.META,
        Kind.BEFORE,
        Kind.AFTER,
        Kind.CONDITION,
        Kind.OPTIONAL,
        Kind.THEN,
        Kind.FIRST,
        Kind.LAST,
    }
)
_SKIPPABLE = frozenset({Kind.CONJUNCTION, Kind.FILLER, Kind.THEN, Kind.FIRST, Kind.LAST, Kind.CONTRAST})
_SPLITTERS = frozenset(
    {
        Kind.CONJUNCTION,
        Kind.THEN,
        Kind.LAST,
        Kind.CONTRAST,
        Kind.NEGATION_SPLIT,
        Kind.BEFORE,
        Kind.AFTER,
        Kind.PURPOSE,
        Kind.WITH,
    }
)
_TARGETS = frozenset({"to", "in", "into", "on", "within", "inside", "dans", "en", "im", "na", "no", "em"})
_OF = frozenset({"of", "de", "des", "du", "von", "do", "da"})
_PARTICIPLE_VERBS = frozenset({"get", "have", "need", "want", "keep"})  # "get the change reviewed"
_BOUNDARIES = {lang: LEXICON.words(Kind.BOUNDARY, lang) for lang in LEXICON.languages}
_DETERMINERS = {lang: LEXICON.words(Kind.DETERMINER, lang) for lang in LEXICON.languages}
_EMPTY: frozenset[str] = frozenset()


class Tok(NamedTuple):
    text: str  # lower case
    start: int
    end: int
    kind: str  # "word", "punct", "code", "placeholder" or "cjk"


class Clause(NamedTuple):
    start: int  # token range in the block
    end: int
    relation: Kind | None  # the splitter that began it (None: the sentence's first clause)
    sentence: int
    question: bool


class Reading(NamedTuple):
    """What one clause asks for. `task` None: no work (context, a rule, a question to the user...)."""

    task: TaskType | None
    span: tuple[int, int]  # text offsets of the step's text
    cue: str
    negated: bool = False
    optional: bool = False
    condition: str | None = None
    gate: bool = False  # "wait for my OK": stop after the previous step
    condition_only: bool = False  # "If behaviour changes,": the condition of the next clause
    then: bool = False
    first: bool = False
    last: bool = False
    subordinate: Kind | None = None  # BEFORE or AFTER: ordered against its main clause
    early: bool = False  # a test written before the code
    weak: bool = False  # the task is a verb's default, not a cue: a heading's task may override it
    question: bool = False


class Context(NamedTuple):
    instructions: bool  # an agent instruction file: standing rules are no steps
    block_kind: str
    default_task: TaskType | None  # from the enclosing heading or a label
    lead: Entry | None  # the verb of a lead-in ("Implement the following:") for its list items


def tokenize(lowered: str, start: int, end: int) -> list[Tok]:
    return [
        Tok(m.group(), m.start(), m.end(), m.lastgroup or "word") for m in TOKEN.finditer(lowered, start, end)
    ]


def match(toks: list[Tok], i: int, end: int, kinds: frozenset[Kind]) -> tuple[Entry, int] | None:
    """The longest entry of one of `kinds` at token i, and the token index after it."""
    if i >= end or toks[i].kind == "punct":
        return None
    for entry in LEXICON.entries(toks[i].text):
        if entry.kind in kinds:
            stop = _rest(entry.tokens, 1, toks, i + 1, end)
            if stop is not None:
                return entry, stop
    return None


def _rest(tokens: tuple[str, ...], k: int, toks: list[Tok], j: int, end: int) -> int | None:
    while k < len(tokens):
        if tokens[k] == WILDCARD:
            for gap in range(1, WILDCARD_SPAN + 1):
                if j + gap > end or any(t.kind == "punct" for t in toks[j : j + gap]):
                    break
                stop = _rest(tokens, k + 1, toks, j + gap, end)
                if stop is not None:
                    return stop
            return None
        if j >= end or toks[j].text != tokens[k]:
            return None
        k += 1
        j += 1
    return j


# -- splitting -----------------------------------------------------------------------------------------


def split(toks: list[Tok]) -> tuple[list[Clause], list[tuple[int, int]]]:
    """The clauses of a block, and the labels ("Step 1:", "Tests:") found before colons."""
    clauses: list[Clause] = []
    labels: list[tuple[int, int]] = []
    sentence = start = 0
    for i, tok in enumerate(toks):
        if tok.kind == "punct" and tok.text in _SENTENCE_END:
            _split_sentence(toks, start, i, sentence, tok.text in "?？", clauses, labels)
            sentence += 1
            start = i + 1
    if start < len(toks):
        _split_sentence(toks, start, len(toks), sentence, False, clauses, labels)
    return clauses, labels


def _split_sentence(
    toks: list[Tok],
    start: int,
    end: int,
    sentence: int,
    question: bool,
    clauses: list[Clause],
    labels: list[tuple[int, int]],
) -> None:
    colon = next((i for i in range(start, end) if toks[i].text in (":", "：")), None)
    if colon is not None and colon - start <= _LABEL_WORDS and colon + 1 < end:
        labels.append((start, colon))
        start = colon + 1
    cur, relation = start, None
    i = start
    while i < end:
        tok = toks[i]
        if tok.kind == "punct":
            if tok.text == "(":
                close = next((j for j in range(i + 1, end) if toks[j].text == ")"), end)
                if cur < i:
                    clauses.append(Clause(cur, i, relation, sentence, question))
                if i + 1 < close:
                    clauses.append(Clause(i + 1, close, Kind.CONTRAST, sentence, question))
                cur, relation, i = close + 1, Kind.CONJUNCTION, close + 1
                continue
            if (
                tok.text in _COMMA
                and i > cur
                and (_starts_clause(toks, i + 1, end) or _task_object(toks, i + 1, end))
            ):
                clauses.append(Clause(cur, i, relation, sentence, question))
                cur, relation = i + 1, Kind.CONJUNCTION
            i += 1
            continue
        found = match(toks, i, end, _SPLITTERS) if i > cur else None
        if found is None:
            i += 1
            continue
        entry, after = found
        if after >= end:
            i = after
            continue
        kind = entry.kind
        cut = (
            kind in (Kind.NEGATION_SPLIT, Kind.CONTRAST, Kind.PURPOSE, Kind.BEFORE, Kind.AFTER)
            or (kind in (Kind.THEN, Kind.LAST) and _starts_clause(toks, after, end))
            or (
                kind is Kind.CONJUNCTION
                and (_starts_clause(toks, after, end) or _task_object(toks, after, end))
            )
            or (kind is Kind.WITH and _task_object(toks, after, end))
        )
        if not cut:
            i = after
            continue
        clauses.append(Clause(cur, i, relation, sentence, question))
        cur, relation = (after if kind is Kind.WITH else i), kind
        i = after
    if cur < end:
        clauses.append(Clause(cur, end, relation, sentence, question))


def _skip(toks: list[Tok], i: int, end: int, kinds: frozenset[Kind]) -> int:
    while (found := match(toks, i, end, kinds)) is not None:
        i = found[1]
    return i


def _starts_clause(toks: list[Tok], i: int, end: int) -> bool:
    """Whether a new request starts at token i ("and *add* tests", "then *refactor*", ", *don't*")."""
    i = _skip(toks, i, end, _SKIPPABLE)
    found = match(toks, i, end, _STARTERS)
    if found is None:
        return False
    entry, after = found
    if entry.kind in _VERBISH:
        return _reads_as_verb(toks, i, after, end, entry)
    return True


def _reads_as_verb(toks: list[Tok], i: int, after: int, end: int, entry: Entry) -> bool:
    """ "test" in "and test it" is a verb, in "and test coverage" a noun."""
    if entry.form is Form.S or entry.form is Form.ED:
        return False  # "and tests", "and reviewed": not an imperative
    if not any(e.kind in _NOUNISH for e in LEXICON.entries(toks[i].text)) or after - i > 1:
        return True
    if after >= end or toks[after].kind == "punct":
        return True
    determiners = _DETERMINERS.get(entry.language, _EMPTY)
    return toks[after].text in determiners or toks[after].kind in ("code", "placeholder")


def _task_object(toks: list[Tok], i: int, end: int) -> bool:
    """Whether a noun phrase that names non-coding work starts at i ("and docs", "with a test")."""
    head = noun_phrase(toks, i, end, "en")
    return head.task is not None and head.task is not TaskType.CODING and head.kind is Kind.NOUN


# -- noun phrases ----------------------------------------------------------------------------------------


class Head(NamedTuple):
    task: TaskType | None
    kind: Kind | None  # NOUN, ARTIFACT, CONTAINER, or None (unknown word)
    start: int  # token range of the head phrase
    end: int
    stop: int  # token after the noun phrase


def noun_phrase(toks: list[Tok], i: int, end: int, language: str) -> Head:
    """The head of the noun phrase at i: its last noun before a boundary word or punctuation.

    A task noun modifying a thing to build does not make the phrase that task ("a test mode toggle" is
    a toggle); a container noun takes its task from its modifiers ("a CHANGELOG entry") or from its "of"
    phrase ("a set of tests").
    """
    boundaries = _BOUNDARIES.get(language, _EMPTY)
    determiners = _DETERMINERS.get(language, _EMPTY)
    j = i
    while j < end and toks[j].text in determiners:
        j += 1
    found: list[tuple[Entry, int, int]] = []
    last_word = -1
    while j < end:
        tok = toks[j]
        if tok.kind == "punct" or (tok.text in boundaries and j > i):
            break
        hit = match(toks, j, end, _NOUNISH)
        if hit is not None:
            found.append((hit[0], j, hit[1]))
            last_word = hit[1] - 1
            j = hit[1]
        else:
            last_word = j
            j += 1
    if not found or found[-1][2] - 1 != last_word:
        return Head(None, None, j, j, j)
    entry, start, stop = found[-1]
    if entry.kind is Kind.CONTAINER:
        for modifier, mstart, mstop in reversed(found[:-1]):
            if modifier.kind is Kind.NOUN and modifier.task is not TaskType.CODING:
                return Head(modifier.task, Kind.NOUN, mstart, mstop, j)
        if j < end and toks[j].text in _OF:
            inner = noun_phrase(toks, j + 1, end, language)
            if inner.task is not None:
                return inner
        return Head(None, Kind.CONTAINER, start, stop, j)
    task = TaskType.CODING if entry.kind is Kind.ARTIFACT else entry.task
    return Head(task, entry.kind, start, stop, j)


def _doc_target(toks: list[Tok], stop: int, end: int, language: str) -> Head | None:
    """ "... to the README", "... in the API reference": the work lands in documentation."""
    if stop < end and toks[stop].text in _TARGETS:
        target = noun_phrase(toks, stop + 1, end, language)
        if target.task is TaskType.DOCUMENTATION and target.kind is Kind.NOUN:
            return target
    return None


def _first_task_noun(toks: list[Tok], i: int, end: int) -> tuple[TaskType, int, int] | None:
    """The first task noun in i..end, preferring any task over coding ("make sure the code passes the
    linter" is about the linter)."""
    coding = None
    j = i
    while j < end:
        hit = match(toks, j, end, frozenset({Kind.NOUN}))
        if hit is None:
            j += 1
            continue
        if hit[0].task is not TaskType.CODING:
            return hit[0].task, j, hit[1]  # type: ignore[return-value]
        coding = coding or (TaskType.CODING, j, hit[1])
        j = hit[1]
    return coding


def _participle(toks: list[Tok], i: int, end: int) -> tuple[TaskType, int, int] | None:
    """A task verb as a participle: "get the change reviewed", "needs to be documented"."""
    for j in range(i, end):
        for entry in LEXICON.entries(toks[j].text):
            if entry.kind is Kind.VERB and entry.form is Form.ED and len(entry.tokens) == 1:
                return entry.task, j, j + 1  # type: ignore[return-value]
    return None


def _strong_verb(toks: list[Tok], i: int, end: int) -> tuple[Entry, int, int] | None:
    """The first verb that decides a task, anywhere in i..end ("ask the team to review it")."""
    for j in range(i, end):
        hit = match(toks, j, end, frozenset({Kind.VERB}))
        if hit is not None and hit[0].form is Form.BASE:
            return hit[0], j, hit[1]
    return None


# -- reading one clause ----------------------------------------------------------------------------------


def read(text: str, toks: list[Tok], clause: Clause, ctx: Context) -> Reading | None:
    """What the clause asks for, or None when it asks for nothing (context, meta, a purpose)."""
    start, end = clause.start, clause.end
    while end > start and toks[end - 1].kind == "punct":
        end -= 1
    if start >= end or clause.relation is Kind.PURPOSE:
        return None
    flags: dict[str, object] = {}
    negated = implicit = question = False
    optional = False
    condition: str | None = None
    i = start
    content = start  # first token of the step's text
    while i < end:
        found = match(toks, i, end, _PREFIX)
        if found is None:
            break
        entry, after = found
        kind = entry.kind
        if kind in _VERBISH:
            break
        if kind is Kind.GATE:
            return Reading(None, _span(toks, start, end), "", gate=True)
        if kind is Kind.META or kind is Kind.PURPOSE:
            return None
        if kind is Kind.RULE:
            if ctx.instructions:
                return None
        elif kind in (Kind.NEGATION, Kind.NEGATION_SPLIT):
            negated = True
            flags.setdefault("negation", i)
        elif kind is Kind.THEN:
            flags["then"] = True
        elif kind is Kind.FIRST:
            flags["first"] = True
        elif kind is Kind.LAST:
            flags["last"] = True
        elif kind in (Kind.BEFORE, Kind.AFTER):
            flags["subordinate"] = kind
        elif kind is Kind.OPTIONAL:
            optional, condition = True, _text(text, toks, i, after)
        elif kind is Kind.CONDITION:
            if after < end:
                return Reading(
                    None,
                    _span(toks, i, end),
                    "",
                    condition_only=True,
                    condition=_text(text, toks, after, end),
                )
        elif kind is Kind.REQUEST_OBJECT:
            implicit = True
            i = content = after
            break
        elif kind in (Kind.QUESTION, Kind.QUESTION_PLANNING):
            question = clause.question
            if kind is Kind.QUESTION_PLANNING and question:
                return Reading(
                    TaskType.PLANNING, _span(toks, i, end), _text(text, toks, i, after), question=True
                )
            break
        i = content = after
    if i >= end:
        return None
    if "negation" in flags:
        content = flags["negation"]  # type: ignore[assignment]
    if ctx.instructions and match_any(toks, i, end, Kind.RULE_INSIDE):
        return None

    verb = match(toks, i, end, _VERBISH)
    if verb is not None and verb[0].form is Form.S and not question:
        verb = None  # "Tests are missing": a noun, not an imperative
    task: TaskType | None
    cue_start, cue_end = i, i
    weak = False
    if question and (verb is None or not clause.question):
        task = TaskType.ANALYSIS
        cue_end = min(i + 1, end)
    elif verb is not None:
        entry, after = verb
        task, cue_start, cue_end, weak = _verb_task(toks, i, after, end, entry)
        if task is None:
            return None
    elif any(t.kind == "cjk" for t in toks[i:end]):
        found_cjk = _cjk_task(toks, i, end)
        if found_cjk is None:
            return None
        task, cue_start, cue_end = found_cjk
    else:
        found_noun = _noun_led(toks, i, end, ctx, clause, negated or implicit, implicit)
        if found_noun is None:
            return None
        task, cue_start, cue_end, weak = found_noun

    if not negated:
        negated = match_any(toks, cue_end, end, Kind.NEGATION_AFTER) or (
            cue_end < end and match(toks, cue_end, end, frozenset({Kind.NEGATION_OBJECT})) is not None
        )
    if not optional:
        optional, condition = _condition(text, toks, i, cue_end, end)
    if weak and ctx.default_task is not None:
        task = ctx.default_task
    early = task is TaskType.TESTING and match_any(toks, start, end, Kind.EARLY_TEST)
    return Reading(
        task,
        _span(toks, content, end),
        _text(text, toks, cue_start, cue_end),
        negated=negated,
        optional=optional,
        condition=condition,
        then=bool(flags.get("then")),
        first=bool(flags.get("first")) or match_any(toks, cue_end, end, Kind.FIRST, last_only=True),
        last=bool(flags.get("last")),
        subordinate=flags.get("subordinate"),  # type: ignore[arg-type]
        early=early,
        weak=weak,
        question=question,
    )


def match_any(toks: list[Tok], i: int, end: int, kind: Kind, *, last_only: bool = False) -> bool:
    """Whether an entry of `kind` occurs in i..end (`last_only`: ending the clause, "... first")."""
    kinds = frozenset({kind})
    for j in range(i, end):
        found = match(toks, j, end, kinds)
        if found is not None and (not last_only or found[1] == end):
            return True
    return False


def _verb_task(
    toks: list[Tok], i: int, after: int, end: int, entry: Entry
) -> tuple[TaskType | None, int, int, bool]:
    """(task, cue token range, weak) for a clause whose verb is `entry` at i..after."""
    if entry.kind is Kind.VERB:
        return entry.task, i, after, False
    language = entry.language
    if entry.kind is Kind.WEAK:
        noun = _first_task_noun(toks, after, end)
        if noun is not None:
            return noun[0], i, noun[2], False
        return entry.task, i, after, True
    head = noun_phrase(toks, after, end, language)
    if head.kind is Kind.NOUN:
        return head.task, i, head.end, False
    if entry.tokens[0] in _PARTICIPLE_VERBS or entry.task is None:
        participle = _participle(toks, after, end)
        if participle is not None:
            return participle[0], i, participle[2], False
    target = _doc_target(toks, head.stop, end, language)
    if target is not None:
        return TaskType.DOCUMENTATION, i, target.end, False
    if head.kind is Kind.ARTIFACT:
        return (TaskType.CODING if entry.task is not None else None), i, head.end, False
    if entry.task is None:
        strong = _strong_verb(toks, after, end)
        if strong is not None:
            return strong[0].task, strong[1], strong[2], False
        noun = _first_task_noun(toks, after, end)
        if noun is not None and noun[0] is not TaskType.CODING:
            return noun[0], i, noun[2], False
        return None, i, after, False
    return entry.task, i, after, True


def _noun_led(
    toks: list[Tok], i: int, end: int, ctx: Context, clause: Clause, licensed: bool, implicit: bool
) -> tuple[TaskType, int, int, bool] | None:
    """A clause without a verb: a list item or heading naming work ("Unit tests for X"), a coordinated
    object ("and docs"), a negated noun ("no docs needed"), a passive ("must be reviewed")."""
    head = noun_phrase(toks, i, end, "en")
    if implicit and head.task is not None:
        return head.task, head.start, head.end, head.kind is not Kind.NOUN
    allowed = licensed or ctx.block_kind != "para" or clause.relation in (Kind.CONJUNCTION, Kind.WITH)
    if head.kind is Kind.NOUN and allowed:
        return head.task, head.start, head.end, False  # type: ignore[return-value]
    if ctx.lead is not None and ctx.block_kind == "item":
        task, cue_start, cue_end, weak = _verb_task(toks, i, i, end, ctx.lead)
        if task is not None:
            return task, cue_start, cue_end, weak
    participle = _participle(toks, i, end)
    if participle is not None and (allowed or ctx.block_kind == "para"):
        return participle[0], participle[1], participle[2], False
    if implicit:
        return TaskType.CODING, i, min(i + 1, end), True
    return None


def _cjk_task(toks: list[Tok], i: int, end: int) -> tuple[TaskType, int, int] | None:
    """CJK text has no spaces and puts objects before verbs in Japanese: the first task word decides,
    a generic verb ("实现", "追加") only when no task noun or verb occurs."""
    generic = None
    for j in range(i, end):
        hit = match(toks, j, end, frozenset({Kind.VERB, Kind.NOUN, Kind.GENERIC}))
        if hit is None:
            continue
        entry, after = hit
        if entry.kind is Kind.GENERIC:
            generic = generic or (entry.task, j, after)
            continue
        return entry.task, j, after  # type: ignore[return-value]
    if generic is not None and generic[0] is not None:
        return generic  # type: ignore[return-value]
    return None


def _condition(text: str, toks: list[Tok], verb: int, cue_end: int, end: int) -> tuple[bool, str | None]:
    """A trailing condition ("update the docs if behaviour changes"): the step is optional."""
    if match(toks, verb, end, frozenset({Kind.NOT_CONDITION})) is not None:
        return False, None  # "find out if ...": a question, not a condition
    kinds = frozenset({Kind.CONDITION, Kind.OPTIONAL})
    for j in range(cue_end, end):
        found = match(toks, j, end, kinds)
        if found is None:
            continue
        entry, after = found
        if entry.kind is Kind.OPTIONAL:
            return True, _text(text, toks, j, after)
        if after < end:
            return True, _text(text, toks, after, end)
    return False, None


def _span(toks: list[Tok], i: int, end: int) -> tuple[int, int]:
    return toks[i].start, toks[end - 1].end


def _text(text: str, toks: list[Tok], i: int, end: int) -> str:
    return " ".join(text[toks[i].start : toks[end - 1].end].split()) if i < end else ""
