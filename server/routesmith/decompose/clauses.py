"""Clauses of one block, and what each one asks for.

A block (heading, list item, paragraph) is split into sentences at terminal punctuation and into clauses
where a new request starts: after "and", "then", a comma, a colon or "but" when a verb, a negation or an
order word follows; at "without"/"except" (what follows is ruled out); at "before"/"after" (an order
between the two); at "so that"/"while" (what follows says why, it is no step); at "and"/"with" + a task
noun after a verb that makes things ("add tests and docs"). Each clause is then read: leading words
(fillers, requests, order markers, negations) are peeled off, the verb is found, and the verb or the head
noun of its object gives the task.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import NamedTuple

from routesmith.decompose.lexicon import (
    LEXICON,
    WILDCARD,
    WILDCARD_SPAN,
    WILDCARD_SPAN_LONG,
    Entry,
    Form,
    Kind,
    is_cjk,
    token_columns,
)
from routesmith.decompose.order import phase
from routesmith.decompose.phrases import Openings
from routesmith.model import TaskType
from routesmith.patterns import LazyPattern

_SENTENCE_END = frozenset(".!?;。！？；")
_COMMA = frozenset(",，、—–&+-:：")
LABEL_WORDS = 5  # "Step 1:", "Review checklist:" — a short lead before a colon is a label, not a clause
_VERBISH = frozenset({Kind.VERB, Kind.GENERIC, Kind.WEAK})
_NOUNISH = frozenset({Kind.NOUN, Kind.ARTIFACT, Kind.CONTAINER})
_THING_NOUNS = frozenset({Kind.NOUN, Kind.ARTIFACT})
_NEGATION_OBJECT = frozenset({Kind.NEGATION_OBJECT})
_NEGATION = frozenset({Kind.NEGATION})
_NEGATION_REACH = 3  # the longest CJK negation before a verb ("不需要")
_OF_HOPS = 2  # "of" phrases a part of a document looks through for it ("section of setup of the README")
_LONGEST_WORD = 8  # tokens looked back over to catch a word running across a point already checked
_NEEDED_BY = frozenset({Kind.NEEDED_BY})
_QUESTION_WORD = frozenset({Kind.QUESTION})
_REQUEST_OBJECT = frozenset({Kind.REQUEST_OBJECT})
_FILLERS = frozenset({Kind.FILLER})
_WISHES = frozenset({Kind.REQUEST_VERB, Kind.REQUEST_OBJECT})
_GOAL = frozenset({Kind.GOAL})
_FILLER_BIT = 1 << Kind.FILLER
_FIRST = frozenset({Kind.FIRST})
_THEN = frozenset({Kind.THEN})
_AUX = frozenset({Kind.AUX})
_CONJUNCTIONS = frozenset({Kind.CONJUNCTION})
_GATE = frozenset({Kind.GATE})
_CONNECTIVES = frozenset({Kind.CONJUNCTION, Kind.THEN})
_ARTIFACT = frozenset({Kind.ARTIFACT})
_ASKING = frozenset({"whether", "if"})  # "check whether ...": a weak check that asks
_WH_WORDS = frozenset({"where", "whether", "how", "why"})  # not "audit which deps are stale": a review
# "a section *about* X in the docs", in every language read here ("une section sur les TTL dans la doc")
_ABOUT = frozenset(
    {
        "about",
        "of",
        "on",
        "describing",
        "explaining",
        "covering",
        "regarding",
        "sur",
        "concernant",
        "sobre",
        "acerca",
        "su",
        "sul",
        "sulla",
        "sui",
        "sugli",
        "sulle",
        "riguardo",
        "über",
        "bezüglich",
    }
)
_DO = frozenset({"do", "does", "did"})
# "Use the `gh` CLI to review the PR": a tool used for work asks for the work after its "to" (an instruction
# file's "use X to ..." stays a standing rule).
_USE = frozenset({"use", "utilize", "utilise", "leverage", "employ"})
_TOOL_OBJECT = 6  # tokens a tool's name may take between "use" and "to"
# Task verbs whose object can make them other work ("explain it in the docstring", "write down a plan").
_OBJECT_MAY_DECIDE = frozenset({TaskType.ANALYSIS, TaskType.DOCUMENTATION, TaskType.REFACTOR})
_SUBJECT = frozenset({Kind.SUBJECT})
_DONE = frozenset({Kind.DONE})
_PURPOSE_AFTER = frozenset({Kind.PURPOSE_AFTER})
_DETERMINER = frozenset({Kind.DETERMINER})
_COORDINATED = frozenset({Kind.CONJUNCTION, Kind.THEN})  # "..., et les documenter", "puis le tester"
_READY = frozenset({Kind.READY})
_CLITIC_HOSTS = frozenset({*_VERBISH, Kind.REQUEST_VERB})  # "*lo* arreglas", "*lo* puedes arreglar"
_ARROWS = frozenset({"->", "-->", "=>", "→", "⇒"})
# "Unit tests *for* the parser", "Refactoring *del* modulo utenti"
_FOR = frozenset(
    {"for", "of", "on", "covering", "around", "per", "di", "del", "dello", "della", "dei", "degli", "delle"}
)
_POINTERS = frozenset({"link", "links"})  # "a docs link" points at the docs; it is no part of them
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
        Kind.ROLE,
        Kind.NEGATION,
        Kind.NEGATION_SPLIT,
        Kind.BEFORE,
        Kind.AFTER,
        Kind.BEFORE_PREVIOUS,
        Kind.CONDITION,
        Kind.OPTIONAL,
        Kind.GATE,
        Kind.META,
        Kind.RULE,
        Kind.PURPOSE,
        Kind.QUESTION,
        Kind.QUESTION_PLANNING,
        Kind.STORY,
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
        Kind.BEFORE_PREVIOUS,
        Kind.CONDITION,
        Kind.OPTIONAL,
        Kind.THEN,
        Kind.FIRST,
        Kind.LAST,
    }
)
_SKIPPABLE = frozenset({Kind.CONJUNCTION, Kind.FILLER, Kind.THEN, Kind.FIRST, Kind.LAST, Kind.CONTRAST})
_LEADING = frozenset({*_SKIPPABLE, Kind.REQUEST_VERB, Kind.SUBJECT})
_SPLITTERS = frozenset(
    {
        Kind.CONJUNCTION,
        Kind.THEN,
        Kind.LAST,
        Kind.CONTRAST,
        Kind.NEGATION_SPLIT,
        Kind.BEFORE,
        Kind.AFTER,
        Kind.BEFORE_PREVIOUS,
        Kind.PURPOSE,
        Kind.WITH,
    }
)
_TARGETS = frozenset(
    {
        "to",
        "in",
        "into",
        "on",
        "within",
        "inside",
        "dans",
        "en",
        "im",
        "na",
        "no",
        "em",
        "nel",
        "nella",
        "nei",
        "al",  # "añade una entrada al CHANGELOG"
        "ao",
        "à",
        "au",  # "ajoute une entrée au CHANGELOG"
        "aux",
        "ins",
        "zur",  # "füge einen Abschnitt zur Doku hinzu"
        "zum",
        "nello",
        "alla",
        "allo",
        "ai",
        "agli",
        "alle",
        "nos",
        "nas",
    }
)
_OF = frozenset(
    {
        "of",
        "de",
        "des",
        "du",
        "von",
        "do",
        "da",
        "del",
        "dos",
        "das",
        "di",
        "della",
        "dello",
        "dei",
        "degli",
        "delle",
    }
)
_PRONOUNS = frozenset(
    {
        "it",
        "them",
        "this",
        "that",
        "these",
        "those",
        "one",
        "ones",
        "both",
        "everything",
        "anything",
        "whatever",
    }
)
# An object that stands for what something reports ("fix *whatever* eslint complains about")
_FINDINGS = frozenset({"whatever", "what", "everything", "anything"})
_RELATIVE_SUBJECTS = frozenset({"i", "you", "we", "they"})  # "the tests *you* wrote"
_BACK_REFERENCES = frozenset({"it", "they", "them", "its", "their", "those", "these"})
_GAP_STOPS = frozenset({"that", "which", "who", "whose", "where", "when", "to", "then", "so", "because"})
# Things "it" can be ("write the plan, review it and revise *it*")
_REFERABLE = frozenset({TaskType.TESTING, TaskType.DOCUMENTATION, TaskType.FORMATTING, TaskType.PLANNING})
_PARTICIPLE_VERBS = frozenset({"get", "have", "need", "want", "keep"})  # "get the change reviewed"
_ENUMERATOR = LazyPattern(r"\d{1,2}|[a-z]|[ivx]{1,4}")  # "(1)", "(b)", "(iii)" inside a sentence
_DOC_PATH = LazyPattern(r"(?:^|/)docs?/|\.(?:md|mdx|rst|adoc)$|(?:^|/)readme(?:\.\w+)?$")
_TEST_PATH = LazyPattern(r"(?:^|/)tests?/|(?:^|/)test_\w+|_test\.\w+$|\.(?:test|spec)\.\w+$")
_CODE_WORD = LazyPattern(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_PATH_ONLY = LazyPattern(r"[^\s/]*/\S*|[^\s.]+\.[A-Za-z]{1,5}")  # no space: a path, not a command
_OPTION = LazyPattern(r"(?<![\w-])--?[a-z][\w-]*")  # a command's option names no task of the command
_CHECK_SCRIPTS = frozenset({"check", "checks", "validate", "verify", "precommit", "pre-commit"})
_SUMMED_UP = frozenset({TaskType.CODING, TaskType.PLANNING, TaskType.REVIEW})
_BOUNDARIES = {lang: LEXICON.words(Kind.BOUNDARY, lang) for lang in LEXICON.languages}
_DETERMINERS = {lang: LEXICON.words(Kind.DETERMINER, lang) for lang in LEXICON.languages}
_EMPTY: frozenset[str] = frozenset()
# Grammar, not vocabulary: read in the block's own language where it has the word.
_FUNCTION_WORDS = frozenset(
    {
        Kind.NEGATION,
        Kind.NEGATION_AFTER,
        Kind.NEGATION_SPLIT,
        Kind.NEGATION_OBJECT,
        Kind.BOUNDARY,
        Kind.DETERMINER,
        Kind.FILLER,
        Kind.CONJUNCTION,
        Kind.CONDITION,
        Kind.QUESTION,
        Kind.THEN,
        Kind.FIRST,
        Kind.LAST,
        Kind.BEFORE,
        Kind.AFTER,
        Kind.CONTRAST,
        Kind.PURPOSE,
        Kind.SUBJECT,
        Kind.AUX,
    }
)
_ACCUSATIVE = frozenset({"を", "을", "를"})
_OBJECT_PARTICLES = frozenset({"을", "를", "은", "는", "이", "가", "도", "を", "が", "は", "も"})
_CLOSING = {"(": ")", "（": "）"}
_CJK_LANGUAGES = ("cjk", "ko")
_PARTICLE_WORD = 6  # characters looked back for a word that ends in a particle's character ("추가")
_REPEAT_WORDS = 6  # "書き換えた後で": a CJK clause this short before "after" repeats the step before it
_BETWEEN = frozenset({Kind.CONTRAST, Kind.ADVERB, Kind.FILLER, Kind.AUX})
_CJK_WORDS = frozenset({Kind.VERB, Kind.NOUN, Kind.GENERIC, Kind.WEAK})


_QUOTES = LazyPattern(r"「[^」\n]*」|『[^』\n]*』")
_NOTHING_QUOTED: frozenset[int] = frozenset()


def _quoted(lowered: str, starts: list[int], start: int, end: int) -> frozenset[int]:
    """The tokens inside Japanese quotation marks that their line goes on after ("「新規ツールの追加」を伴う
    場合", "「問題点 → 改善案」を提示し"): a name or a phrase quoted, as English puts one in quotes, asks for
    nothing; the verb after it does. A quote that ends its line ("「テストを書く」") is read."""
    if "「" not in lowered[start:end] and "『" not in lowered[start:end]:
        return _NOTHING_QUOTED
    inside: set[int] = set()
    for quote in _QUOTES.finditer(lowered, start, end):
        line_end = lowered.find("\n", quote.end(), end)
        if not lowered[quote.end() : end if line_end < 0 else line_end].strip(" \t。.、,：:"):
            continue
        first = bisect_right(starts, quote.start())
        inside.update(range(first, bisect_left(starts, quote.end() - 1, first)))
    return frozenset(inside)


class Tokens:
    """One block's tokens as parallel lists (cheaper than an object per token), with each token's
    lexicon entries looked up once, and a bitmask of their kinds so most lookups end at one AND."""

    __slots__ = (
        "_kana_or_hangul_before",
        "by_kinds",
        "ends",
        "ents",
        "kinds",
        "language",
        "last_head",
        "masks",
        "quoted",
        "starts",
        "texts",
    )

    def __init__(self, lowered: str, start: int, end: int) -> None:
        texts, starts, ends, kinds = token_columns(lowered, start, end)
        self.texts, self.starts, self.ends, self.kinds = texts, starts, ends, kinds
        self.last_head: tuple[tuple[int, int, str, bool], Head] | None = None  # see noun_phrase
        self._kana_or_hangul_before: list[int] | None = None  # see kana_or_hangul_in
        self.quoted = _quoted(lowered, starts, start, end)
        # The block's language decides between readings of a word several languages share.
        language = self.language = LEXICON.language_of(
            [t for t, k in zip(texts, kinds, strict=True) if k != "punct"]
        )
        self.ents: list[list[Entry]] = []
        self.masks: list[int] = []
        # Per token, its entries of each set of kinds asked for (see match), shared by tokens of a reading.
        self.by_kinds: list[dict[frozenset[Kind], Openings]] = []
        for k, text in enumerate(texts):
            kind = kinds[k]
            if kind == "cjk" and 0xAC00 <= ord(text) <= 0xD7AF:
                # Korean endings depend on the syllables around them: read in place, never cached.
                found = _own_language(self._korean_endings(k, LEXICON.entries_in(text, language)), language)
                ents, mask, by_kinds = found, _kinds_mask(found), {}
            else:
                key = (text, kind, language)
                reading = _READINGS.get(key)
                if reading is None:
                    if len(_READINGS) >= _READINGS_KEPT:
                        _READINGS.clear()
                    reading = _READINGS[key] = _token_reading(text, kind, language)
                ents, mask, by_kinds = reading
                if (
                    mask & _CONJUNCTION_BIT
                    and kind == "cjk"
                    and self._okurigana_follows(k, texts, starts, ends)
                ):
                    ents = [e for e in ents if e.kind is not Kind.CONJUNCTION or len(e.tokens) > 1]
                    mask, by_kinds = _kinds_mask(ents), {}
            self.ents.append(ents)
            self.masks.append(mask)
            self.by_kinds.append(by_kinds)

    def _korean_endings(self, k: int, found: list[Entry]) -> list[Entry]:
        """A Korean connective ending ("고", "서") ends a word and starts none: "고쳐" holds no "고",
        "서비스" no "서"."""
        kept = []
        for entry in found:
            if entry.kind in (Kind.CONJUNCTION, Kind.THEN, Kind.CONTRAST, Kind.PURPOSE):
                stop = k + len(entry.tokens)
                if stop < len(self.texts) and self.starts[stop] == self.ends[stop - 1]:
                    continue  # the word goes on
                if len(entry.tokens) == 1 and (k == 0 or self.starts[k] != self.ends[k - 1]):
                    continue  # a one-syllable ending opening a word
                if self.texts[k] == "서" and k > 0 and self.texts[k - 1] == "에":
                    continue  # "리뷰에서": the particle "에서" (in, at), no connective
            kept.append(entry)
        return kept

    @staticmethod
    def _okurigana_follows(k: int, texts: list[str], starts: list[int], ends: list[int]) -> bool:
        """Whether a kanji runs on into the hiragana that inflects it: Japanese "与えられた" (given) holds no
        Chinese "与" (and); "及び" is an entry of its own."""
        return (
            k + 1 < len(texts)
            and starts[k + 1] == ends[k]
            and script_of(texts[k]) == "han"
            and script_of(texts[k + 1]) == "hiragana"
        )

    def __len__(self) -> int:
        return len(self.texts)

    def kana_or_hangul_in(self, i: int, end: int) -> bool:
        """Whether a CJK token of i..end is kana or Hangul: Japanese or Korean, where the verb ends the
        clause. Counted once per block (how many stand before each token), so each clause asks in O(1)."""
        if end <= i:
            return False
        before = self._kana_or_hangul_before
        if before is None:
            before = self._kana_or_hangul_before = list(
                accumulate(
                    (
                        kind == "cjk" and _kana_or_hangul(text)
                        for text, kind in zip(self.texts, self.kinds, strict=True)
                    ),
                    initial=0,
                )
            )
        return before[end] > before[i]

    def has(self, j: int, kind: Kind) -> bool:
        return bool(self.masks[j] >> kind & 1)

    def has_in(self, i: int, end: int, kind: Kind) -> bool:
        """Whether a token of i..end has an entry of `kind`."""
        bit = 1 << kind
        return any(mask & bit for mask in self.masks[i:end])

    def all_have(self, i: int, end: int, kind: Kind) -> bool:
        """Whether every token of i..end has an entry of `kind`."""
        bit = 1 << kind
        return all(mask & bit for mask in self.masks[i:end])

    def has_any(self, j: int, kinds: frozenset[Kind]) -> bool:
        return bool(self.masks[j] & (_MASKS.get(kinds) or _mask(kinds)))


# A token's entries, kinds mask and entries by kinds per (text, token kind, block language), read once: a
# long prompt repeats its words. Cleared when full, so a server's memory stays bounded.
_Reading = tuple[list[Entry], int, dict[frozenset[Kind], Openings]]
_READINGS: dict[tuple[str, str, str], _Reading] = {}
_READINGS_KEPT = 1 << 16


def forget_token_readings() -> None:
    _READINGS.clear()


def _token_reading(text: str, kind: str, language: str) -> _Reading:
    """The entries of a (non-Korean) token in a block of `language`, their kinds mask, and (filled in by
    match) its entries by kinds."""
    found = _own_language(LEXICON.entries_in(text, language), language)
    if not found and kind == "word" and language in LEXICON.compounds:
        found = LEXICON.compound(text, language) or found
    return found, _kinds_mask(found), {}


def _own_language(found: list[Entry], language: str) -> list[Entry]:
    """A function word the block's language has its own reading for is read in that language:
    Portuguese "no" is "in the", never the Spanish negation."""
    if len(found) > 1 and any(e.language != found[0].language for e in found):
        own = [
            e for e in found if e.language == language or len(e.tokens) > 1 or e.kind not in _FUNCTION_WORDS
        ]
        if len(own) < len(found) and any(e.language == language for e in own):
            return own
    return found


def _kinds_mask(entries: list[Entry]) -> int:
    found = 0
    for entry in entries:
        found |= 1 << entry.kind
    return found


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
    before_previous: bool = False  # "before that": precedes what was said before
    early: bool = False  # a test written before the code
    reproduces: bool = False  # a test that reproduces a bug: before the fix unless written after it
    weak: bool = False  # the task is a verb's default, not a cue: a heading's task may override it
    question: bool = False
    noun_led: bool = False  # no verb of its own ("and docs"): a negation before it covers it too
    passive: bool = False  # "is implemented and tested"
    topic: TaskType | None = None  # the task of the thing it is about, for "it"/"them" after it
    verify: bool = False  # a measurement ("measure whether it got faster"): checks work done before it
    refers: bool = False  # mentions "it"/"them" after its cue ("tell me where it starts to fall over")
    marker: bool = False  # an explicit marker ("[test]"): the user's word, no reading of the words
    asks: bool = False  # "check whether we hit it": a check that asks, before any work, what is there now
    now: bool = False  # "docs later, tests *now*", "no code, I need a summary": no negation before covers it
    goal: bool = False  # "we want to move to Vitest": the team's wish; with a plan asked beside it, its goal


class Context(NamedTuple):
    instructions: bool  # an agent instruction file: standing rules are no steps
    block_kind: str
    default_task: TaskType | None  # from the enclosing heading or a label
    lead: Entry | None  # the verb of a lead-in ("Implement the following:") for its list items
    antecedent: TaskType | None = None  # what "it"/"them" refers to
    passive_before: bool = False  # the clause before asked for a passive ("needs to be refactored")


_MASKS: dict[frozenset[Kind], int] = {}
_ONLY: dict[Kind, frozenset[Kind]] = {}  # frozenset({kind}), built once per kind
_CONJUNCTION_BIT = 1 << Kind.CONJUNCTION  # the hottest kind checks, as plain bits
_ADVERB_BIT = 1 << Kind.ADVERB
_ADVERBS = frozenset({Kind.ADVERB})
_SUBORDINATORS = frozenset({Kind.BEFORE, Kind.AFTER})
# What may follow a pronoun in its clause: "aktualisier sie *gegebenenfalls*", "... sie *bitte*".
_AFTER_PRONOUN = frozenset(
    {Kind.FILLER, Kind.ADVERB, Kind.OPTIONAL, Kind.THEN, Kind.LAST, Kind.CONJUNCTION, Kind.REQUEST_AFTER}
)
_SUBJECT_WORDS = 4  # a subject noun phrase ("die ganzen Unit-Tests") opens its clause within this many words
_SUBJECT_REACH = 16  # tokens back a coordinated verb-final clause looks for the subject it shares
_STATEMENT_BIT = 1 << Kind.STATEMENT
_REQUEST_AFTER_BIT = 1 << Kind.REQUEST_AFTER
_NEEDED_BY_BIT = 1 << Kind.NEEDED_BY
_FIRST_BIT = 1 << Kind.FIRST


def _mask(kinds: frozenset[Kind]) -> int:
    found = _MASKS.get(kinds)
    if found is None:
        found = _MASKS[kinds] = sum(1 << kind for kind in kinds)
    return found


def match(toks: Tokens, i: int, end: int, kinds: frozenset[Kind]) -> tuple[Entry, int] | None:
    """The longest entry of one of `kinds` at token i, and the token index after it."""
    if i >= end or not toks.masks[i] & (_MASKS.get(kinds) or _mask(kinds)):
        return None
    # Only the entries of `kinds`, in their order ("the" has 36 entries, one of them a determiner), picked
    # once per reading and set of kinds, and of those the ones the next token leaves possible.
    by_kinds = toks.by_kinds[i]
    openings = by_kinds.get(kinds)
    if openings is None:
        openings = by_kinds[kinds] = Openings(entry for entry in toks.ents[i] if entry.kind in kinds)
    window: list[str] | None = None  # the words a gap's next word may be, once per call
    texts = toks.texts
    following = openings.before(texts[i + 1] if i + 1 < end else None, texts[i + 2] if i + 2 < end else None)
    for entry in following:
        words = entry.tokens
        if len(words) == 1:
            return entry, i + 1
        if words[1] != WILDCARD:  # the next tokens' words, up to the third: Openings chose so
            if not entry.wildcard:
                # A phrase without a gap is its words in place, compared at once ("テストしやすくする" is
                # nine CJK tokens: word by word in _rest, each of its dozen siblings cost a call a token).
                # Its first word is the token's reading, not always its text ("buttami": "butta" "giù").
                stop = i + len(words)
                if stop <= end and tuple(texts[i + 3 : stop]) == words[3:]:
                    return entry, stop
                continue
        elif len(words) > 2 and words[2] != WILDCARD:
            # "fix * formatting": the word after the gap must come within the longest gap, or no gap fits
            if window is None:
                window = toks.texts[i + 2 : min(end, i + 2 + WILDCARD_SPAN_LONG)]
            if words[2] not in window:
                continue
        verb_last = entry.language in LEXICON.verb_last
        # English stop words end no German gap: "bau ihn *so* um, dass ..."
        span, stops = (WILDCARD_SPAN_LONG, frozenset()) if verb_last else (WILDCARD_SPAN, _GAP_STOPS)
        stop = _rest(words, 1, toks, i + 1, end, span, stops, verb_last)
        if stop is not None:
            return entry, stop
    return None


def _rest(
    tokens: tuple[str, ...],
    k: int,
    toks: Tokens,
    j: int,
    end: int,
    span: int,
    stops: frozenset[str],
    verb_last: bool,
) -> int | None:
    texts = toks.texts
    while k < len(tokens):
        if tokens[k] == WILDCARD:
            for gap in range(1, span + 1):
                last = j + gap - 1
                if j + gap > end or toks.kinds[last] == "punct":
                    break
                # "and" ends the gap, unless a verb-last language joins two objects with it ("lass
                # Prettier und eslint laufen"): there a verb of its own after it starts a new clause (an
                # English tool name read as a verb, "lass black und *isort* laufen", does not)
                if toks.masks[last] & _CONJUNCTION_BIT and (
                    not verb_last or last + 1 >= end or _verb_last_verb(toks, last + 1)
                ):
                    break
                if texts[last] in stops:
                    break  # "write tests that pin those assumptions down" is not "write ... down"
                stop = _rest(tokens, k + 1, toks, j + gap, end, span, stops, verb_last)
                if stop is not None:
                    return stop
            return None
        if j >= end or texts[j] != tokens[k]:
            return None
        k += 1
        j += 1
    return j


def _verb_last_verb(toks: Tokens, j: int) -> bool:
    """Whether token j can be a verb of a verb-last language (German "und *schreib* ...")."""
    return bool(toks.masks[j] & _mask(_VERBISH)) and any(
        e.kind in _VERBISH and e.language in LEXICON.verb_last for e in toks.ents[j]
    )


def match_any(toks: Tokens, i: int, end: int, kind: Kind, *, last_only: bool = False) -> bool:
    """Whether an entry of `kind` occurs in i..end (`last_only`: ending the clause, "... first")."""
    kinds = _ONLY.get(kind) or _ONLY.setdefault(kind, frozenset({kind}))
    bit = 1 << kind
    masks = toks.masks
    for j in range(i, end):
        if not masks[j] & bit:
            continue
        found = match(toks, j, end, kinds)
        if found is not None and (not last_only or found[1] == end):
            return True
    return False


_NEGATION_AFTER_ONLY = frozenset({Kind.NEGATION_AFTER})
_PURPOSE_ONLY = frozenset({Kind.PURPOSE})
_REQUEST_AFTER_ONLY = frozenset({Kind.REQUEST_AFTER})
_OWN_SUBJECT = frozenset({Kind.OWN_SUBJECT})


def _negated_after(toks: Tokens, i: int, end: int) -> bool:
    """Whether a negation that rules the work out stands in i..end: one a purpose closes ("衝突しないように
    してください": so that it does not collide) states the aim, and one inside a wish said by litotes ("ein
    paar Tests *schaden nicht*", "wouldn't hurt") asks for the work; neither negates it."""
    j = i
    while j < end:
        wish = match(toks, j, end, _REQUEST_AFTER_ONLY)
        if wish is not None:
            j = wish[1]
            continue
        found = match(toks, j, end, _NEGATION_AFTER_ONLY)
        if found is not None and match(toks, found[1], end, _PURPOSE_ONLY) is None:
            return True
        j += 1
    return False


def _closes_put_off(toks: Tokens, cur: int, i: int, after: int, end: int) -> bool:
    """Whether the "then" at i..after ends a postponement said after its topic and only a generic verb
    follows it ("测试回头再补", "文档下次再写"): the topic is its object, the work put off, no step.
    A clause that opens with it orders what follows, and so does a verb with work or an object of its own
    ("回头再补测试", "先写代码晚点再写文档")."""
    verb = match(toks, after, end, _VERBISH)
    if (
        verb is None
        or verb[0].kind is not Kind.GENERIC
        or _cjk_task(toks, verb[1], _next_cut(toks, after, end)) is not None
    ):
        return False
    return any(
        (found := match(toks, j, end, _NEGATION_AFTER_ONLY)) is not None and found[1] >= after
        for j in range(max(cur + 1, i - _LONGEST_WORD), i)
    )


def _time_phrase(toks: Tokens, i: int, end: int) -> tuple[Kind, int] | None:
    """(BEFORE or AFTER, its end) for a one-word preposition of time, its article and its noun opening a
    verb-last clause that goes on after them ("*vor dem Merge* bitte die Suite laufen lassen"); "bevor",
    "nachdem" open clauses of their own."""
    if toks.language not in LEXICON.verb_last or not toks.has_any(i, _SUBORDINATORS):
        return None
    found = match(toks, i, end, _SUBORDINATORS)
    if found is None or found[1] != i + 1 or i + 2 >= end:
        return None
    if toks.texts[i + 1] not in _DETERMINERS.get(toks.language, _EMPTY):
        return None
    noun = i + 2 if toks.has(i + 2, Kind.OCCASION) else i + 1  # "vor dem *nächsten* Release"
    head = noun_phrase(toks, noun, end, toks.language)
    stop = (
        head.stop if head.kind is not None and head.stop > noun + 1 else noun + 2
    )  # else: one word, its noun
    if stop >= end or toks.kinds[stop] == "punct":
        return None
    segment = _segment_end(toks, stop, end)
    if match_any(toks, stop, segment, Kind.READY, last_only=True) or toks.has_in(
        stop, segment, Kind.STATEMENT
    ):
        return None  # "sobald die Migration fertig ist": a conjunction, its clause ends in its own verb
    return found[0].kind, stop


def _puts_off_before(toks: Tokens, i: int, end: int) -> int | None:
    """Where a postponement at i that closes its sentence or comma segment ends ("la doc *on verra plus
    tard*"): it puts off the work named before it, as a negation after its noun ("tests aren't needed")."""
    found = match(toks, i, end, _NEGATION_AFTER_ONLY)
    if found is None or (found[1] < end and toks.kinds[found[1]] != "punct"):
        return None
    return found[1]


def _skip(toks: Tokens, i: int, end: int, kinds: frozenset[Kind]) -> int:
    masks, mask = toks.masks, _MASKS.get(kinds) or _mask(kinds)
    # The mask test first: most tokens have no entry of `kinds`, and then match is not called at all.
    while i < end and masks[i] & mask and (found := match(toks, i, end, kinds)) is not None:
        i = found[1]
    return i


# -- splitting -----------------------------------------------------------------------------------------


def split(toks: Tokens) -> tuple[list[Clause], list[tuple[int, int]]]:
    """The clauses of a block, and the labels ("Step 1:", "Tests:") found before colons."""
    clauses: list[Clause] = []
    labels: list[tuple[int, int]] = []
    sentence = start = 0
    for i, (text, kind) in enumerate(zip(toks.texts, toks.kinds, strict=True)):
        if kind == "punct" and text in _SENTENCE_END:
            _split_sentence(toks, start, i, sentence, text in "?？", clauses, labels)
            sentence += 1
            start = i + 1
    if start < len(toks):
        _split_sentence(toks, start, len(toks), sentence, False, clauses, labels)
    return clauses, labels


def _split_sentence(
    toks: Tokens,
    start: int,
    end: int,
    sentence: int,
    question: bool,
    clauses: list[Clause],
    labels: list[tuple[int, int]],
) -> None:
    words = toks.texts[start:end]  # the first colon, found by list scans (in C: this runs for every sentence)
    colon = min((start + words.index(mark) for mark in (":", "：") if mark in words), default=None)
    listing = False  # "AC: saved to a file, loaded on startup, unit tested": each comma starts an item
    if colon is not None and colon - start <= LABEL_WORDS and colon + 1 < end:
        labels.append((start, colon))
        listing = _label_asks(toks, start, colon) is Kind.DELIVERABLES
        start = colon + 1
    cur, relation = start, None
    verb = _clause_verb(toks, cur, end)
    splitters = _MASKS.get(_SPLITTERS) or _mask(_SPLITTERS)
    i = start
    plain = (start, start)  # cur, and how far from it no task verb nor negation stands (CJK "and")
    while i < end:
        if i == cur:
            # A request phrase opening the clause is no split point ("your goal is *to help* me ...").
            i = max(i, _skip(toks, cur, end, _LEADING))
            if i >= end:
                break
            if (time := _time_phrase(toks, i, end)) is not None:
                # "Vor dem Merge bitte die Suite laufen lassen": a time said by a preposition is its own
                # subordinate clause; the request after it is the main one
                clauses.append(Clause(cur, time[1], time[0], sentence, question))
                cur = i = time[1]
                continue
        if (
            i + 1 < end
            and toks.texts[i + 1] == ")"
            and _ENUMERATOR.fullmatch(toks.texts[i])
            and (i == start or toks.texts[i - 1] != "(")
        ):
            # "1) design the schema 2) implement it": an inline enumerator, a clause boundary
            if cur < i:
                clauses.append(Clause(cur, i, relation, sentence, question))
            cur, relation, i = i + 2, Kind.CONJUNCTION, i + 2
            verb = _clause_verb(toks, cur, end)
            continue
        if (
            i > cur + 1
            and toks.kinds[i] == "word"
            and match(toks, _skip(toks, cur, i, _SKIPPABLE), i, _CONDITION) is not None
            and LEXICON.pronoun_attached(toks.texts[i], toks.language)
        ):
            # "e se trovi dei bug sistemali": without a comma, the imperative with its pronoun ends the
            # condition and opens the clause it guards
            clauses.append(Clause(cur, i, relation, sentence, question))
            cur, relation = i, Kind.CONJUNCTION
            verb = _clause_verb(toks, cur, end) or verb
            continue
        if (
            i > cur + 2
            and match(toks, _skip(toks, cur, i, _SKIPPABLE), i, _CONDITION) is not None
            and _ends_condition(toks, i, end)
        ):
            # "if something's clearly broken just fix it", "if any of them fail fix it": without a comma, an
            # imperative ends the condition and opens the clause it guards
            clauses.append(Clause(cur, i, relation, sentence, question))
            cur, relation = i, Kind.CONJUNCTION
            verb = _clause_verb(toks, cur, end) or verb
            continue
        if toks.kinds[i] == "punct":
            text = toks.texts[i]
            if text in _ARROWS and _starts_clause(toks, i + 1, end, True):
                if cur < i:  # "refactor -> test -> ship": each arrow starts the next step
                    clauses.append(Clause(cur, i, relation, sentence, question))
                cur, relation, i = i, Kind.THEN, i + 1
                verb = _clause_verb(toks, i, end) or verb
                continue
            if text in _CLOSING:  # "(" or a CJK "（"
                if (gloss := _gloss_end(toks, i, end)) is not None:
                    i = gloss  # "订阅套餐（plan）列表页": a translation, inside its clause
                    continue
                close = next((j for j in range(i + 1, end) if toks.texts[j] == _CLOSING[text]), end)
                if close == i + 2 and _ENUMERATOR.fullmatch(toks.texts[i + 1]):
                    # "(1) add support ..., and (2) add a test": an enumerator, a clause boundary.
                    if cur < i:
                        clauses.append(Clause(cur, i, relation, sentence, question))
                    cur, relation, i = close + 1, Kind.CONJUNCTION, close + 1
                    verb = _clause_verb(toks, cur, end)
                    continue
                if cur < i:
                    clauses.append(Clause(cur, i, relation, sentence, question))
                if i + 1 < close:
                    clauses.append(Clause(i + 1, close, Kind.CONTRAST, sentence, question))
                after = close + 1
                if after < end and toks.texts[after] in _COMMA:
                    after += 1  # "the leak (heap grows), fix it": the comma closes the aside
                cur, relation, i = after, Kind.CONJUNCTION, after
                verb = _clause_verb(toks, cur, end)
                continue
            if (
                text in _COMMA
                and i > cur
                and not _lone_order_word(toks, cur, i)
                and (
                    listing
                    or _starts_clause(toks, i + 1, end)
                    or (_makes(verb) and _task_object(toks, i + 1, end))
                    or _infinitive_clause(toks, i + 1, end, text == ",")
                    or _noun_ruled_out(toks, i + 1, end)
                    or _subject_and_verb(toks, i + 1, end)
                    or (verb is None and _ordered_name(toks, i + 1, end))
                    or (text == "，" and i + 1 < end and toks.kinds[i + 1] == "cjk")  # "，" joins clauses
                    or (toks.kinds[i - 1] == "cjk" and _cjk_tasks_around(toks, cur, i, i + 1, end))
                )
            ):
                clauses.append(Clause(cur, i, relation, sentence, question))
                cur, relation = i + 1, Kind.CONJUNCTION
                verb = _clause_verb(toks, cur, end) or verb
            i += 1
            continue
        if (
            i > cur
            and toks.masks[i] & _FIRST_BIT
            and (closing := match(toks, i, end, _FIRST))
            and closing[1] >= end
        ):
            break  # "benchmark it before you start": an order marker that closes the sentence, no clause
        if (
            toks.language == "ko"
            and (i == cur or toks.texts[i - 1] in _COMMA)
            and (done := _said_done(toks, i, end)) is not None
        ):
            # "다 고치면 테스트": "once all fixed" says the work before is done; what follows comes after it
            if cur < i:
                clauses.append(Clause(cur, i, relation, sentence, question))
            cur = i = done
            relation = Kind.THEN
            continue
        if i == cur and clauses and (approved := _approved(toks, i, end, clauses[-1])) is not None:
            cur = i = approved  # "设计一下，确认后再实现": the user's approval, what follows comes after
            relation = Kind.THEN
            continue
        found = match(toks, i, end, _SPLITTERS) if i > cur and toks.masks[i] & splitters else None
        if found is not None and toks.kinds[i] == "cjk" and _inside_cjk_word(toks, cur, i, found[1]):
            found = None  # "문서" holds no "서", "고쳐" no "고", "后端" no "后", "完成" no "完"
        if found is None:
            i += 1
            continue
        entry, after = found
        if after >= end:
            i = after
            continue
        kind = entry.kind
        if kind is Kind.NEGATION_SPLIT and (put_off := _puts_off_before(toks, i, end)) is not None:
            i = put_off  # "la doc on verra plus tard": the work named before it is put off, no new clause
            continue
        if kind is Kind.THEN and (
            _complement(toks, i, after, end) or _closes_put_off(toks, cur, i, after, end)
        ):
            i = after
            continue
        if kind is Kind.CONJUNCTION and toks.texts[i] == "と" and toks.texts[i - 1] == "へ":
            i = after  # "最新版へと書き換える": "へと" says where to, it joins nothing
            continue
        if kind is Kind.CONJUNCTION and toks.kinds[i] == "cjk":
            # only what follows the last "and" that joined nouns is new: a long run of them stays linear
            since = max(cur, plain[1] - _LONGEST_WORD) if plain[0] == cur else cur
            # "문서는 제외하고": what is ruled out ends its clause all the same
            if (
                not _names_work(toks, since, i)
                and not match_any(toks, since, i, Kind.NEGATION_AFTER)
                and not _objects_of_their_own(toks, cur, since, i, after, end)
            ):
                # "インデントとクォートを統一して", "仕様に合わせて更新": "and" or "-te" after task nouns
                # alone joins the objects or the manner of one verb
                plain = (cur, i)
                i = after
                continue
        if (
            kind in _CONNECTIVES
            and toks.kinds[i] == "cjk"
            # Korean writes "고친 다음에" apart from its verb
            and (toks.starts[i] == toks.ends[i - 1] or script_of(toks.texts[i]) == "hangul")
            and not _opens_with_gate(toks, cur, end)  # "等我确认后再改", "제 확인 후에 구현": no step yet
            # "書き終わったら": a verb said before, then "when done", orders whatever follows ("작성하면서":
            # while doing it, asks nothing new)
            and (
                (repeats := _repeats_verb(toks, cur, i, clauses))
                or _cjk_tasks_around(toks, cur, i, after, end)
            )
            and not (kind is Kind.CONJUNCTION and _second_object(toks, cur, i, after, end))
        ):
            # "原因を調査して修正し", "조사해서 수정하고": a connective ending a verb ends its clause
            if repeats:
                cur, relation = after, kind  # "改成 dataclass，改完跑测试": "改完" orders, asks nothing new
                i = after
                continue
            clauses.append(Clause(cur, after, relation, sentence, question))
            if after < end and toks.texts[after] in _COMMA:
                after += 1  # "実装して、テストを": the comma after the connective belongs to neither
            cur, relation = after, kind  # "작성한 다음에 리팩터링": THEN keeps the order
            verb = _clause_verb(toks, cur, end) or verb
            i = after
            continue
        if kind is Kind.PURPOSE and _postposition(toks, i):
            # "速くなるように", "遅いので", "빨라지도록": Japanese and Korean close a purpose or a reason
            # with it; the clause before it is no step ("ようにして" makes it one: a longer verb)
            if (longer := match(toks, i, end, _VERBISH)) is not None and longer[1] > after:
                i += 1
                continue
            clauses.append(Clause(cur, after, Kind.PURPOSE, sentence, question))
            if after < end and toks.texts[after] in _COMMA:
                after += 1
            cur = i = after
            verb = _clause_verb(toks, cur, end) or verb
            continue
        if (
            kind in (Kind.BEFORE, Kind.AFTER)
            and toks.kinds[i] == "cjk"
            and toks.starts[i] == toks.ends[i - 1]
            and toks.texts[i - 1] in _OBJECT_PARTICLES
            # "추가하기 전에": the "가" of a word is no particle
            and not any(
                (word := match(toks, k, i, _CJK_WORDS)) is not None and word[1] == i
                for k in range(max(cur, i - _PARTICLE_WORD), i - 1)
            )
        ):
            i = after  # "ドキュメントはあとで": after a particle it is "later", no clause ends
            continue
        if (
            kind in (Kind.BEFORE, Kind.AFTER)
            and toks.kinds[i] == "cjk"
            and toks.starts[i] == toks.ends[i - 1]
        ):
            # "リファクタリングする前に、テストで固定", "리팩터링하기 전에 ...": a postposition closes the
            # subordinate clause before it; the main clause follows ("リリース前に" names no work: no cut;
            # "等我确认后再改": after the approval it waits for, what follows is no step of this request)
            if (
                (own := _cjk_task(toks, cur, i)) is None
                or _opens_with_gate(toks, cur, end)
                or _names_time(toks, cur, i)
                # "対応後のテスト", "修复后的代码": "after" modifies a noun
                or (after < end and toks.texts[after] in _CJK_OF)
            ):
                i = after
                continue
            relation = Kind.CONJUNCTION
            previous = clauses[-1] if clauses and clauses[-1].sentence == sentence else None
            if (
                kind is Kind.AFTER
                and i - cur <= _REPEAT_WORDS
                and (
                    (
                        previous is not None
                        and (_cjk_task(toks, previous.start, previous.end) or (None,))[0] is own[0]
                    )
                    or _repeats_verb(toks, cur, i, clauses)
                )
            ):
                relation = Kind.THEN  # "分割して、分割した後で import を": it repeats the step before
            elif (
                kind is Kind.BEFORE
                and i - cur <= _REPEAT_WORDS
                and clauses
                and (
                    (_cjk_task(toks, clauses[-1].start, clauses[-1].end) or (None,))[0] is own[0]
                    or _repeats_verb(toks, cur, i)
                )
            ):
                # "修正してください。修正前に再現テストを": before the step just asked for, no new one
                relation = Kind.BEFORE_PREVIOUS
            elif (
                kind is Kind.AFTER
                and previous is not None
                and _cjk_task(toks, previous.start, previous.end) is not None
            ):
                # "修一下 bug，确认没问题后再跑 e2e": after work in its sentence, the sequence goes on
                clauses.append(Clause(cur, after, Kind.THEN, sentence, question))
            else:
                clauses.append(Clause(cur, after, kind, sentence, question))
            if after < end and toks.texts[after] in _COMMA:
                after += 1
            cur = after
            verb = _clause_verb(toks, cur, end) or verb
            i = after
            continue
        if (
            kind is Kind.CONTRAST
            and toks.language in LEXICON.verb_last
            and cur + 1 == i
            and _clause_verb(toks, cur, i) is not None
        ):
            i = after  # "implementiere aber noch nichts": German puts "aber" after the verb
            continue
        if kind is not Kind.CONJUNCTION and _inside_separable_verb(toks, cur, i, end):
            i = after  # "schlag einen Fix vor": "vor" closes the verb, it opens no clause
            continue
        cut = (
            kind
            in (
                Kind.NEGATION_SPLIT,
                Kind.CONTRAST,
                Kind.PURPOSE,
                Kind.BEFORE,
                Kind.AFTER,
                Kind.BEFORE_PREVIOUS,
            )
            or (
                kind in (Kind.THEN, Kind.LAST)
                # "your last change", "the next release": an adjective after a determiner orders nothing
                # ("everything then" does)
                and (
                    (kind is Kind.THEN and not toks.has(i, Kind.OCCASION))
                    or i == cur
                    or match(toks, i - 1, i, _DETERMINER) is None
                )
                and (
                    (_starts_clause(toks, after, end, True) and not _ends_segment(toks, cur, after, end))
                    or _final_infinitive(toks, cur, i) is not None
                    # "I want an analysis of the settings and then a plan": the next thing wanted (in German
                    # "dann die Tests schreiben" the verb comes after its object)
                    or (
                        kind is Kind.THEN
                        and toks.language not in LEXICON.verb_last
                        and _makes(verb)
                        and _task_object(toks, after, end)
                    )
                )
            )
            or (
                kind is Kind.CONJUNCTION
                and (
                    _starts_clause(toks, after, end)
                    or _final_infinitive(toks, cur, i) is not None  # "Tests schreiben und die Doku ..."
                    or _infinitive_after(toks, after, end)  # "... und dafür ein paar Tests ergänzen"
                    or (
                        _makes(verb)
                        and relation is not Kind.PURPOSE  # "so readers can switch between v1 and v2 docs"
                        and _task_object(toks, after, end)
                        and not _same_noun_before(toks, i, after, end)
                    )
                    or _participles(toks, i, after, end)
                )
            )
            # "reproduce it with a test" is one step, the test that reproduces
            or (
                kind is Kind.WITH
                and _task_object(toks, after, end)
                and not match_any(toks, cur, i, Kind.REPRODUCES)
            )
        )
        if (
            not cut
            or (kind in (Kind.BEFORE, Kind.AFTER) and _inside_gate(toks, cur, i, end))
            or _opens_with_gate(toks, cur, end)
            or (kind in (Kind.BEFORE, Kind.AFTER) and toks.kinds[i] == "cjk" and _names_time(toks, cur, i))
        ):
            i = after
            continue
        clauses.append(Clause(cur, i, relation, sentence, question))
        cur, relation = (after if kind is Kind.WITH else i), kind
        verb = _clause_verb(toks, cur, end) or verb
        i = after
    if cur < end:
        clauses.append(Clause(cur, end, relation, sentence, question))


# What follows a Chinese verb, never a noun that modifies another: demonstratives, "一下", "一个".
_ZH_OBJECT_OPENERS = frozenset({"这", "這", "那", "一", "把", "了"})
# The complements that end a Chinese verb with where its object goes ("挪到", "改成", "放进", "标记为")
_ZH_GOALS = frozenset("到成进進为為")
_ZH_DEMONSTRATIVES = frozenset({"这", "這", "那", "把"})
_ZH_INSIDE = frozenset({"里", "裡", "裏", "中"})
_JAPANESE_PARTICLES = frozenset({"を", "が", "は", "に", "で", "も", "と", "へ", "や"})


def _modifies_noun(toks: Tokens, after: int, end: int) -> bool:
    """Whether the task verb ending at `after` modifies a noun that names no task, with "の" or "用"
    ("フォーマットの選択肢", "解析用のスクリプト"), and a task word follows that noun: that one decides.
    "テストの追加" keeps its test: "追加" is the head."""
    if after >= end or toks.texts[after] not in ("の", "用"):
        return False
    j = after + 1
    while j < end and toks.texts[j] not in _JAPANESE_PARTICLES and toks.kinds[j] != "punct":
        if (hit := match(toks, j, end, _CJK_WORDS)) is not None and hit[0].task is not None:
            return False  # the head itself names a task
        j += 1
    return any(
        (hit := match(toks, k, end, _CJK_WORDS)) is not None and hit[0].task is not None
        for k in range(j, end)
    )


# How a light verb starts after a Latin word: "review一下", "refactorして", "리뷰해", "review 해 주세요".
_LIGHT_VERB_STARTS = frozenset({"一", "下", "し", "す", "さ", "해", "하", "했", "한", "할"})


def _light_verb(toks: Tokens, after: int) -> bool:
    return after < len(toks) and toks.texts[after] in _LIGHT_VERB_STARTS


_SUBJECT_PARTICLES = frozenset({"が", "가", "이"})
# Chinese sentence-final particles: a tone, no word
_ZH_FINAL_PARTICLES = frozenset({"啊", "呢", "吧", "呀", "哦", "嘛", "了", "耶", "哈", "诶"})


def _place_or_means(toks: Tokens, after: int, end: int) -> bool:
    """Whether "で" or "에서" follows the word ending at `after` and a task word comes later."""
    if after + 1 >= end or toks.starts[after] != toks.ends[after - 1]:
        return False
    if toks.texts[after] == "で":
        stop = after + 1
    elif toks.texts[after : after + 2] == ["에", "서"]:
        stop = after + 2
    else:
        return False
    return any(
        (hit := match(toks, j, end, _CJK_WORDS)) is not None and hit[0].task is not None
        for j in range(stop, end)
    )


def _subject_only(toks: Tokens, cue_end: int, end: int) -> bool:
    """Whether the task word of a Japanese or Korean clause is its subject, and no verb asks for work
    ("CI でテストが落ちています", "테스트가 계속 실패해요"): a state, unless it is needed ("テストが必要")."""
    if cue_end >= end or toks.texts[cue_end] not in _SUBJECT_PARTICLES:
        return False
    if match(toks, cue_end, end, _THEN) is not None:
        return False  # "実装が終わったら": when the work is done, the next; the work is asked for
    if toks.starts[cue_end] != toks.ends[cue_end - 1] and toks.kinds[cue_end - 1] == "cjk":
        return False  # "README が古い": a Latin word stands apart from its particle
    return not any(
        (hit := match(toks, j, end, _VERBISH)) is not None and hit[0].task is not None
        for j in range(cue_end + 1, end)
    ) and not match_any(toks, cue_end + 1, end, Kind.REQUEST_OBJECT)


def _reports_done(toks: Tokens, start: int, end: int) -> bool:
    """Whether a CJK clause says its work is done already ("已经", "すでに", "이미"; a Hangul word only
    when it ends there: "이미지" is an image)."""
    for j in range(start, end):
        if (found := match(toks, j, end, _DONE)) is not None and not (
            script_of(toks.texts[j]) == "hangul"
            and found[1] < len(toks)
            and toks.starts[found[1]] == toks.ends[found[1] - 1]
        ):
            return True
    return False


_PAST_REACH = 120  # tokens looked ahead for the end of a sentence: a long one is read as no report
_HANGUL_SSANG_SIOT = 20  # the final "ㅆ" of a Hangul syllable, which marks the past ("했", "었", "났")
_HANGUL_RIEUL = 8  # the final "ㄹ" of a Hangul syllable: "할", "나을" before "지" ask whether
# Endings that tell what happened or goes on: "出ました", "でした", "回しています", "돌리고 있어요"; in a
# document's plain style too ("pytest を使っている", "リファクタリングされた", "docs/ にある", "적혀 있다")
_REPORTING_ENDINGS = (
    ("ま", "し", "た"),
    ("で", "し", "た"),
    ("て", "い", "ま", "す"),
    ("고", "있", "어", "요"),
    ("고", "있", "습", "니", "다"),
    ("て", "い", "る"),
    ("て", "い", "た"),
    ("で", "い", "る"),
    ("さ", "れ", "た"),
    ("に", "あ", "る"),
    ("있", "다"),
)


def _told_in_the_past(toks: Tokens, end: int) -> bool:
    """Whether the Japanese or Korean sentence that the clause ending at `end` belongs to ends in a past or
    an ongoing predicate ("設定を厳しくしたら警告が大量に出ました", "규칙을 강화했더니 경고가 나왔어요"): it
    tells what happened or goes on, and asks for nothing."""
    stop = end
    while stop < len(toks) and toks.texts[stop] not in _SENTENCE_END:
        if stop - end > _PAST_REACH:
            return False
        stop += 1
    tail = tuple(toks.texts[max(0, stop - 5) : stop])
    if any(tail[-len(ending) :] == ending for ending in _REPORTING_ENDINGS):
        return True
    # a Korean past polite ending: "나왔어요", "깨졌습니다"
    if tail[-2:] == ("어", "요"):
        return len(tail) >= 3 and _past_syllable(tail[-3])
    if tail[-1:] == ("다",) and len(tail) >= 2 and len(tail[-2]) == 1 and _past_syllable(tail[-2]):
        return True  # and the plain one of a document: "리팩터링되었다"
    return tail[-3:] == ("습", "니", "다") and len(tail) >= 4 and _past_syllable(tail[-4])


_IF_ENDINGS = (("으", "면"), ("면",))  # "추가했으면 좋겠어요": a wish, no report


def _past_before_connective(toks: Tokens, end: int) -> bool:
    """Whether a Korean clause cut at a connective inside its last word ends in a past syllable ("세 가지
    수정했으니 ...", "구현했는데 ..."): it tells what was done, and asks nothing."""
    return (
        0 < end < len(toks)
        and toks.starts[end] == toks.ends[end - 1]
        and toks.kinds[end - 1] == "cjk"
        and _past_syllable(toks.texts[end - 1])
        and not any(tuple(toks.texts[end : end + len(ending)]) == ending for ending in _IF_ENDINGS)
    )


def _final_consonant(syllable: str) -> int:
    """The final consonant of a Hangul syllable (0: none), -1 for any other character."""
    code = ord(syllable) - 0xAC00
    return code % 28 if 0 <= code < 11172 else -1


def _past_syllable(syllable: str) -> bool:
    """A Hangul syllable ending in "ㅆ" other than "있" (there is) and "겠" (would: "주시겠어요?")."""
    return _final_consonant(syllable) == _HANGUL_SSANG_SIOT and syllable not in ("있", "겠")


def _asks_whether(toks: Tokens, j: int) -> bool:
    """Whether the token at j is the "지" closing a Korean embedded question ("할지", "하는지")."""
    return (
        toks.texts[j] == "지"
        and j > 0
        and (toks.texts[j - 1] == "는" or _final_consonant(toks.texts[j - 1]) == _HANGUL_RIEUL)
    )


def _gloss_end(toks: Tokens, i: int, end: int) -> int | None:
    """After "（" at i that glosses the CJK word before it in Latin letters ("套餐（plan）", "평균 점수(review
    score)"), the token after its "）": a translation names no step."""
    if toks.texts[i] not in _CLOSING or i == 0 or toks.kinds[i - 1] != "cjk":
        return None
    close = i + 1  # the clause may end before the "）" (read() drops closing punctuation)
    while close < len(toks) and toks.kinds[close] == "word":
        close += 1
    if close == i + 1 or close == len(toks) or toks.texts[close] != _CLOSING[toks.texts[i]]:
        return None
    return min(close + 1, max(end, i + 1))


_LOOK_TASKS = frozenset({TaskType.ANALYSIS, TaskType.REVIEW, TaskType.PLANNING})


def _repeats_verb(toks: Tokens, cur: int, i: int, before: list[Clause] | None = None) -> bool:
    """Whether cur..i is a bare verb said before ("改完", "書き換えた後で", "删完" after "删掉"), or one whose
    complement says it is done after a change in `before`'s last clause ("改成 Vue，改好以后"; after
    "查一下原因", "改好之后" asks for the fix): before "then" or "after" it orders the next step, it asks for
    nothing new."""
    if i - cur > _REPEAT_WORDS:
        return False  # the cheap test first: a run-on clause would read its whole prefix at every connective
    found = _cjk_task(toks, cur, i)
    return (
        found is not None
        and found[1] == cur
        # the verb's own endings, or a Chinese complement that finishes it ("改完之后", "改好以后")
        and all(
            script_of(toks.texts[j]) == "hiragana" or toks.has(j, Kind.THEN) or toks.has(j, Kind.COMPLETES)
            for j in range(found[2], i)
        )
        and (
            (
                bool(before)
                and any(toks.has(j, Kind.COMPLETES) for j in range(cur + 1, i + 1))
                and (changed := _cjk_task(toks, before[-1].start, before[-1].end)) is not None
                and changed[0] not in _LOOK_TASKS
            )
            or any(
                toks.texts[k : k + found[2] - cur] == toks.texts[cur : found[2]]
                for k in range(cur - 1, -1, -1)
            )
        )
    )


_APPROVAL = frozenset({Kind.APPROVAL})
_PROPOSALS = frozenset({TaskType.PLANNING, TaskType.ANALYSIS, TaskType.REVIEW, TaskType.DOCUMENTATION})


def _approved(toks: Tokens, i: int, end: int, before: Clause) -> int | None:
    """A confirmation with no subject that opens a clause after a plan, a finding or a text ("方案确认后",
    "確認後に", "확인 후"): the user approves what was proposed, no check to run; the token after it, else
    None (after code, "确认后" checks it)."""
    found = match(toks, i, end, _APPROVAL)
    if found is None or (proposed := _cjk_task(toks, before.start, before.end)) is None:
        return None
    if proposed[0] not in _PROPOSALS:
        return None
    return found[1] + 1 if found[1] < end and toks.texts[found[1]] in _COMMA else found[1]


_KOREAN_VERB_SYLLABLES = 4  # "다 합치면", "다 작성하면": the verb said done, with its conditional ending


def _said_done(toks: Tokens, i: int, end: int) -> int | None:
    """After a Korean "다" (all) that opens a clause, a verb word in its conditional ("다 고치면", "다 쓰면")
    says the work before is done: the token after that word (and after a comma), else None."""
    if not toks.has(i, Kind.COMPLETES) or i + 1 >= end or toks.starts[i + 1] == toks.ends[i]:
        return None
    k = i + 1
    while k + 1 < end and toks.starts[k + 1] == toks.ends[k] and k - i < _KOREAN_VERB_SYLLABLES:
        k += 1
    if (
        not toks.has(k, Kind.DONE_IF)
        or (k + 1 < end and toks.starts[k + 1] == toks.ends[k])
        or match(toks, i + 1, k + 1, _NOUNISH) is not None  # "다 화면에": a noun, no verb
    ):
        return None
    return k + 2 if k + 1 < end and toks.texts[k + 1] in _COMMA else k + 1


def _complement(toks: Tokens, i: int, after: int, end: int) -> bool:
    """Whether a one-character "then" is a verb's complement: "写完测试以后" (having written the tests)
    ends at "以后", not at "完"."""
    if after - i != 1 or script_of(toks.texts[i]) != "han":
        return False
    return any(toks.has(j, Kind.AFTER) for j in range(after, _segment_end(toks, after, end)))


def _postposition(toks: Tokens, i: int) -> bool:
    """Whether the kana or Hangul at i follows the word it closes: a Japanese postposition is written
    onto its word ("遅いので"), a Korean one may stand apart ("개선을 위해")."""
    script = script_of(toks.texts[i])
    return i > 0 and (script == "hangul" or (script == "hiragana" and toks.starts[i] == toks.ends[i - 1]))


def _inside_cjk_word(toks: Tokens, cur: int, i: int, after: int) -> bool:
    """Whether a CJK connective or postposition at i..after is part of a longer word: a noun or a word
    with no task that runs through it ("后端", "完成"), or, in Korean, a word it does not end."""
    hangul = script_of(toks.texts[i]) == "hangul"
    if hangul and not _ends_hangul_word(toks, cur, i, after):
        return True
    for k in range(max(cur, i - 3), i + 1):
        for entry in toks.ents[k]:
            stop = k + len(entry.tokens)
            if (
                # Korean spaces its nouns apart; a word with no task may still run on ("설계하면 좋을지")
                (
                    (entry.kind in _NOUNISH and not hangul)
                    or (entry.kind is Kind.GENERIC and entry.task is None)
                )
                and stop > (i if k < i else after)
                and tuple(toks.texts[k:stop]) == entry.tokens
            ):
                return True
    return False


def _ends_hangul_word(toks: Tokens, cur: int, i: int, after: int) -> bool:
    """Whether the connective at i..after ends its word and no noun runs through it: Korean writes
    spaces between words, and its connective endings end them ("찾아서 고쳐", "넣고")."""
    if after < len(toks) and toks.starts[after] == toks.ends[after - 1]:
        return False
    for k in range(max(cur, i - 3), i):
        word = match(toks, k, after, _NOUNISH)
        if word is not None and word[1] > i:
            return False
    return True


def _inside_separable_verb(toks: Tokens, cur: int, i: int, end: int) -> bool:
    """Whether token i closes the separable verb that opens the clause ("schlag einen Fix *vor*"), or stands
    inside the phrase of its verb in any language ("come up *with* an approach")."""
    opening = match(toks, _skip(toks, cur, end, _LEADING), end, _VERBISH)
    return (
        opening is not None
        and opening[1] > i
        and (opening[0].wildcard if toks.language in LEXICON.verb_last else not opening[0].wildcard)
    )


def _segment_end(toks: Tokens, i: int, end: int) -> int:
    """The next punctuation after i, looked for as far as a noun phrase may run (a CJK run with none is no
    scan to its end from every connective in it)."""
    stop = min(end, i + _PHRASE_REACH)
    return next((j for j in range(i, stop) if toks.kinds[j] == "punct"), stop)


def _ends_segment(toks: Tokens, cur: int, after: int, end: int) -> bool:
    """Whether the verb at `after` is the infinitive that ends its clause ("die Unit-Tests danach
    anpassen"): "danach" then sits inside the clause, it starts none."""
    return (
        toks.language in LEXICON.verb_last
        and after + 1 == _segment_end(toks, after, end)
        and _final_infinitive(toks, cur, after + 1) is not None
    )


def _infinitive_after(toks: Tokens, after: int, end: int, comma: bool = False) -> bool:
    """Whether an object and an infinitive follow "und" ("und dafür ein paar Tests ergänzen", "und das
    reparieren": a determiner right before the verb is a pronoun); a short one ("Tests und Doku
    schreiben") shares the verb. After a comma, a name of work and its verb are a step of their own ("...
    bauen, Tests schreiben, README aktualisieren")."""
    stop = _segment_end(toks, after, end)
    return (
        toks.language in LEXICON.verb_last
        and (
            stop - after >= 3
            or (
                stop - after == 2
                and (
                    toks.texts[after] in _DETERMINERS.get(toks.language, _EMPTY)
                    or (comma and toks.has(after, Kind.NOUN))
                )
            )
        )
        and _final_infinitive(toks, after, stop) is not None
    )


_OCCASION_LEAD = 2  # determiners and prepositions allowed between "before"/"after" and "next"/"every"


def _occasion_end(toks: Tokens, after: int, end: int) -> int | None:
    """Where an event named after "before" or "after" ends, when it dates the clause and asks for no work:
    "every", "last", "next" before its noun ("after *every deploy*", "depois do *último merge*", "vor dem
    *nächsten Release*,"), with a possessive of time ("after *last week's refactor*") and its comma."""
    k = after
    while k < min(end, after + _OCCASION_LEAD) and not toks.has(k, Kind.OCCASION) and toks.kinds[k] == "word":
        k += 1
    if k >= end or not toks.has(k, Kind.OCCASION):
        return None
    stop = k + 2  # the word of time and its noun
    if stop < end and toks.texts[stop - 1].endswith("'s"):
        stop += 1  # "last week's refactor"
    stop = min(stop, end)
    if stop < end and toks.texts[stop] in _COMMA:
        stop += 1
    return stop


def _lone_order_word(toks: Tokens, cur: int, i: int) -> bool:
    """Whether cur..i is "before" or "after" alone, a comma after it ("Antes, documenta ..."): it orders
    what follows against what came before; it opens no subordinate clause."""
    if i >= len(toks):  # the clause ends with the word: no comma after it ("Before" alone)
        return False
    found = match(toks, cur, i + 1, _SUBORDINATORS)
    return found is not None and found[1] == i and toks.texts[i] in _COMMA


def _infinitive_clause(toks: Tokens, after: int, end: int, comma: bool = False) -> bool:
    """Whether a comma is followed by a request of its own in the infinitive (", den Code nicht
    anfassen"), not by a subordinate clause with its subject (", wie wir die Auth umstellen könnten") or
    a relative clause (", die fast dasselbe machen": its pronoun stands alone, no noun follows it)."""
    if not _infinitive_after(toks, after, end, comma):
        return False
    relative = toks.texts[after] in _DETERMINERS.get(toks.language, _EMPTY) and not toks.has_any(
        after + 1, _NOUNISH
    )
    return (
        not relative
        and not toks.has(after, Kind.QUESTION)
        and not match_any(toks, after, _segment_end(toks, after, end), Kind.SUBJECT)
    )


def _noun_ruled_out(toks: Tokens, after: int, end: int) -> bool:
    """Whether a comma is followed by a task noun that the words after it rule out (", the implementation
    can wait", ", a implementação fica para depois"): a clause of its own, which leaves the one before."""
    stop = _segment_end(toks, after, end)
    noun = _first_task_noun(toks, after, min(stop, after + _SUBJECT_WORDS))
    return noun is not None and match_any(toks, noun[2], stop, Kind.NEGATION_AFTER)


# Characters before a CJK connective or comma read to tell whether they name a task: a run of "-te" chunks
# that never splits ("細部まで覚えておいて…" for pages) is then read once, not once per connective.
_CJK_REACH = 64


def _cjk_tasks_around(toks: Tokens, cur: int, i: int, after: int, end: int) -> bool:
    """Whether CJK text names a task both before a connective or comma (cur..i, its last _CJK_REACH
    characters) and after it: then each side is a clause of its own."""
    return (
        _cjk_task(toks, max(cur, i - _CJK_REACH), i) is not None
        and not _japanese_topic(toks, cur, i)
        and _cjk_task(toks, after, _next_cut(toks, after, end)) is not None
    )


_JAPANESE_DEMONSTRATIVES = (["こ", "の"], ["そ", "の"], ["あ", "の"])


def _japanese_topic(toks: Tokens, cur: int, i: int) -> bool:
    """Whether cur..i is "this X" and nothing else, set off by a comma: the topic of what follows
    ("このテストファイル、ケースごとに関数を分けて" splits the file), no step of its own."""
    return toks.texts[cur : cur + 2] in _JAPANESE_DEMONSTRATIVES and all(
        script_of(toks.texts[j]) in ("han", "katakana", "other") for j in range(cur + 2, i)
    )


def _names_work(toks: Tokens, i: int, end: int) -> bool:
    """Whether a verb with a task (not only task nouns) stands in i..end."""
    return any(
        (hit := match(toks, j, end, _VERBISH)) is not None and hit[0].task is not None for j in range(i, end)
    )


def _names_time(toks: Tokens, cur: int, i: int) -> bool:
    """Whether a Japanese or Korean clause before "before" or "after" names a time, not work: a task noun
    and a verb of no task ("PR 머지하기 전에", "リリース前に"). (A Chinese verb comes before its object:
    "找到原因后" finds the cause.)"""
    return not _names_work(toks, cur, i) and toks.kana_or_hangul_in(cur, i + 1)


def _second_object(toks: Tokens, cur: int, i: int, after: int, end: int) -> bool:
    """Whether what follows a Chinese "and" is no clause but a second object, of other work, of a verb before
    it that decides the work ("展示每次 CI 的通过率和失败用例" displays both): it names no work of its own.
    (Japanese and Korean "and" after a verb, "計測して", "찾고", ends its clause whatever follows.)"""
    cut = _next_cut(toks, after, end)
    if toks.kana_or_hangul_in(cur, cut) or _names_work(toks, after, cut):
        return False
    second = _cjk_task(toks, after, cut)
    return any(
        (hit := match(toks, j, i, _VERBISH)) is not None
        and hit[0].kind is Kind.VERB
        and hit[0].task not in (None, second and second[0])
        for j in range(cur, i)
    )


_MODIFIER_PARTICLES = frozenset({"の", "의", "的"})


def _objects_of_their_own(toks: Tokens, cur: int, since: int, i: int, after: int, end: int) -> bool:
    """Whether CJK task nouns of different work joined by "and" (since..i, after..) are each asked for:
    written by one verb whose object decides ("コードとテストを書いて", "README 和测试都补上") or named
    as all that is wanted ("コードとテストだけお願いします", "只要代码和测试", "코드랑 테스트만 주세요");
    a verb that decides the work takes both as its objects ("コードとテストをレビューして")."""
    cut = _next_cut(toks, after, end)
    left, right = _cjk_task(toks, since, i), _cjk_task(toks, after, cut)
    # the nouns stand right beside their "and" ("まとめた" holds no "と" between nouns), and the second is no
    # modifier of a thing after it ("test と lint のターゲット" names targets)
    if left is None or right is None or left[0] is right[0] or left[2] != i or right[1] != after:
        return False
    if right[2] < cut and toks.texts[right[2]] in _MODIFIER_PARTICLES:
        return False
    if not all(
        any(e.kind is Kind.NOUN and e.task is task for e in toks.ents[at]) for task, at, _ in (left, right)
    ):
        return False
    verbs = [hit[0] for j in range(right[2], cut) if (hit := match(toks, j, cut, _VERBISH)) is not None]
    if any(verb.kind is not Kind.GENERIC for verb in verbs if verb.task is not None):
        return False
    return any(verb.task is not None for verb in verbs) or match_any(toks, cur, cut, Kind.RESTRICTS)


def _next_cut(toks: Tokens, i: int, end: int) -> int:
    """The next comma or connective after i, where the text after a connective stops being its clause."""
    for j in range(i + 1, end):
        if toks.kinds[j] == "punct" and toks.texts[j] in _COMMA:
            return j
        if (
            toks.kinds[j] == "cjk"
            and (found := match(toks, j, end, _CONNECTIVES)) is not None
            and not _inside_cjk_word(toks, i, j, found[1])
            # "動くようにして": the "して" of a verb that runs through it ends no clause
            and not any(
                (word := match(toks, k, end, _CJK_WORDS)) is not None and word[1] > j
                for k in range(max(i + 1, j - _PARTICLE_WORD), j)
            )
        ):
            return j
    return end


def _inside_gate(toks: Tokens, cur: int, i: int, end: int) -> bool:
    """Whether a gate phrase that opens the clause runs past token i ("ask me before changing it")."""
    found = match(toks, _skip(toks, cur, end, _LEADING), end, _GATE)
    return found is not None and found[1] > i


def _opens_with_gate(toks: Tokens, cur: int, end: int) -> bool:
    """Whether a CJK clause opens with an approval gate ("等我确认", "제 확인 후"): in Chinese, Japanese and
    Korean the work to do after it follows in the same clause, and waits for the approval."""
    return toks.kinds[cur] == "cjk" and match(toks, _skip(toks, cur, end, _LEADING), end, _GATE) is not None


def _clause_verb(toks: Tokens, i: int, end: int) -> Entry | None:
    """The imperative verb a clause starts with ("formatting, test coverage" starts with none)."""
    start = _skip(toks, i, end, _LEADING)
    found = match(toks, start, end, _VERBISH)
    if found is None or found[0].form is not Form.BASE:
        return None
    if start > 0 and not _reads_as_verb(toks, start, found[1], end, found[0]):
        return None  # ", test coverage, documentation": a list of nouns, not "test" the verb
    return found[0]


def _makes(verb: Entry | None) -> bool:
    """Objects of a verb that makes things are separate steps ("add tests and docs"); those of a verb
    with a task of its own are not ("flag bugs and missing tests" is one review)."""
    return verb is None or verb.kind is not Kind.VERB


def _participles(toks: Tokens, i: int, after: int, end: int) -> bool:
    """ "is implemented and tested": two participles, two steps."""
    return (
        i > 0
        and after < end
        and any(e.kind in _VERBISH and e.form is Form.ED for e in toks.ents[i - 1])
        and any(e.kind in _VERBISH and e.form is Form.ED for e in toks.ents[after])
    )


def _ends_condition(toks: Tokens, i: int, end: int) -> bool:
    """Whether an imperative after a condition without its comma starts at i: after "just" or "then"
    ("if it's broken *just fix* it"), or right after the condition's last word, taking a pronoun or
    determiner ("if any fail *fix the* code"; not "if you fix the code", "if it would fix the bug")."""
    verb = _skip(toks, i, end, _SKIPPABLE)
    imperative = match(toks, verb, end, _VERBISH)
    if imperative is None or imperative[0].form is not Form.BASE or imperative[0].task is None:
        return False
    if verb > i:
        return toks.has_any(i, _ENDS_CONDITION)
    after = imperative[1]
    return (
        after < end
        and (toks.has(after, Kind.OBJECT_PRONOUN) or toks.has(after, Kind.DETERMINER))
        and toks.kinds[i - 1] == "word"
        and not toks.has_any(i - 1, _BEFORE_ITS_VERB)
    )


def _starts_clause(toks: Tokens, i: int, end: int, ordered: bool = False) -> bool:
    """Whether a new request starts at token i ("and *add* tests", "then *refactor*", ", *don't*");
    `ordered`: right after "then"/"finally"."""
    start, i = i, _skip(toks, i, end, _SKIPPABLE)
    if _clitic_verb(toks, i, end):
        i += 1  # "et *les* documenter"
    found = match(toks, i, end, _STARTERS)
    if found is None:
        return False
    entry, after = found
    if entry.kind is Kind.REQUEST_VERB and _kana_or_hangul(toks.texts[i]):
        return False  # "提案してもらえますか": a Japanese or Korean request ending closes its clause
    if entry.kind in _VERBISH:
        ordered = ordered or any(toks.has(j, Kind.THEN) or toks.has(j, Kind.LAST) for j in range(start, i))
        # "and finally update CHANGELOG.md": after "then"/"finally" a verb-or-noun word is the verb
        return _reads_as_verb(toks, i, after, end, entry) or (ordered and entry.form is Form.BASE)
    return True


def _reads_as_verb(toks: Tokens, i: int, after: int, end: int, entry: Entry) -> bool:
    """ "test" in "and test it" is a verb, in "and test coverage" a noun."""
    if entry.form is not Form.BASE:
        return False  # "and tests", "and reviewed", ", covering both approaches": not an imperative
    # A noun of another language is no reading of this word ("diagnose failures": the German "Diagnose")
    languages = (entry.language, toks.language)
    if after - i > 1 or not any(e.kind in _NOUNISH and e.language in languages for e in toks.ents[i]):
        return True
    if after >= end or toks.kinds[after] == "punct" or toks.has(after, Kind.WITH):
        return True  # ", fix with selectinload": a noun takes no "with" right after it at a clause's start
    if entry.task is TaskType.CODING and any(
        toks.has(j, Kind.DEFECT) for j in range(after, min(end, after + 2))
    ):
        return True  # "and fix bugs", "and fix legitimate issues": what is fixed follows (no "fix" has bugs)
    # "fix *das*" in a German block: the block's determiners count as well as the verb's language's
    determiners = _DETERMINERS.get(entry.language, _EMPTY) | _DETERMINERS.get(toks.language, _EMPTY)
    return toks.texts[after] in determiners or toks.kinds[after] in ("code", "placeholder")


def _task_object(toks: Tokens, i: int, end: int) -> bool:
    """Whether a noun phrase that names non-coding work starts at i ("and docs", "with a test")."""
    i = _skip(toks, i, end, _SKIPPABLE)
    if (
        i < end
        and any(e.kind in _VERBISH and e.form in (Form.S, Form.ED) for e in toks.ents[i])
        and not toks.has_any(i, _NOUNISH)
    ):
        return False  # "a job that builds and *publishes* the docs": a verb of the relative clause
    head = noun_phrase(toks, i, end, toks.language)
    if head.kind is Kind.ARTIFACT or (head.kind is Kind.CONTAINER and head.task is None):
        return _target(toks, head.stop, end, toks.language) is not None  # "and an entry in the changelog"
    return head.task is not None and head.task is not TaskType.CODING and head.kind is Kind.NOUN


_BEFORE_ORDERED_NAME = frozenset({Kind.THEN, Kind.LAST, Kind.CONJUNCTION, Kind.FILLER})


def _ordered_name(toks: Tokens, i: int, end: int) -> bool:
    """Whether "then" and a name of work start at i, in a sentence with no verb: "Tests first, *then the
    parser*", "Docstrings ..., *und danach* einmal ruff format drüber" (each name is a step)."""
    named = _skip(toks, i, end, _BEFORE_ORDERED_NAME)
    ordered = toks.has_in(i, named, Kind.THEN) or toks.has_in(i, named, Kind.LAST)
    return ordered and (
        noun_phrase(toks, named, end, toks.language).kind in _THING_NOUNS
        or match(toks, named, end, _THING_NOUNS) is not None  # "ruff format drüber": the name, then its verb
    )


def _subject_and_verb(toks: Tokens, i: int, end: int) -> bool:
    """Whether a work's name and a finite verb start at i: a sentence of its own ("..., *implementation
    comes* next week", "..., *the tests are* fine")."""
    head = noun_phrase(toks, i, end, toks.language)
    return (
        head.kind is Kind.NOUN
        and head.task is not None
        and head.stop < end
        and toks.has(head.stop, Kind.STATEMENT)
    )


def _same_noun_before(toks: Tokens, i: int, after: int, end: int) -> bool:
    """Whether the conjunction at i..after joins two names of the same work inside one object ("a target
    for running the linter and formatter"), not a second object."""
    if i == 0 or after >= end:
        return False
    before = next((e.task for e in toks.ents[i - 1] if e.kind is Kind.NOUN), None)
    return before is not None and noun_phrase(toks, after, end, toks.language).task is before


# -- noun phrases ----------------------------------------------------------------------------------------


class Head(NamedTuple):
    task: TaskType | None
    kind: Kind | None  # NOUN, ARTIFACT, CONTAINER, or None (unknown word)
    start: int  # token range of the head phrase
    end: int
    stop: int  # token after the noun phrase
    part: bool = False  # a part of a document ("the setup page")


def _token_task(text: str, kind: str) -> TaskType | None:
    """What a file path or a command in backticks is about: `docs/api.md`, `make fmt`, `npm test`."""
    inner = text.strip("`")
    if _DOC_PATH.search(inner):
        return TaskType.DOCUMENTATION
    if _TEST_PATH.search(inner):
        return TaskType.TESTING
    if kind == "word" and "/" in inner:  # "the lint/format pass": words of one task joined by a slash
        tasks = {
            next((e.task for e in LEXICON.entries(part) if e.kind in (Kind.NOUN, Kind.VERB)), None)
            for part in inner.split("/")
        }
        return tasks.pop() if len(tasks) == 1 else None
    if kind != "code" or _PATH_ONLY.fullmatch(inner):
        return None  # a path or an endpoint (`/search`, `src/review.py`) names no work; a command has words
    words = tuple(_CODE_WORD.findall(_OPTION.sub(" ", inner)))  # `sync --dry-run` runs no test
    for k, word in enumerate(words):
        if k and word in _CHECK_SCRIPTS:
            return TaskType.TESTING  # `make check`, `bun run validate`: the project's own checks, run
        # The longest tool or task name at each word: `go vet ./...` is a linter, `go test` a test run.
        named = [
            entry
            for entry in LEXICON.entries(word)
            if (
                entry.kind in (Kind.NOUN, Kind.VERB)
                or (entry.kind is Kind.WEAK and entry.task is TaskType.TESTING)  # `make verify`
            )
            and entry.task is not None
            and words[k : k + len(entry.tokens)] == entry.tokens
        ]
        if named:
            task = max(named, key=lambda entry: len(entry.tokens)).task
            return task if task is not TaskType.CODING else None
    return None


def _adverb(toks: Tokens, j: int) -> bool:
    word = toks.texts[j]
    return toks.has(j, Kind.ADVERB) or (len(word) > 4 and word.endswith("ly") and not toks.ents[j])


# Tokens a noun phrase may run to: a CJK run with no boundary word is read once per clause, not to its end
# from every connective in it.
_PHRASE_REACH = 64


def noun_phrase(toks: Tokens, i: int, end: int, language: str, writer: bool = True) -> Head:
    """The head of the noun phrase at i (see _head). The last one is kept: a clause whose verb writes asks
    for its object's head twice, for its task and for what "it" may refer to later."""
    key = (i, end, language, writer)
    last = toks.last_head
    if last is not None and last[0] == key:
        return last[1]
    head = _head(toks, i, min(end, i + _PHRASE_REACH), language, writer)
    toks.last_head = key, head
    return head


def _head(toks: Tokens, i: int, end: int, language: str, writer: bool) -> Head:
    """The head of the noun phrase at i: its last noun before a boundary word or punctuation.

    A task noun modifying a thing to build does not make the phrase that task ("a test mode toggle" is
    a toggle); a container noun takes its task from its modifiers ("a CHANGELOG entry") or from its "of"
    phrase ("a set of tests"). With a verb that writes, a part of a document is documentation ("a README
    section", "the logging section of CONTRIBUTING.md").
    """
    boundaries = _BOUNDARIES.get(language, _EMPTY)
    determiners = _DETERMINERS.get(language, _EMPTY)
    j = i
    while j < end and (toks.texts[j] in determiners or toks.masks[j] & _ADVERB_BIT):
        # "schreibe zuerst die Tests", "mach *am Ende* ein Review": an adverb of several words as a whole
        adverb = match(toks, j, end, _ADVERBS) if toks.masks[j] & _ADVERB_BIT else None
        j = adverb[1] if adverb is not None else j + 1
    i = j
    found: list[tuple[Entry | TaskType, int, int]] = []
    last_word = -1
    while j < end:
        text = toks.texts[j]
        if toks.kinds[j] == "punct" or (text in boundaries and j > i):
            break
        if j > i and toks.masks[j] & _NEEDED_BY_BIT and match(toks, j, end, _NEEDED_BY) is not None:
            break  # "el parser *necesita* tests": what the subject needs follows it
        if found and text in _RELATIVE_SUBJECTS and language == "en":
            break  # "the tests you wrote": a relative clause without "that"
        hit = match(toks, j, end, _NOUNISH)
        if hit is not None:
            found.append((hit[0], j, hit[1]))
            last_word = hit[1] - 1
            j = hit[1]
            continue
        if found and (
            (
                text.endswith("ing")
                and len(text) > 4
                and not (  # a gerund that modifies the noun after it
                    j + 1 < end and toks.texts[j + 1] not in determiners and toks.has_any(j + 1, _THING_NOUNS)
                )
            )
            or toks.kinds[j] == "cjk"
            or toks.masks[j] & (_STATEMENT_BIT | _REQUEST_AFTER_BIT)  # "Tests *fehlen* noch"
        ):
            # "an ADR explaining why ...", "READMEを書いて": a participle or a particle ends it (but
            # "a docs versioning dropdown" goes on)
            break
        if toks.kinds[j] == "code" or "/" in text or "." in text:
            special = _token_task(text, toks.kinds[j])
            if special is not None:
                found.append((special, j, j + 1))
                last_word = j
                j += 1
                continue
        if not (_adverb(toks, j) or text.isdigit()):  # "rerun the suite 20 times"
            last_word = j
        j += 1
    if not found:
        return Head(None, None, j, j, j)
    if language in LEXICON.head_first:
        # "escreva testes automatizados": the head comes first; what follows it modifies it.
        found.reverse()
    elif found[-1][2] - 1 != last_word:
        return Head(None, None, j, j, j)
    head, start, stop = found[-1]
    if isinstance(head, TaskType):
        return Head(head, Kind.NOUN, start, stop, j)
    part = toks.has(start, Kind.PART)
    if ((part and toks.texts[start] not in _POINTERS) or head.kind is Kind.CONTAINER) and writer:
        # "a README section" is documentation; "the docs site navbar" is a component to build.
        for _, mstart, mstop in found[:-1]:
            if _is_place(toks, mstart, mstop):
                return Head(TaskType.DOCUMENTATION, Kind.NOUN, mstart, stop, j)
        of = j
        for _ in range(_OF_HOPS):  # "la sección *de instalación* del README": a modifier may come first
            if not (of + 1 < end and toks.texts[of] in _OF):
                break
            inner = noun_phrase(toks, of + 1, end, language, writer)
            if inner.task is TaskType.DOCUMENTATION and inner.kind is Kind.NOUN:
                return inner._replace(start=start)
            if inner.task is not None or inner.stop <= of + 1:
                break
            of = inner.stop
    if head.kind is Kind.CONTAINER:
        for modifier, mstart, mstop in reversed(found[:-1]):
            task = modifier if isinstance(modifier, TaskType) else modifier.task
            if (isinstance(modifier, TaskType) or modifier.kind is Kind.NOUN) and task is not TaskType.CODING:
                return Head(task, Kind.NOUN, mstart, mstop, j)
        if j < end and toks.texts[j] in _OF:
            inner = noun_phrase(toks, j + 1, end, language, writer)
            if inner.task is not None:
                return inner
        return Head(None, Kind.CONTAINER, start, stop, j, part)
    task = TaskType.CODING if head.kind is Kind.ARTIFACT else head.task
    return Head(task, head.kind, start, stop, j, part)


def _is_place(toks: Tokens, start: int, stop: int) -> bool:
    words = tuple(toks.texts[start:stop])
    return any(e.kind is Kind.PLACE and e.tokens == words for e in toks.ents[start])


def _target(
    toks: Tokens, stop: int, end: int, language: str, task: TaskType = TaskType.DOCUMENTATION
) -> Head | None:
    """ "... to the README", "... in the API reference": the work lands in documentation (or, for
    `task` testing, "... in the tests": in the test code)."""
    if stop + 1 < end and toks.texts[stop] in _ABOUT and toks.texts[stop + 1] in _PRONOUNS:
        stop += 2  # "a line about it in the README"
    elif stop < end and (toks.texts[stop] in _ABOUT or toks.texts[stop] in _OF or toks.texts[stop] == "der"):
        # "a section about `~/.toolrc` to the README", "la nota *de la versión* en el CHANGELOG",
        # "eine Zusammenfassung *der Änderungen* ins CHANGELOG"
        stop = noun_phrase(toks, stop + 1, end, language).stop
    elif stop + 1 < end and (
        toks.texts[stop] in _PRONOUNS or toks.texts[stop] in _DETERMINERS.get(language, _EMPTY)
    ):
        stop += 1  # "explain it in the docstring", "erklär sie in der README" (German "sie" is a determiner)
    if stop < end and toks.texts[stop] in _TARGETS:
        verb = match(toks, stop + 1, end, _VERBISH)
        if verb is not None and verb[0].language == language:
            # "to run the test suite" is a purpose, not a place ("nella docstring": English "docstring" is
            # no Italian verb)
            return None
        target = noun_phrase(toks, stop + 1, end, language)
        if target.task is task and target.kind is Kind.NOUN:
            return target
    return None


def _first_task_noun(toks: Tokens, i: int, end: int) -> tuple[TaskType, int, int] | None:
    """The first task noun in i..end, preferring any task over coding ("make sure the code passes the
    linter" is about the linter)."""
    coding = None
    j = i
    while j < end:
        hit = match(toks, j, end, _TASK_NOUN)
        if hit is None:
            special = _token_task(toks.texts[j], toks.kinds[j]) if toks.kinds[j] == "code" else None
            if special is not None and special is not TaskType.CODING:
                return special, j, j + 1  # "make sure `dart format` passes"
            j += 1
            continue
        if hit[0].task is not TaskType.CODING:
            return hit[0].task, j, hit[1]  # type: ignore[return-value]
        coding = coding or (TaskType.CODING, j, hit[1])
        j = hit[1]
    return coding


_PASSIVE = frozenset({Kind.PASSIVE})
_CONDITION = frozenset({Kind.CONDITION})
_ENDS_CONDITION = frozenset({Kind.FILLER, Kind.THEN})
# What stands right before a verb that is not an imperative ("if *you* fix", "if it *would* fix", "*to* fix")
_BEFORE_ITS_VERB = frozenset(
    {Kind.SUBJECT, Kind.AUX, Kind.PASSIVE, Kind.NEGATION, Kind.DETERMINER, Kind.CONJUNCTION, Kind.CLITIC}
)


def _preposition_between(toks: Tokens, i: int, end: int) -> bool:
    """Whether a preposition stands between a passive's helper and its participle: "the code has drifted
    *from* the deployed state" asks for no deploy, "get the change reviewed" asks for a review."""
    return any(toks.has(k, Kind.BOUNDARY) and not toks.has(k, Kind.PASSIVE) for k in range(i, end))


def _participle(toks: Tokens, i: int, end: int, plain: bool) -> tuple[TaskType, int, int] | None:
    """A task verb as a requested participle: "get the change reviewed", "needs to be documented".
    `plain`: also a bare passive ("once the endpoint is implemented"), in subordinate clauses."""
    for j in range(i, end):
        task = next(
            (
                e.task
                for e in toks.ents[j]
                if e.kind in _VERBISH and e.form is Form.ED and len(e.tokens) == 1 and e.task is not None
            ),
            None,
        )
        if task is None:
            continue
        # the whole phrase, not only its first word: "da" opens Portuguese "dá uma" but "o numero *da* issue
        # criada" holds no passive
        passive = next(
            (
                k
                for k in range(max(i, j - 4), j)
                if match(toks, k, j, _PASSIVE) is not None and not _preposition_between(toks, k + 1, j)
            ),
            None,
        )
        if passive is not None and passive > 0 and toks.has(passive - 1, Kind.RELATIVE):
            continue  # "the terms that need to be added": what the noun is, not work asked for
        if plain or passive is not None:
            if not plain and j > i and toks.has(j - 1, Kind.DONE):
                return None  # "the CLI has been moved to its own repository"
            if j > i and match(toks, j - 1, j, _SUBJECT) is not None:
                return None  # "the refactor you did": the subject's own past action, not a passive
            if toks.language in LEXICON.head_first and all(e.kind is not Kind.VERB for e in toks.ents[j]):
                # A Romance subject may follow its generic participle: "vanno aggiunti *i test*".
                subject = noun_phrase(toks, j + 1, end, toks.language)
                if (
                    subject.kind is Kind.NOUN
                    and subject.task is not None
                    and toks.texts[j + 1] not in _BOUNDARIES.get(toks.language, _EMPTY)  # "aggiornato con"
                ):
                    return subject.task, j, subject.end
            return task, j, j + 1
    return None


def _strong_verb(toks: Tokens, i: int, end: int) -> tuple[Entry, int, int] | None:
    """The first verb that decides a task, anywhere in i..end ("ask the team to review it")."""
    for j in range(i, end):
        hit = match(toks, j, end, _TASK_VERB)
        if hit is not None and hit[0].form is Form.BASE:
            return hit[0], j, hit[1]
    return None


# -- reading one clause ----------------------------------------------------------------------------------


def skip_mentions(toks: Tokens, i: int, end: int) -> int:
    """The first token at or after i that is no mention ("@claude please review this PR")."""
    while i < end and toks.kinds[i] == "mention":
        i += 1
    return i


def _manner_adverb(toks: Tokens, i: int, end: int) -> bool:
    """An English -ly adverb before an imperative ("thoroughly test it"): no verb itself, a verb next."""
    word = toks.texts[i]
    return (
        len(word) > 4
        and word.endswith("ly")
        and toks.kinds[i] == "word"
        and i + 1 < end
        and not any(toks.has(i, kind) for kind in _VERBISH)
        and any(toks.has(i + 1, kind) for kind in _VERBISH)
    )


def _used_for(toks: Tokens, i: int, after: int, end: int) -> int | None:
    """Where the work starts in "use <tool> to <verb> ..." opening at i (None: no verb after its "to")."""
    if after - i != 1 or toks.texts[i] not in _USE:
        return None
    for j in range(after, min(end - 1, after + _TOOL_OBJECT)):
        if toks.texts[j] == "to":
            verb = match(toks, j + 1, end, _VERBISH)
            return j + 1 if verb is not None and verb[0].form is Form.BASE else None
    return None


def read(text: str, toks: Tokens, clause: Clause, ctx: Context) -> Reading | None:
    """What the clause asks for, or None when it asks for nothing (context, meta, a purpose)."""
    start, end = skip_mentions(toks, clause.start, clause.end), clause.end
    while end > start:
        # "add a unit test for X and," — the dangling "and" belongs to the next clause
        if toks.kinds[end - 1] == "punct":
            end -= 1
        elif (conjunction := _dangling_conjunction(toks, start, end)) is not None:
            end = conjunction
        else:
            break
    if start >= end or clause.relation is Kind.PURPOSE:
        return None
    if (
        start > 0
        and toks.texts[start - 1] in _COMMA
        and match(toks, start, end, _PURPOSE_AFTER) is not None
        and _names_work(toks, _sentence_start(toks, start), start - 1)
    ):
        # "配上缓存，让 CI 快一点": what the work is for ("让这个页面快一点" alone asks for it, and so does
        # "接口太慢了，让它快一点" after a statement)
        return None
    if toks.language in _CJK_LANGUAGES and (
        _reports_done(toks, start, end) or _told_in_the_past(toks, end) or _past_before_connective(toks, end)
    ):
        return None  # "测试已经都过了", "テストはすでに通っています": reports what is done
    if (
        toks.language in _CJK_LANGUAGES
        and match_any(toks, start, end, Kind.WISH)
        and _prepared_after(toks, end)
    ):
        return None  # "メモリを減らしたいです。どこで食っているか調べて": the goal the next step prepares
    if toks.language in _CJK_LANGUAGES and _weighed_option(toks, start, end) and _weighed_after(toks, end):
        return (
            None  # "キャッシュを導入するか、SQL の最適化で十分か、検討して": an option the next step weighs
        )
    flags: dict[str, object] = {}
    negated = implicit = question = False
    optional = False
    condition: str | None = None
    i = start
    content = start  # first token of the step's text
    subject_ok = False  # a subject pronoun may follow ("before *you* implement")
    while i < end:
        found = match(toks, i, end, _PREFIX)
        if found is None:
            if _manner_adverb(toks, i, end):
                i = content = i + 1  # "Critically analyze the claims", "Carefully review the diff"
                continue
            if subject_ok and (subject := match(toks, i, end, _SUBJECT)) is not None:
                if "subordinate" in flags and toks.has(i, Kind.OWN_SUBJECT):
                    return None  # "before I apply it", "after we moved to React 18": context
                i = content = subject[1]
                flags["subject"] = True
                continue
            if _clitic_verb(toks, i, end, subject_ok or clause.relation in _COORDINATED):
                i += 1  # "tu peux *le* tester", "et *les* documenter": the verb follows its pronoun
                continue
            break
        entry, after = found
        kind = entry.kind
        if (
            kind is Kind.OPTIONAL
            and after < end
            and toks.kinds[after] == "word"
            and not _starts_clause(toks, after, end)
            and (condition_cue := match(toks, i, end, _CONDITION)) is not None
        ):
            # "if any (of them) fail, fix it": a word after "if any" makes it its verb's subject, not "if
            # there are any"
            entry, after = condition_cue
            kind = entry.kind
        if kind in _WISHES and toks.has(i, Kind.GOAL):
            flags["goal"] = match(toks, i, end, _GOAL) is not None  # "we want to", "queremos", "vogliamo"
        if kind in _VERBISH:
            if clause.question and _question_not_verb(toks, i):
                # French "Comment fonctionne le cache ?" asks how; it is no English "comment"
                question = True
                i = content = i + 1
            break
        if flags.get("story") and kind in (Kind.REQUEST_VERB, Kind.REQUEST_OBJECT):
            # "As an admin I want to bulk-deactivate users": what the role wants is a feature ("I want | to
            # see ..." may end the clause at a purpose word: the want is then the step's text)
            return Reading(
                TaskType.CODING, _span(toks, after if after < end else i, end), _text(text, toks, i, after)
            )
        if kind is Kind.STORY:
            # the role's name runs up to its "I"/"we" ("As a support agent I want ...")
            who = next((j for j in range(after, min(after + 5, end)) if match(toks, j, end, _SUBJECT)), None)
            if who is None:
                break
            flags["story"] = True
            i = content = who
            continue
        if kind is Kind.GATE:
            return Reading(None, _span(toks, start, end), "", gate=True)
        if (
            kind in (Kind.META, Kind.RULE)
            and not ctx.instructions
            and (work := _used_for(toks, i, after, end)) is not None
        ):
            i = content = work  # "use the `gh` CLI to review the PR": the review
            break
        if kind is Kind.META or kind is Kind.PURPOSE:
            return None
        if kind is Kind.ROLE and not any(e.form is Form.ING for e in toks.ents[after] if after < end):
            return None  # "You are a senior engineer": who, not what
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
        elif kind in (Kind.BEFORE, Kind.AFTER) and _lone_order_word(toks, i, after):
            # "Antes, documenta ...", "Después, ...": "before" or "after" with nothing of its own
            flags["before_previous" if kind is Kind.BEFORE else "then"] = True
            after += 1  # and its comma
        elif kind in (Kind.BEFORE, Kind.AFTER) and (dated := _occasion_end(toks, after, end)) is not None:
            i = content = dated  # "after every deploy", "Vor dem nächsten Release schreib ...": a date
            continue
        elif kind in (Kind.BEFORE, Kind.AFTER):
            flags["subordinate"] = kind
            waits_for = match(toks, after - 1, after, _VERBISH) if after - i > 1 and after < end else None
            if (
                waits_for is not None
                and waits_for[0].form in (Form.BASE, Form.ING)
                and toks.kinds[after] == "word"
            ):
                # "when you finish the migration, ...": the phrase ends in the verb of the work it waits for
                i = content = after - 1
                break
        elif kind is Kind.BEFORE_PREVIOUS:
            flags["before_previous"] = True
        elif kind is Kind.OPTIONAL:
            optional, condition = True, _text(text, toks, i, after)
        elif kind is Kind.CONDITION:
            then = next((k for k in range(after, end) if toks.has(k, Kind.CONDITION_THEN)), end)
            if then < end and _names_work(toks, then + 1, end):
                # "如果是内存 limit 设太小了就直接调大": the condition ends at "就", its request follows
                optional, condition = True, _text(text, toks, after, then)
                i = content = then + 1
                continue
            if after < end:
                return Reading(
                    None,
                    _span(toks, i, end),
                    "",
                    condition_only=True,
                    condition=_text(text, toks, after, end),
                    topic=_topic(toks, after, end, head_only=False),
                )
        elif kind is Kind.REQUEST_OBJECT or (
            kind is Kind.REQUEST_VERB and _asks_for_thing(toks, entry, i, after, end)
        ):
            if _own_work(toks, i, after, end):
                return None
            if (wanted := _wanted_done(toks, after, end)) is not None:
                return Reading(wanted[0], _span(toks, after, end), _text(text, toks, wanted[1], wanted[2]))
            implicit = True
            # "je veux *juste* comprendre ...", "voglio *solo* capire ...": a wish narrowed to one thing
            i = content = _skip(toks, after, end, _FILLERS)
            break
        elif kind is Kind.REQUEST_VERB and _own_work(toks, i, after, end):
            return None
        elif kind is Kind.REQUEST_VERB:
            flags["wish"] = toks.has(after - 1, Kind.SUBJECT)  # "if someone *reviewed* it": a past verb asks
        elif kind in (Kind.QUESTION, Kind.QUESTION_PLANNING):
            question = (
                clause.question or (clause.relation is None and match(toks, after, end, _AUX) is not None)
            ) and not (
                # "어떤 구조가 좋을지 제안해 주시겠어요?": a polite request asks for the work
                toks.language in _CJK_LANGUAGES and match_any(toks, after, end, Kind.REQUEST_VERB)
            )
            if kind is Kind.QUESTION_PLANNING and question:
                return Reading(
                    TaskType.PLANNING, _span(toks, i, end), _text(text, toks, i, after), question=True
                )
            break
        subject_ok = kind in (Kind.BEFORE, Kind.AFTER, Kind.REQUEST_VERB, Kind.NEGATION, Kind.FILLER)
        i = content = after
    if i >= end:
        if flags.get("before_previous"):
            return Reading(None, _span(toks, start, end), "", before_previous=True)
        return Reading(None, _span(toks, start, end), "", negated=True) if negated else None
    if flags.get("subordinate") is Kind.AFTER and flags.get("subject") and _state_then_request(toks, i, end):
        # "once it's approved implement them": with no comma, the request follows the state it waits for
        del flags["subordinate"]
        flags["then"] = True
        i = content = i + 1
    if "negation" in flags:
        content = flags["negation"]  # type: ignore[assignment]
    if ctx.instructions and match_any(toks, i, end, Kind.RULE_INSIDE):
        return None

    # "リファクタリングする前に": a postposition closed the clause (see _split_sentence)
    subordinate = flags.get("subordinate") or (
        clause.relation if clause.relation in (Kind.BEFORE, Kind.AFTER) else None
    )
    verb = match(toks, i, end, _VERBISH)
    if (verb is None or verb[0].form is not Form.BASE) and _asking_label(toks, start) is Kind.DELIVERABLES:
        # "AC: ..., unit tested, documented in the runbook": each item names a deliverable, no imperative
        task, cue_start, cue_end = _deliverable(toks, i, end)
        # "Outcome: a written recommendation, no code": an item ruled out is none
        ruled_out = negated or match(toks, i, end, _NEGATION_OBJECT) is not None
        return Reading(
            task, _span(toks, content, end), _text(text, toks, cue_start, cue_end), negated=ruled_out
        )
    if clause.question and verb is not None and toks.texts[i] in _DO and match(toks, verb[1], end, _SUBJECT):
        # "Do we log user passwords anywhere?": "do" asks; it is not the verb "do"
        return Reading(TaskType.ANALYSIS, _span(toks, i, end), _text(text, toks, i, verb[1]), question=True)
    trailing_negation = _negated_after(toks, i, end)  # "tests aren't needed"
    # "Tests would be nice.": the wish after the name of the work asks for it ("Node 18 is required" does not)
    implicit = (
        implicit
        or (
            not trailing_negation
            and match_any(toks, i + 1, end, Kind.REQUEST_AFTER)
            and noun_phrase(toks, i, end, toks.language).kind is Kind.NOUN
        )
        or _asking_label(toks, start) is not None  # "Needs: a design for the job queue first, the impl, ..."
    )
    licensed = negated or implicit or i > start  # "start by *reading* through the code"
    # "once you've *added* it", "if someone *reviewed* it": a past form follows a subordinator or a wish
    past_ok = subordinate is not None or bool(flags.get("wish"))
    if verb is not None and not question and not _imperative(verb[0], ctx, past_ok, licensed):
        verb = None  # "Tests are missing", "Fuzzing runs nightly": a subject, not an imperative
    # "..., test coverage, documentation" lists nouns; "## Test Structure" names a topic.
    noun_context = (
        (clause.relation is Kind.CONJUNCTION and toks.all_have(start, i, Kind.CONJUNCTION))  # ", and review"
        or ctx.block_kind == "heading"
        or (start > 0 and toks.texts[start - 1] in _CLOSING)  # an aside names a thing: "(review score)"
    )
    if verb is not None and noun_context and not _reads_as_verb(toks, i, verb[1], end, verb[0]):
        verb = None
    final, final_end = _final_infinitive(toks, i, end, _shares_subject(toks, clause)), end
    if final is None and verb is None and toks.language in LEXICON.verb_last:
        # "Kannst du mir erklären, wie ...": the infinitive ends the main clause, before its comma
        comma = next((j for j in range(i + 1, end) if toks.texts[j] == ","), None)
        if comma is not None and (final := _final_infinitive(toks, i, comma)) is not None:
            final_end = comma
    if final is not None:
        final_end = _infinitive_end(toks, i, final_end)  # the object runs up to the verb itself
    if final is not None and i == start and match_any(toks, i + 1, final_end - 1, Kind.REQUIREMENT):
        final = None  # "Die Suche soll Teilwörter finden": what the code must do, not a request to find
    if final is not None and match_any(toks, i, final_end - 1, Kind.DONE):
        final = None  # "Den Code hat ein Werkstudent geschrieben": it reports what was done
    if final is not None and toks.has(start, Kind.OWN_SUBJECT) and toks.has(final_end - 1, Kind.OWN_WORK):
        final = None  # "Ich will den erst selbst lesen": what the user will do, as "I want to read it first"
    if verb is not None and final is not None and verb[0].language not in LEXICON.verb_last:
        verb = None  # "Code formatieren": "code" opens a German clause as a noun
    if verb is None and not question and toks.kinds[i] == "word" and not toks.ents[i]:
        typo = LEXICON.fuzzy_verb(toks.texts[i], toks.language)
        if typo is not None:
            verb = (typo, i + 1)  # "implment the meter"
    if verb is not None and (
        toks.kinds[i] == "cjk" or (toks.language in _CJK_LANGUAGES and "cjk" in toks.kinds[i:end])
    ):
        # read by _cjk_task: a CJK clause's first word often modifies ("分析ダッシュボード", "importの順番")
        verb = None
    if (
        subordinate is Kind.AFTER
        and verb is not None
        and verb[0].kind is Kind.GENERIC
        and len(verb[0].tokens) == 1
        and not toks.has(i, Kind.CONFIDENT)
        and (verb[1] == end or (verb[1] + 1 == end and toks.texts[verb[1]] in _PRONOUNS))
    ):
        return None  # "once you get it, add a docstring", "once it's done": the work said before
    task: TaskType | None
    cue_start, cue_end = i, i
    weak = noun_led = passive = now = lacks = False
    if question and (verb is None or not clause.question):
        task = TaskType.ANALYSIS
        cue_end = min(i + 1, end)
    elif (
        verb is not None
        and verb[0].kind is Kind.WEAK
        and clause.question
        and _first_task_noun(toks, verb[1], end) is None
    ):
        # "can you check whether they are pooled?" asks; "can you ..., make sure tsc passes?" runs a check
        task, cue_end = TaskType.ANALYSIS, verb[1]
    elif verb is not None:
        entry, after = verb
        if entry.kind is Kind.VERB and (check := _checks_that(toks, entry, after, end)) is not None:
            entry = check  # "check the spans show up in Jaeger": "check that ...", a check of the work
        task, cue_start, cue_end, weak = _verb_task(toks, i, after, end, entry, ctx)
        if (
            task is None
            and entry.kind is Kind.GENERIC
            and after < end
            and toks.kinds[after] != "code"  # `git status` was read as a command and names no task
            # the purpose after the clause, or closing it ("lance la CI pour vérifier")
            and (_checks_the_work(toks, clause.end) or _checks_the_work(toks, after))
        ):
            task = TaskType.TESTING  # "run molecule afterwards to check nothing broke": a run that checks
        if task is None:
            return Reading(None, _span(toks, start, end), "", negated=True) if negated else None
    elif (
        "cjk" in toks.kinds[i:end]
        and clause.question
        and match_any(toks, i, end, Kind.QUESTION)
        # "어떤 구조가 좋을지 제안해 주시겠어요?": a polite request still asks for the work
        and not match_any(toks, i, end, Kind.REQUEST_VERB)
    ):
        task, cue_end = TaskType.ANALYSIS, end  # "CI上的集成测试为什么老是超时？": a question asks why
        question = True
    elif "cjk" in toks.kinds[i:end]:
        bug = not ctx.instructions and _closing_bug(toks, i, end)
        found_cjk = (
            (TaskType.CODING, i, end)
            if bug
            else _cjk_task(toks, i, end) or _caused(toks, i, end) or _command_run(toks, i, end)
        )
        if found_cjk is None and not ctx.instructions and _bare_question(toks, start, end):
            # "このクエリ、インデックス効いてますか？", "这个查询走索引了吗？": a yes-or-no question about the
            # code, with no work named, asks to find out
            cue = _text(text, toks, i, end)
            return Reading(TaskType.ANALYSIS, _span(toks, start, end), cue, question=True)
        if found_cjk is None:
            return None
        if _describes(toks, i, end):
            return None  # "このスクリプトは変更履歴を生成します": what a tool does ("The script generates")
        if any(
            (kept := match(toks, j, end, _KEEPS_BEHAVIOUR)) is not None and kept[1] > found_cjk[1]
            for j in range(i, found_cjk[1] + 1)
        ):
            return None  # "挙動は変えないこと": the behaviour kept, no change asked ("keep the behaviour")
        remark = bug or (not ctx.instructions and _closing_lack(toks, i, end, found_cjk))
        if not remark and _subject_only(toks, found_cjk[2], end):
            return None
        task, cue_start, cue_end = found_cjk
        # "버그를 수정한다", "修复这个错误": a defect named makes the generic verb a fix, as English "fix"
        weak = (
            not remark
            and _cjk_default(toks, found_cjk)
            and not (task is TaskType.CODING and match_any(toks, i, end, Kind.DEFECT))
            # "コードを修正して", "修改代码": the object names the verb's work, as in "update the code"
            and not _object_names(toks, i, end, found_cjk)
        )
        if weak and (command := _command_run(toks, i, end)) is not None:
            # "`npm test` を実行して確認": the check is of the command run, which names the work
            (task, cue_start, cue_end), weak = command, False
        if (earlier := _object_said_before(toks, i, end, found_cjk)) is not None:
            task = earlier  # the cue stays the verb: the step's text is this clause
        if not remark and (
            _chinese_statement(toks, i, end, cue_start, cue_end) or _polite_statement(toks, end, found_cjk)
        ):
            if (caused := _caused(toks, i, end)) is None:
                return None  # "E2E测试不稳定", "代码太乱了", "コードだと競合が起きそうです": context
            task, cue_start, cue_end = caused  # "让单元测试在 CI 上也能跑": the state is to be made so
        lacks = remark  # "テストがないですね" holds the "ないで" of "しないで", and negates nothing
        # "逻辑别改", "其他不要动": Chinese puts the topic first, the negation right before its verb
        negated = negated or any(
            (hit := match(toks, j, cue_start, _NEGATION)) is not None
            and hit[1] == cue_start
            and not _inside_taskless_word(toks, i, j)  # "日志级别调低": "级别" (level) holds no "别"
            for j in range(max(i, cue_start - _NEGATION_REACH), cue_start)
        )
        # a list item or a heading that only names a thing ("**变更日志** (`CHANGELOG.md`)"); in running text
        # an unknown verb may stand beside the noun ("跑一下 prettier")
        # as does a label before its value ("**知识覆盖率**: 95%")
        labels = cue_end < len(toks) and toks.texts[cue_end] in _LABEL_COLONS
        noun_led = (ctx.block_kind in _NAMING_BLOCKS or labels) and _cjk_noun_only(
            toks, i, end, cue_start, cue_end
        )
    elif (
        final is not None
        and (reading := _verb_task(toks, final_end - 1, i, final_end - 1, final, ctx))[0] is not None
    ):
        task, _, _, weak = reading  # "zuerst den Plan schreiben": the object comes before the verb
        cue_start, cue_end = i, final_end
        # "noch nichts implementieren", "die Tests nicht anfassen": a negation before the verb
        negated = negated or any(
            match_any(toks, i, final_end - 1, kind) for kind in (Kind.NEGATION, Kind.NEGATION_OBJECT)
        )
    else:
        if _done_by_someone(toks, i, end):
            return None  # "after the refactor you did": work done already, named as context
        own = match(toks, start, end, _OWN_SUBJECT) if i == start and not (negated or question) else None
        if own is not None and own[0].language == toks.language:
            return None  # "I ran black", "j'ai lancé black": what the user did, told as context
        # "no code, I just need a summary": a wish of its own is no item of the list a negation rules out
        now = implicit or _said_for_now(toks, start, i, end)
        found_noun = _noun_led(
            toks,
            i,
            end,
            ctx,
            clause,
            negated or implicit or trailing_negation or now or any(map(flags.get, ("first", "then", "last"))),
            implicit,
            subordinate is not None,
        )
        if found_noun is None:
            # "Things we don't care about here: style, docs": its negation covers the nouns after it.
            negated = negated or match_any(toks, i, end, Kind.NEGATION)
            return Reading(None, _span(toks, start, end), "", negated=True) if negated else None
        task, cue_start, cue_end, weak, passive = found_noun
        noun_led = not passive

    # "n'implémente rien": French elides its negation onto the verb
    negated = negated or (cue_start == i and _elided_negation(toks, i))
    if not negated and not question and not lacks:  # "how could I avoid the unnecessary ones?" still asks
        negated = (
            _negated_after(toks, cue_end, end)
            # "コードは変更し|ない": the negation opens on the light verb the cue ends with
            or (
                cue_end - cue_start > 1
                and toks.kinds[cue_end - 1] == "cjk"
                and (hit := match(toks, cue_end - 1, end, _NEGATION_AFTER_ONLY)) is not None
                and hit[1] > cue_end
            )
            or (cue_end < end and match(toks, cue_end, end, _NEGATION_OBJECT) is not None)
            # "write no new tests", "schreibe keine Tests": the object's determiner negates it
            or (
                verb is not None
                # "implementiere aber noch nichts": German puts "aber", "noch" between verb and object
                and match(toks, _skip(toks, verb[1], end, _BETWEEN), end, _NEGATION_OBJECT) is not None
            )
        )
    if not optional:
        optional, condition = _condition(text, toks, i, cue_end, end)
    if weak and ctx.default_task is not None:
        task = ctx.default_task
    if (
        task in (TaskType.FORMATTING, TaskType.CODING)
        and verb is not None
        and verb[0].task is None
        and _checks_the_work(toks, clause.end)
    ):
        task = TaskType.TESTING  # "run the linter to make sure nothing's flagged": a check of the work
    # the change verb: an imperative, or a CJK generic cue ("高速化", "优化")
    change = (
        i if verb is not None and verb[0].kind is Kind.GENERIC else _cjk_generic_cue(toks, cue_start, cue_end)
    )
    if (
        task is TaskType.CODING
        and change is not None
        and not toks.has_any(
            change, _NEW_WORK
        )  # "implement the endpoint with the same behaviour as v1" is new
        and _keeps_behaviour(toks, change)
    ):
        task = TaskType.REFACTOR  # "migrate the screen to hooks, keep behaviour identical", "…保持行为不变"
    early = task is TaskType.TESTING and match_any(toks, start, end, Kind.EARLY_TEST)
    reproduces = task is TaskType.TESTING and (
        match_any(toks, start, end, Kind.REPRODUCES)
        # "Reproduce it with a hardware-in-the-loop test": the test the reproduction is done with
        or (
            clause.relation is Kind.WITH
            and match_any(toks, max(0, clause.start - 4), clause.start, Kind.REPRODUCES)
        )
    )
    return Reading(
        task,
        _span(toks, content, end),
        _text(text, toks, cue_start, cue_end),
        negated=negated,
        optional=optional,
        condition=condition,
        then=bool(flags.get("then"))
        # "write a test and wire it into CI": a pronoun object is what the step said before made, so that step
        # goes first even where work of its kind would come later ("plan it, implement it" keeps its order)
        or (
            clause.relation is Kind.CONJUNCTION
            and verb is not None
            and ctx.antecedent is not None
            and task is not None
            and phase(ctx.antecedent) > phase(task)
            and _object_pronoun(toks, verb[0], i, end)
        )
        or clause.relation is Kind.THEN
        # "..., and fix legitimate issues": the defects fixed are what the step before found
        or (
            task is TaskType.CODING
            and verb is not None
            and match_any(toks, verb[1], min(verb[1] + 2, end), Kind.DEFECT)
        )
        # "valida-os com o kubeval depois", "run the linter afterwards": the marker may close the clause
        or match_any(toks, cue_end, end, Kind.THEN, last_only=True)
        # "prüf danach ...", "mach dann ...": a verb-second language puts "then" right after the verb
        or (
            toks.language in LEXICON.verb_last
            and match_any(toks, i + 1, min(i + 3, end) if verb is not None else cue_end, Kind.THEN)
        )
        # "the failing ones" after the verb; "失敗したものを直して" before it, in a verb-last language
        # (or inside the cue, after its verb: "see *what fails*")
        or match_any(
            toks, i if toks.kinds[cue_start] == "cjk" else min(cue_start + 1, cue_end), end, Kind.RESULT
        ),
        first=bool(flags.get("first")) or _adverbial_first(toks, cue_end, end),
        # "run the tests *at the end*": the marker may close the clause
        last=bool(flags.get("last")) or match_any(toks, cue_end, end, Kind.LAST, last_only=True),
        subordinate=subordinate,  # type: ignore[arg-type]
        # "..., but audit the dependencies *before that*": the clause may close with the marker
        before_previous=bool(flags.get("before_previous"))
        or clause.relation is Kind.BEFORE_PREVIOUS
        or match_any(toks, cue_end, end, Kind.BEFORE_PREVIOUS, last_only=True),
        early=early,
        reproduces=reproduces,
        weak=weak,
        question=question,
        noun_led=noun_led,
        passive=passive,
        topic=_topic(
            toks,
            *((cue_start, end) if verb is None else _object_span(verb[0], i, verb[1], end)),
            head_only=verb is not None,
            language=verb[0].language if verb is not None else toks.language,
        ),
        verify=task is TaskType.ANALYSIS and toks.has(cue_start, Kind.VERIFY),
        # "check whether it still works" checks a working state (a test run) wherever it stands
        now=noun_led and now,
        asks=weak
        and cue_end > cue_start
        and toks.texts[cue_end - 1] in _ASKING
        and not match_any(toks, cue_end, end, Kind.READY),
        # "tell me where it falls over"; "me diz por que falham", "dime por qué": a language that drops
        # the pronoun asks about the work before it all the same
        refers=any(toks.texts[j] in _BACK_REFERENCES for j in range(cue_end, end))
        or (
            clause.relation is not None
            and toks.language != "en"
            and toks.has_in(cue_start + 1, cue_end, Kind.QUESTION)
        ),
        goal=bool(flags.get("goal")),
    )


_NOW_OR_FIRST = frozenset({Kind.NOW, Kind.FIRST})


def _said_for_now(toks: Tokens, start: int, i: int, end: int) -> bool:
    """Whether a noun-led clause (its name of the work at i) is said for now: "Tests first", "Doku später,
    Tests jetzt", "no docs, just tests"; not "review *for now*" (a preposition's object) nor "*now that* the
    feature works" (no name of work after it)."""
    first = match(toks, start, end, _FIRST)
    if match_any(toks, start, i + 1, Kind.NOW) or (
        # "d'abord les tests", "erst die Tests": "first" right before the name; not "prima di toccare X"
        first is not None and first[1] == i
    ):
        # "jetzt (erstmal) die Tests": a determiner may stand between "now" and the name of the work; not
        # "now that the feature works", a state
        head = noun_phrase(toks, i, end, toks.language)
        # "d'abord la migration": a thing to build said first is asked for as well as a task's name
        if head.kind in _THING_NOUNS and not match_any(toks, head.stop, end, Kind.READY):
            return True
    for j in range(i + 1, end):
        found = match(toks, j, end, _NOW_OR_FIRST) if toks.has_any(j, _NOW_OR_FIRST) else None
        if found is not None and found[1] == end:
            return toks.texts[j - 1] not in _BOUNDARIES.get(toks.language, _EMPTY)
    return False


def _state_then_request(toks: Tokens, i: int, end: int) -> bool:
    """Whether token i is a participle ("approved", "merged", "done") and a request's verb follows it."""
    word = toks.texts[i]
    if not (word.endswith("ed") or any(e.form is Form.ED for e in toks.ents[i])):
        return False
    verb = match(toks, i + 1, end, _VERBISH)
    return verb is not None and verb[0].form is Form.BASE and verb[0].task is not None


def _checks_that(toks: Tokens, verb: Entry, after: int, end: int) -> Entry | None:
    """The weak "<verb> that" reading of a verb whose object is a clause with its "that" left out ("check
    *the spans show up*", "check *it works*"): a few words, then a finite verb, before any preposition."""
    weak = next(
        (
            e
            for e in LEXICON.entries(verb.tokens[0])
            if e.kind is Kind.WEAK and e.tokens == (*verb.tokens, "that")
        ),
        None,
    )
    if weak is None:
        return None
    boundaries = _BOUNDARIES.get(verb.language, _EMPTY)
    if after >= end or toks.texts[after] in boundaries:
        return None  # "check why the report runs twice": a question, not a check of the work
    for j in range(after + 1, min(after + 5, end)):
        if toks.has(j, Kind.STATEMENT):
            return weak
        if toks.kinds[j] == "punct" or toks.texts[j] in boundaries:
            return None
    return None


def _done_by_someone(toks: Tokens, i: int, end: int) -> bool:
    """Whether the noun phrase at i is followed by who did it, in the past ("the refactor *you did*")."""
    head = noun_phrase(toks, i, end, toks.language)
    after = head.stop
    return (
        after + 1 < end
        and toks.texts[after] in _RELATIVE_SUBJECTS
        and any(e.form is Form.ED for e in toks.ents[after + 1])
    )


def _asking_label(toks: Tokens, start: int) -> Kind | None:
    """The kind of the label that asks for the list the clause at `start` is in ("Needs:", "We need:", "AC:
    saved to a JSON file, loaded on startup, unit tested"), or None."""
    colon = start - 1
    while colon > 0 and toks.texts[colon] not in (":", "："):
        if toks.texts[colon] in _SENTENCE_END or start - colon > _LIST_REACH:
            return None
        colon -= 1
    if colon < 1:
        return None
    label = next(
        (j for j in range(colon - 1, max(-1, colon - 1 - LABEL_WORDS), -1) if toks.kinds[j] == "punct"), -1
    )
    return _label_asks(toks, label + 1, colon)


def _label_asks(toks: Tokens, start: int, colon: int) -> Kind | None:
    """The kind of the label start..colon when it asks for what it lists: it ends in "needs", "we need",
    "AC"."""
    for j in range(start, colon):
        asks = match(toks, j, colon, _LABELS_ASKING)
        if asks is not None and asks[1] == colon:
            return asks[0].kind
    return None


def _deliverable(toks: Tokens, i: int, end: int) -> tuple[TaskType, int, int]:
    """What an item of a list of deliverables asks for ("unit tested", "documented in the runbook", "tests
    green", "CHANGELOG mentions the removal"): a participle's task, else the first task noun named, else a
    thing to build ("button on the list page")."""
    done = _participle(toks, i, end, plain=True)
    if done is not None and done[0] is not TaskType.CODING:
        return done
    head = noun_phrase(toks, i, end, toks.language)
    if head.kind is Kind.NOUN and head.task is not None:
        return head.task, head.start, head.end  # "a not_null schema test" is a test
    if head.kind in (Kind.ARTIFACT, Kind.CONTAINER):
        return TaskType.CODING, head.start, head.end  # "an audit log entry per user": a thing to build
    return _first_task_noun(toks, i, end) or done or (TaskType.CODING, i, min(i + 1, end))


def _wanted_done(toks: Tokens, i: int, end: int) -> tuple[TaskType, int, int] | None:
    """The work a wish asks done to its object: "I'd like the cart logic *extracted* into a hook" (a task
    verb's participle right after the object, within a few words and no preposition)."""
    boundaries = _BOUNDARIES.get(toks.language, _EMPTY)
    for j in range(i + 1, min(i + 7, end)):
        if toks.kinds[j] == "punct" or toks.texts[j] in boundaries:
            return None
        if any(e.kind is Kind.VERB and e.form is Form.ED and e.task is not None for e in toks.ents[j]):
            return _participle(toks, j, j + 1, plain=True)
    return None


def _own_work(toks: Tokens, wish: int, after: int, end: int) -> bool:
    """Whether the user's own wish at wish..after names what the user will do with the work, not a step: "I
    want to read it first", "I need to understand it" (but "I want to understand why it fails" asks)."""
    if not toks.has(wish, Kind.OWN_SUBJECT):
        return False
    verb = after + (after < end and toks.texts[after] == "to")
    own = match(toks, verb, end, frozenset({Kind.OWN_WORK}))
    return own is not None and own[1] < end and toks.texts[own[1]] in _PRONOUNS


def _dangling_conjunction(toks: Tokens, start: int, end: int) -> int | None:
    """Where a conjunction that ends right at `end` starts ("X and", "구현이랑"), unless it would cut a verb
    ("カバレッジを見て" keeps the "て" of "見て", "ようにして" the "し" of "ようにし")."""
    for k in range(max(start, end - _NEGATION_REACH), end):
        if not (
            toks.masks[k] & _CONJUNCTION_BIT
            and (found := match(toks, k, end, _CONJUNCTIONS)) is not None
            and found[1] == end
        ):
            continue
        if toks.kinds[k] == "cjk" and any(
            (verb := match(toks, j, end, _VERBISH)) is not None and verb[1] > k
            for j in range(max(start, k - 4), k)
        ):
            continue
        return k
    return None


def _clitic_verb(toks: Tokens, i: int, end: int, expected: bool = True) -> bool:
    """Whether token i is an object pronoun right before a verb or a request of its own language ("le
    tester", "me propõe", "lo puedes arreglar"). A pronoun spelt like an article ("le", "la") only where
    a verb is `expected` (after a request or "and"): "Le code est lent" opens with a noun."""
    if i + 1 >= end or not toks.has(i, Kind.CLITIC):
        return False
    languages = {entry.language for entry in toks.ents[i] if entry.kind is Kind.CLITIC}
    if not expected and any(toks.texts[i] in _DETERMINERS.get(language, _EMPTY) for language in languages):
        return False
    verb = match(toks, i + 1, end, _CLITIC_HOSTS)
    return verb is not None and verb[0].language in languages


def _asks_for_thing(toks: Tokens, request: Entry, i: int, after: int, end: int) -> bool:
    """Whether the request verb at i..after asks for the noun phrase after it, not for a verb: its words
    also ask for a thing and no verb follows ("I want *an analysis of* ...", "I want *tests*"), or an
    article follows ("il faudrait *une page*", "hace falta *un test*"; "il faut la corriger" asks for a
    verb). A verb-last language puts the verb after its object."""
    if after >= end:
        return False
    after_verb = match(toks, after, end, _VERBISH)
    if (
        (after_verb is None or after_verb[0].form is Form.S)
        and (wanted := match(toks, i, end, _REQUEST_OBJECT)) is not None
        and wanted[1] == after
    ):
        return True
    if request.language in LEXICON.verb_last or after + 1 >= end:
        return False
    verb = match(toks, after + 1, end, _VERBISH)  # "tests" is an English verb, not a French one
    return toks.texts[after] in _DETERMINERS[request.language] and (
        verb is None or verb[0].language != request.language
    )


def _imperative(entry: Entry, ctx: Context, past_ok: bool, licensed: bool) -> bool:
    """Whether a verb form can be the request: "refactoring" leads a list item or follows "before", but
    opens no request in running text ("Fuzzing runs nightly"); "added" only after "once you've" or in a
    wish ("if someone reviewed it")."""
    if entry.form is Form.BASE:
        return True
    if entry.form is Form.ING:
        return ctx.block_kind != "para" or past_ok or licensed
    if entry.form is Form.ED:
        return past_ok
    return False


def _adverbial_first(toks: Tokens, i: int, end: int) -> bool:
    """ "Add tests first if there are none": "first" as an adverb, not "the first page"."""
    for j in range(i, end):
        if toks.has(j, Kind.FIRST) and len(toks.ents[j]) and toks.texts[j] == "first":
            before = toks.texts[j - 1] if j > 0 else ""
            if before not in _DETERMINERS.get("en", _EMPTY) and not (j + 1 < end and toks.ents[j + 1]):
                return True
    if toks.kana_or_hangul_in(i, end):
        # "테스트 먼저 짜고", "テストを先に書いて": Korean and Japanese put it after the object
        return match_any(toks, i, end, Kind.FIRST)
    return match_any(toks, i, end, Kind.FIRST, last_only=True)


def _object_span(verb: Entry, i: int, after: int, end: int) -> tuple[int, int]:
    """Where the object of the verb at i..after lies: inside a separable verb ("lass *den Linter*
    laufen"), else after it, up to `end`."""
    if verb.wildcard and verb.language in LEXICON.verb_last:
        star = verb.tokens.index(WILDCARD)
        return i + star, after - (len(verb.tokens) - star - 1)
    return after, end


def context_topic(toks: Tokens, clause: Clause) -> TaskType | None:
    """What a clause that asks nothing is about, for an "it"/"them" after it ("the README examples are
    outdated. update them.")."""
    return _topic(toks, clause.start, clause.end, head_only=False)


def goal_of(toks: Tokens, clause: Clause) -> TaskType | None:
    """What a CJK purpose clause wants to pass ("flake8 のエラーが出ないように", "，让 eslint 能通过", "린트
    통과하게"): the task of the check it names, which decides what a plain change beside it is."""
    if toks.language not in _CJK_LANGUAGES or not (
        clause.relation is Kind.PURPOSE or match(toks, clause.start, clause.end, _PURPOSE_AFTER) is not None
    ):
        return None
    return context_topic(toks, clause)


_SUSPECTS = frozenset({Kind.SUSPECTS})


def suspects(toks: Tokens, clause: Clause) -> bool:
    """Whether a CJK clause states a suspicion ("N+1 クエリのせいかも", "好像有内存泄漏", "누수가 있는 것
    같아요"), which the sentence closing it may end."""
    return toks.language in _CJK_LANGUAGES and any(
        match(toks, j, len(toks), _SUSPECTS) is not None for j in range(clause.start, clause.end)
    )


_FOCUS = frozenset({Kind.FOCUS})
_TOPIC_PARTICLES = frozenset({"は", "는", "은"})
_POLITE_ENDING = 3  # "だけでいい*です*", "하면 돼*요*": tokens a closing word may leave to its polite ending
_ENOUGH_REACH = 12  # tokens from a clause's end where "how much is enough" may start


def narrows_focus(toks: Tokens, clause: Clause) -> bool:
    """Whether a CJK clause opens with where to look ("特にエラー処理を見て", "重点看命名", "특히 에러 처리
    부분이요"), or says it right after its topic ("並行処理まわりは特に"): it narrows the step before it."""
    if toks.language not in _CJK_LANGUAGES:
        return False
    start, end = skip_mentions(toks, clause.start, clause.end), clause.end
    return any(
        (i == start or toks.texts[i - 1] in _TOPIC_PARTICLES) and match(toks, i, end, _FOCUS) is not None
        for i in range(start, end)
    )


def says_enough(toks: Tokens, clause: Clause) -> bool:
    """Whether a CJK clause closes on how much is enough ("按最近的 commit 整理就行", "整理するだけでいい
    です", "정리하면 돼요": [focus] enough, closing a clause where a focus word opens one): it says how to do
    the work before it."""
    if toks.language not in _CJK_LANGUAGES:
        return False
    end = clause.end
    return any(
        (hit := match(toks, i, len(toks), _FOCUS)) is not None and end - _POLITE_ENDING <= hit[1] <= end
        for i in range(max(clause.start, end - _ENOUGH_REACH), end)
    )


def _topic(toks: Tokens, i: int, end: int, *, head_only: bool, language: str = "en") -> TaskType | None:
    """What a later "it"/"them" can stand for: tests, docs or lint output the clause is about — the head
    of its object ("look over *the README* for outdated steps"), or, in a condition, any such noun
    ("if the handler has no *docstring*, add one")."""
    if head_only:
        head = noun_phrase(toks, i, end, language)
        return head.task if head.kind is Kind.NOUN and head.task in _REFERABLE else None
    topic = None
    for j in range(i, end):
        # the whole name must be there: "implementation" alone is no "implementation plan"
        task = hit[0].task if (hit := match(toks, j, end, _NAMES)) is not None else None
        if task is None and (toks.kinds[j] == "code" or "/" in toks.texts[j]):
            task = _token_task(toks.texts[j], toks.kinds[j])
        if task in _REFERABLE:
            topic = task
    return topic


def _verb_task(
    toks: Tokens, i: int, after: int, end: int, entry: Entry, ctx: Context
) -> tuple[TaskType | None, int, int, bool]:
    """(task, cue token range, weak) for a clause whose verb is `entry` at i..after."""
    language = entry.language
    if (
        entry.task is TaskType.CODING
        and toks.has(i, Kind.REVISES)  # "update", "fix" the callers; "sort the imports" stays formatting
        and (dependents := _dependents_end(toks, i, after, end, entry)) is not None
    ):
        return TaskType.REFACTOR, i, dependents, False  # "rename the methods and update the callers"
    if entry.kind is Kind.VERB:
        task = entry.task
        if task in _OBJECT_MAY_DECIDE:
            if entry.wildcard and language in LEXICON.verb_last:
                # "schau dir den PR an": a separable verb holds its object between its parts
                star = entry.tokens.index(WILDCARD)
                head = noun_phrase(toks, i + star, after - (len(entry.tokens) - star - 1), language, False)
            else:
                head = noun_phrase(toks, after, end, language, writer=False)
            if task is TaskType.ANALYSIS:
                if (
                    toks.has(i, Kind.REPRODUCES)
                    and (test := _first_task_noun(toks, after, end)) is not None
                    and test[0] is TaskType.TESTING
                ):
                    return (
                        TaskType.TESTING,
                        i,
                        test[2],
                        False,
                    )  # "reproduce it with a failing Playwright test"
                if head.task is TaskType.REVIEW and head.kind is Kind.NOUN:
                    return TaskType.REVIEW, i, head.end, False  # "go through the diff"
                if toks.has(i, Kind.WRITER) and (
                    target := _target(toks, head.stop, end, language) or _target(toks, after, end, language)
                ):
                    # "explain it in the docstring", "explain in the README how to use it"
                    return TaskType.DOCUMENTATION, i, target.end, False
                if toks.has(i, Kind.WRITER) and ctx.antecedent is TaskType.DOCUMENTATION:
                    return (
                        TaskType.DOCUMENTATION,
                        i,
                        after,
                        False,
                    )  # "write a README and explain the commands"
            elif task is TaskType.DOCUMENTATION and head.task is TaskType.PLANNING and head.kind is Kind.NOUN:
                return TaskType.PLANNING, i, head.end, False  # "write down a migration plan"
            elif (
                task is TaskType.REFACTOR
                and head.task is TaskType.DOCUMENTATION
                and head.kind in (Kind.NOUN, Kind.PLACE)
            ):
                return TaskType.DOCUMENTATION, i, head.end, False  # "restructure the admin guide"
        asked = after + 1 if after + 1 < end and toks.texts[after] == "," else after  # "prüfen, woher"
        if (
            task is TaskType.REVIEW
            and asked < end
            and (
                toks.texts[asked] in _WH_WORDS
                or (language != "en" and match(toks, asked, end, _QUESTION_WORD))
            )
        ):
            # "audit where we still call .dict()", "revisa qué se rompe": a search
            return TaskType.ANALYSIS, i, after, False
        return task, i, after, False
    if entry.kind is Kind.WEAK:
        noun = _first_task_noun(toks, after, end)
        if noun is not None and noun[0] is not TaskType.CODING:
            return noun[0], i, noun[2], False  # "make sure the linter passes"
        if entry.task is TaskType.ANALYSIS and match_any(toks, after, end, Kind.READY):
            return TaskType.TESTING, i, after, True  # "check whether it still works": a test run
        return entry.task, i, after, True  # "make sure the code compiles" checks, it writes no code
    gerund = match(toks, after, end, _VERBISH) if after < end else None
    if (
        gerund is not None
        and gerund[0].kind in (Kind.VERB, Kind.GENERIC)
        and (
            gerund[0].form is Form.ING  # "finish converting the delegates"
            or (toks.texts[i] == "do" and gerund[0].form is Form.BASE)  # "but do add a line to the changelog"
        )
    ):
        return _verb_task(toks, after, gerund[1], end, gerund[0], ctx)
    writer = toks.has(i, Kind.WRITER)
    if entry.wildcard and (language in LEXICON.verb_last or after >= end or toks.kinds[after] == "punct"):
        # "füge Tests hinzu", "setze sie um": a separable verb holds its object between its parts; so does a
        # phrase that closes its clause in any language ("make the flaky tests stable").
        star = entry.tokens.index(WILDCARD)
        close = after - (len(entry.tokens) - star - 1)
        inner = noun_phrase(toks, i + star, close, language, writer)
        if toks.has(i, Kind.CONVERTS) and (tool := _tool_target(toks, i + star, close, language)):
            return tool.task, i, after, False  # "stell die Codebasis auf black und isort um"
        if inner.task is not None and inner.kind is Kind.NOUN:
            if entry.task is TaskType.REFACTOR and inner.task not in _TIDIED_BY_TOPIC:
                return TaskType.REFACTOR, i, after, False  # "räum den Code auf", as "clean up the code"
            return inner.task, i, after, False
        if entry.task is None and (named := _first_task_noun(toks, i + star, close)) is not None:
            return named[0], i, after, False  # "sichere das Verhalten mit Tests ab"
        if writer and inner.kind is not Kind.NOUN and _target(toks, inner.stop, close, language) is not None:
            return TaskType.DOCUMENTATION, i, after, False  # "trag das Ganze im CHANGELOG ein"
    # "aktualisier *bei der Gelegenheit* das CHANGELOG": an aside between the verb and its object
    if after < end and toks.masks[after] & _FILLER_BIT:
        aside = _skip(toks, after, end, _FILLERS)
        if aside < end and toks.kinds[aside] == "word":
            after = aside
    head = noun_phrase(toks, after, end, language, writer)
    by = after if after < end and toks.texts[after] == "by" else head.stop
    if by + 1 < end and toks.texts[by] == "by":
        means = match(toks, by + 1, end, _VERBISH)
        if means is not None and means[0].form is Form.ING and means[0].task is not None:
            # "address the comments by refactoring the handler": the means names the work
            return _verb_task(toks, by + 1, means[1], end, means[0], ctx)
    default = entry.task
    if (
        head.task in (None, TaskType.CODING)  # "migra o código para o black"
        and toks.has(i, Kind.CONVERTS)
        and (tool := _tool_target(toks, head.stop, end, language)) is not None
    ):
        return tool.task, i, tool.end, False  # "migrate the codebase to ruff": the code goes over to a tool
    # "move the install steps into the README": what lands in a document is docs work
    target = _target(toks, head.stop, end, language) if writer or default is TaskType.REFACTOR else None
    if target is not None and head.kind is not Kind.NOUN:
        return TaskType.DOCUMENTATION, i, target.end, False
    if (
        default is TaskType.CODING
        and head.kind is not Kind.NOUN
        and (tests := _target(toks, head.stop, end, language, TaskType.TESTING))
    ):
        return TaskType.TESTING, i, tests.end, False  # "stub the email sender in the tests"
    if entry.tokens[0] in _PARTICIPLE_VERBS and (participle := _participle(toks, after, end, plain=True)):
        # "get the change reviewed", "have it reviewed": the verb asks for the participle (before "it"
        # could take the task it stands for)
        return participle[0], i, participle[2], False
    if (
        ctx.antecedent is not None
        # "update *it*" after the README is docs work, "run *them*" after tests is testing; "fix it" after
        # a flaky test is a code fix, so other verbs keep their own task.
        and (
            (writer and ctx.antecedent is TaskType.DOCUMENTATION and entry.tokens[0] != "fix")
            # "the test only checks the mock, rewrite it": rewriting the tests said before tests
            or (writer and ctx.antecedent is TaskType.TESTING and entry.task is TaskType.REFACTOR)
            or (
                ctx.antecedent is TaskType.PLANNING and toks.has(i, Kind.REVISES)
            )  # "write the plan ... revise it"
            or default is None
        )
        and _pronoun_object(toks, after, end, language)
        and head.task is None
    ):
        return ctx.antecedent, i, min(after + 1, end), False  # "look over the README ... and update *them*"
    if (
        writer
        and head.task is None
        and (
            _pronoun_object(toks, after, end, language)
            or _object_pronoun(toks, entry, i, end)  # "escríbelos", "adiciona eles até sexta"
            or (after < end and toks.has(after, Kind.SOME_OF))  # "write a few", "schreib welche"
        )
        and (lacked := _lacked(toks, i, ctx.antecedent)) is not None
    ):
        return lacked, i, min(after + 1, end), False  # "the importer has no tests, write some"
    if (
        default is TaskType.CODING
        and after < end
        and toks.texts[after] in _FINDINGS
        and (found := _first_task_noun(toks, after, end)) is not None
        and found[0] is TaskType.FORMATTING
    ):
        return TaskType.FORMATTING, i, found[2], False  # "fix whatever eslint complains about"
    if head.kind is Kind.NOUN:
        if head.task is TaskType.PLANNING and toks.has(i, Kind.EXECUTES):
            return TaskType.CODING, i, head.end, False  # "implement the plan in PLAN.md"
        if head.task is TaskType.PLANNING and toks.has(i, Kind.REVISES) and toks.has(head.start, Kind.PLACE):
            return TaskType.DOCUMENTATION, i, head.end, False  # "update the design doc"
        if head.task is TaskType.ANALYSIS and default is TaskType.CODING and toks.has(i, Kind.CONFIDENT):
            return TaskType.CODING, i, head.end, False  # "fix the root cause"
        if default is TaskType.ANALYSIS and head.task in _SUMMED_UP:
            # "summarize the code", "recap the architecture", "summarize the PR": a summary reads its subject
            return TaskType.ANALYSIS, i, head.end, False
        if default is TaskType.REFACTOR and head.task not in _TIDIED_BY_TOPIC:
            return TaskType.REFACTOR, i, head.end, False  # "clean up the tests" is still refactoring
        if not (default is None and head.task is TaskType.CODING):
            return head.task, i, head.end, False
    if default is None and (participle := _participle(toks, after, end, plain=False)):
        return participle[0], i, participle[2], False  # "ask for the change to be reviewed"
    if head.kind is Kind.CONTAINER and head.task is None and ctx.antecedent is TaskType.FORMATTING:
        return TaskType.FORMATTING, i, head.end, False  # "run the linter and fix the warnings": its findings
    if (
        default is TaskType.CODING
        and ctx.antecedent is TaskType.FORMATTING
        and _fixes_findings(toks, i, after, entry, head)
    ):
        # "run eslint and fix whatever it flags", "pasa black y arregla lo que salga", "lance eslint et
        # corrige-les": what a fix works on is the linter's findings
        return TaskType.FORMATTING, i, max(head.end, after), False
    if head.kind is Kind.ARTIFACT and default is not None:
        return default, i, head.end, head.part
    if default is None:
        strong = _strong_verb(toks, after, end)
        if strong is not None:
            return strong[0].task, strong[1], strong[2], False
        noun = _first_task_noun(toks, after, end)
        if noun is not None and noun[0] is not TaskType.CODING:
            return noun[0], i, noun[2], False
        return None, i, after, False
    return default, i, after, not toks.has(i, Kind.CONFIDENT)


_ROMANCE_CLITICS = frozenset({"fr", "es", "pt", "it"})


def _elided_negation(toks: Tokens, i: int) -> bool:
    """Whether the word at i carries an elided negation of its language ("n'implémente")."""
    prefix, apostrophe, _ = toks.texts[i].partition("'")
    return bool(apostrophe) and any(
        entry.kind is Kind.NEGATION and entry.tokens == (prefix,) and entry.language == toks.language
        for entry in LEXICON.entries(prefix)
    )


_DEPENDENTS_REACH = 4  # tokens from a verb to the dependents it updates ("pass danach alle *Aufrufer* an")
_REFACTOR_REACH = 30  # tokens looked back from that verb, within its sentence, for the refactor
_SENTENCE_MARKS = frozenset(".!?;\n")


def _dependents_end(toks: Tokens, i: int, after: int, end: int, verb: Entry) -> int | None:
    """Where the object of the code verb at i ends when it names what depends on code its sentence just
    reshaped ("rename the methods and update the *callers*", "verschieb die Helper und korrigier die
    *Imports*"): the update belongs to the refactor."""
    star = verb.tokens.index(WILDCARD) if verb.wildcard else len(verb.tokens)
    start = i + star
    found = next(
        (
            j
            for j in range(start, min(end, start + _DEPENDENTS_REACH))
            if toks.kinds[j] != "punct" and toks.has(j, Kind.DEPENDENTS)
        ),
        None,
    )
    if found is None or any(toks.kinds[j] == "punct" for j in range(start, found)):
        return None
    for j in range(i - 1, max(-1, i - _REFACTOR_REACH), -1):
        if toks.texts[j] in _SENTENCE_MARKS:
            return None
        hit = match(toks, j, i, _VERBISH)
        if hit is not None and hit[0].task is TaskType.REFACTOR and hit[0].kind is not Kind.WEAK:
            return max(found + 1, after)
    return None


_LACK_REACH = 12  # tokens looked back from a verb for what its sentence said is missing


def _lacked(toks: Tokens, i: int, antecedent: TaskType | None) -> TaskType | None:
    """What was said to be missing just before the verb at i, which writing a pronoun writes: the noun
    after the lack ("der Parser hat keine *Tests*, schreib sie"), or the antecedent where the noun came
    first ("Tests fehlen noch, schreib die bitte")."""
    for j in range(max(0, i - _LACK_REACH), i):
        lack = match(toks, j, i, _LACKING)
        if lack is None:
            continue
        head = noun_phrase(toks, lack[1], i, lack[0].language)
        if head.kind is Kind.NOUN and head.task in _REFERABLE:
            return head.task
        return antecedent if antecedent in _REFERABLE else None
    return None


def _pronoun_object(toks: Tokens, after: int, end: int, language: str) -> bool:
    """Whether a verb ending at `after` takes a pronoun for its object, or none at all."""
    return (
        after < end and (toks.texts[after] in _PRONOUNS or _stands_alone(toks, after, end, language))
    ) or toks.all_have(after, end, Kind.ADVERB)  # "Doc da API desatualizada, atualiza aí": dropped


def _object_pronoun(toks: Tokens, verb: Entry, i: int, end: int) -> bool:
    """Whether the verb at i takes a pronoun for its object: run on ("intègre-le", "intégralo",
    "l'ajouter"), right before it ("lo metes") or right after it ("wire *it* into CI", "bau *ihn* ein")."""
    if toks.texts[i] != verb.tokens[0] and len(verb.tokens) == 1 and verb.language in _ROMANCE_CLITICS:
        return True
    if i > 0 and _clitic_verb(toks, i - 1, end):
        return True
    j = i + 1 if verb.wildcard else i + len(verb.tokens)
    return j < end and toks.has(j, Kind.OBJECT_PRONOUN)


def _fixes_findings(toks: Tokens, i: int, after: int, verb: Entry, head: Head) -> bool:
    """Whether the verb at i works on what the step before it found: a pronoun ("fix them"), one run on
    ("corrígelos", "corrige-les"), or a finding ("whatever it flags", "ce qu'il trouve", "was er findet")."""
    if toks.texts[i] != verb.tokens[0] and len(verb.tokens) == 1 and verb.language in _ROMANCE_CLITICS:
        return head.task is None
    j = after
    if verb.wildcard:
        return False  # "get the build green *again*": the object is inside the verb
    if j < len(toks.texts) and toks.texts[j] == ",":
        j += 1  # German sets a comma before "was"
    if j >= len(toks.texts):
        return False
    if toks.has(j, Kind.RESULT):
        return head.kind is not Kind.NOUN  # "whatever it flags" (not "the failing tests it finds")
    return toks.texts[j] in _PRONOUNS and j == after and head.task is None


# Where code is turned over to: "to", "auf", "à", "a", "para", "su", ...
_INTO = frozenset(
    {"to", "into", "auf", "zu", "nach", "à", "a", "ad", "al", "para", "pra", "pro", "su", "sur", "vers"}
)
_TOOL_REACH = 12  # tokens looked through for the target of a conversion ("from flake8 and pylint to ruff")


def _tool_target(toks: Tokens, j: int, end: int, language: str) -> Head | None:
    """The formatter a conversion turns the code over to ("to black", "auf Prettier", "para o ruff"),
    within the clause and before any punctuation or other verb."""
    for k in range(j, min(end, j + _TOOL_REACH)):
        if toks.kinds[k] == "punct" and toks.texts[k] not in _COMMA:
            return None
        if toks.texts[k] in _INTO:
            target = noun_phrase(toks, k + 1, end, language)
            return target if target.kind is Kind.NOUN and target.task is TaskType.FORMATTING else None
    return None


# A clean-up of these is their own work ("clean up the imports" formats); of anything else, a refactor.
_TIDIED_BY_TOPIC = frozenset({TaskType.FORMATTING, TaskType.DOCUMENTATION})


def _stands_alone(toks: Tokens, j: int, end: int, language: str) -> bool:
    """Whether the determiner at j stands for a noun said before, nothing it could belong to after it
    ("die nachtragen", "aktualisier *sie* bitte"; not "die Konfiguration", not "il bug")."""
    if toks.texts[j] not in _DETERMINERS.get(language, _EMPTY):
        return False
    follower = j + 1
    if follower >= end or toks.kinds[follower] == "punct":
        return True
    words = [e.kind for e in toks.ents[follower] if len(e.tokens) == 1]
    return bool(words) and all(kind in _AFTER_PRONOUN for kind in words)


def _infinitive_end(toks: Tokens, i: int, end: int) -> int:
    """Where the verb of a verb-last clause ends: before its punctuation and auxiliaries."""
    while end > i and toks.kinds[end - 1] == "punct":
        end -= 1  # "einen Plan erstellen, dann ..."
    while end - i > 2 and toks.has(end - 1, Kind.AUX):
        end -= 1  # "nachdem du ihn umgebaut hast", "wenn du Tests schreiben könntest"
    return end


def _final_infinitive(toks: Tokens, i: int, end: int, shared_subject: bool = False) -> Entry | None:
    """The verb that ends a clause in a language that puts it last ("die Doku aktualisieren");
    `shared_subject`: the clause shares the subject of the one before ("dass du X erweiterst und die
    Doku *nachziehst*")."""
    end = _infinitive_end(toks, i, end)
    if end - i < 2 or toks.kinds[end - 1] != "word":
        return None
    word = toks.texts[end - 1]
    if word.endswith("n"):  # German infinitives end in -en, -ern, -eln; "und schreibe" is an imperative
        found = toks.ents[end - 1]
    elif not shared_subject and not match_any(toks, max(0, i - 2), end, Kind.SUBJECT):
        return None  # a finite verb ends a clause whose subject comes first ("bevor du ... umbaust")
    else:
        found = toks.ents[end - 1] or LEXICON.infinitive(word, toks.language)
    return next(
        (
            e
            for e in found
            if e.kind in (Kind.VERB, Kind.GENERIC) and e.language in LEXICON.verb_last and len(e.tokens) == 1
        ),
        None,
    )


def _shares_subject(toks: Tokens, clause: Clause) -> bool:
    """Whether a clause joined by "and"/"then" follows a subject of its sentence, near enough to be its
    own ("dass *du* den Endpoint erweiterst und anschließend die Doku nachziehst")."""
    if clause.relation not in (Kind.CONJUNCTION, Kind.THEN) or toks.language not in LEXICON.verb_last:
        return False
    for j in range(clause.start - 1, max(-1, clause.start - 1 - _SUBJECT_REACH), -1):
        if toks.kinds[j] == "punct" and toks.texts[j] in _SENTENCE_END:
            return False
        if toks.has(j, Kind.SUBJECT):
            return True
    return False


_KEEPS_BEHAVIOUR = frozenset({Kind.KEEPS_BEHAVIOUR})
_TASK_VERB = frozenset({Kind.VERB})
_TASK_NOUN = frozenset({Kind.NOUN})
_NAMES = frozenset({Kind.NOUN, Kind.PLACE})  # what a clause can be about
_ASKS_FOR = frozenset({Kind.REQUEST_OBJECT, Kind.NEEDED_BY})  # "we need", "needs"
_LABELS_ASKING = frozenset({*_ASKS_FOR, Kind.DELIVERABLES})  # "Needs:", "AC:"
_LIST_REACH = 40  # tokens a list after a label is followed back to its colon
_VERIFIES = frozenset({Kind.VERIFIES})
_NEW_WORK = frozenset({Kind.WRITER, Kind.EXECUTES})  # verbs that bring in new code or text


def _cjk_generic_cue(toks: Tokens, cue_start: int, cue_end: int) -> int | None:
    """Where a CJK cue that is a generic verb opens ("高速化", "优化", "정리"), else None."""
    if cue_end <= cue_start or toks.kinds[cue_start] != "cjk":
        return None
    words = tuple(toks.texts[cue_start:cue_end])
    generic = any(e.kind is Kind.GENERIC and e.tokens == words for e in toks.ents[cue_start])
    return cue_start if generic else None


def _keeps_behaviour(toks: Tokens, i: int) -> bool:
    """Whether the change whose verb is at i is said to keep the behaviour, within its sentence or the one
    after it ("..., keep behaviour identical", ". No functional changes."), before another task verb."""
    ends = 0
    for k in range(i + 1, min(i + 24, len(toks.texts))):
        if match(toks, k, len(toks.texts), _KEEPS_BEHAVIOUR) is not None:
            return True
        if toks.texts[k] in _SENTENCE_END:
            ends += 1
            if ends == 2:
                return False
        elif (
            (verb := match(toks, k, len(toks.texts), _TASK_VERB)) is not None
            and verb[0].form is Form.BASE
            and verb[0].task is not None
            and verb[0].language == toks.language
        ):
            # "..., then refactor the parser without changing behaviour": that verb's own (a whole verb of
            # the clause's language: "de" opens "dê uma olhada" but is no verb in "serviço de pagamentos")
            return False
    return False


def _checks_the_work(toks: Tokens, j: int) -> bool:
    """Whether a purpose that checks the work follows within the sentence, past joined objects but no other
    verb ("run go vet and the tests *to make sure* it's still fine"); a few tokens at most."""
    for k in range(j, min(j + 12, len(toks.texts))):
        if match(toks, k, len(toks.texts), _VERIFIES) is not None:  # "to see *if*", not "to see the error"
            return True
        if toks.texts[k] in _SENTENCE_END or toks.texts[k] == ":" or toks.has(k, Kind.THEN):
            return False
        # a verb starts another clause; "the *tests*", "+ *unit tests*" are objects
        if (
            k > j
            and not toks.has(k, Kind.NOUN)
            and any(
                e.kind in _VERBISH and e.form is Form.BASE and e.language == toks.language
                for e in toks.ents[k]
            )
        ):
            return False
    return False


def _subjects_work(toks: Tokens, subject: Head, j: int, task: TaskType | None) -> TaskType | None:
    """The work a participle or gerund at j asks of the subject before it: a generic verb does the
    subject's own ("the README should be updated", "needs updating": docs work); a task verb keeps `task`."""
    own = subject.task if subject.kind in (Kind.NOUN, Kind.PLACE) and subject.end <= j else None
    generic = all(e.kind is not Kind.VERB for e in toks.ents[j])
    return own if generic and own is not None else task


def _needed(toks: Tokens, subject: Head, i: int, end: int) -> tuple[TaskType, int, int, bool, bool] | None:
    """What a subject needs, from i on: work on it ("the README needs updating", "needs to be updated": its
    own work when the verb is generic) or a thing ("the parser needs tests", "the toolbar needs a button")."""
    verb = match(toks, i, end, _VERBISH)
    if verb is not None and verb[0].form is Form.ING:
        task = _subjects_work(toks, subject, i, verb[0].task)
        return (task, subject.start, verb[1], False, False) if task is not None else None
    participle = _participle(toks, i, end, plain=False)
    if participle is not None:
        return (
            _subjects_work(toks, subject, participle[1], participle[0]),
            subject.start,
            participle[2],
            False,
            True,
        )
    wanted = noun_phrase(toks, i, end, toks.language)
    if wanted.task is None:
        return None  # "the tool needs Node 18"
    return wanted.task, subject.start, wanted.end, wanted.kind is not Kind.NOUN, False


def _noun_led(
    toks: Tokens,
    i: int,
    end: int,
    ctx: Context,
    clause: Clause,
    licensed: bool,
    implicit: bool,
    subordinate: bool,
) -> tuple[TaskType, int, int, bool, bool] | None:
    """A clause without a verb: a list item or heading naming work ("Unit tests for X"), a coordinated
    object ("and docs"), a negated noun ("no docs needed"), a passive ("must be reviewed")."""
    head = noun_phrase(toks, i, end, toks.language)
    stop = head.stop
    if stop + 1 < end and (
        toks.texts[stop] in _ABOUT or toks.texts[stop] in _TARGETS or toks.texts[stop] in _FOR
    ):
        stop = noun_phrase(toks, stop + 1, end, toks.language).stop  # "the toolbar in the editor needs ..."
    if (
        stop < end
        # "list what needs fixing" (a whole question word: Portuguese "o" only opens "o que")
        and match(toks, i, end, _QUESTION_WORD) is None
        and (need := match(toks, stop, end, _NEEDED_BY)) is not None
    ):
        return _needed(toks, head, need[1], end)
    if (
        implicit
        and head.kind in (Kind.ARTIFACT, Kind.CONTAINER)
        and (target := _target(toks, head.stop, end, toks.language))
    ):
        return TaskType.DOCUMENTATION, head.start, target.end, False, False  # "we need a section in the docs"
    if implicit and head.task is not None:
        return head.task, head.start, head.end, head.kind is not Kind.NOUN, False
    # "Tests live next to the source" states; "the ops docs *to match*" is a purpose
    statement = any(toks.has(j, Kind.STATEMENT) and toks.texts[j - 1] != "to" for j in range(i + 1, end))
    allowed = licensed or (
        not statement
        and (
            ctx.block_kind != "para"
            or clause.relation in (Kind.CONJUNCTION, Kind.WITH)
            # "Integration tests for the cart API, no refactoring": a sentence that opens with the
            # name of the work (no article, no verb) asks for it
            or (
                clause.relation is None
                and head.start == i
                and head.stop < end
                and toks.texts[head.stop] in _FOR
                and head.task is not TaskType.CODING
            )
            # "Só código e testes", "Que du code et des tests": the first of names joined by "and"
            or (
                clause.relation is None
                and head.stop == end
                and end < len(toks)
                and bool(toks.masks[end] & _CONJUNCTION_BIT)
            )
        )
    )
    if (
        allowed
        and head.kind in (Kind.CONTAINER, Kind.ARTIFACT)
        and (target := _target(toks, head.stop, end, toks.language))
    ):
        return TaskType.DOCUMENTATION, head.start, target.end, False, False  # "an entry in the changelog"
    if head.kind is Kind.NOUN and (allowed or (subordinate and head.task is not TaskType.CODING)):
        # "after you finish the refactor" names a step; "before you touch the billing code" does not
        return head.task, head.start, head.end, False, False  # type: ignore[return-value]
    if head.kind is Kind.ARTIFACT and licensed and not statement and not subordinate:
        # "d'abord la migration, puis l'endpoint": things to build named in their order are built
        return TaskType.CODING, head.start, head.end, False, False
    aside = clause.start > 0 and toks.texts[clause.start - 1] in _CLOSING  # "Read it (files, scope)"
    if ctx.lead is not None and ctx.block_kind == "item" and not statement and not aside:
        task, cue_start, cue_end, weak = _verb_task(toks, i, i, end, ctx.lead, ctx)
        if task is not None:
            return task, cue_start, cue_end, weak, False
    # "needs to be refactored and covered by tests": the second participle shares the first one's "to be"
    shared = (
        ctx.passive_before
        and clause.relation is Kind.CONJUNCTION
        and _participles(toks, clause.start, clause.start + 1, end)
    )
    participle = _participle(toks, i, end, plain=subordinate or shared)
    if participle is not None:
        return (
            _subjects_work(toks, head, participle[1], participle[0]),
            participle[1],
            participle[2],
            False,
            True,
        )
    ready = (
        next((j for j in range(i + 1, end) if toks.has(j, Kind.READY) and match(toks, j, end, _READY)), None)
        if subordinate
        else None
    )
    if ready is not None:
        # "once the endpoint works", "sobald der Endpoint steht": the thing before its state
        subject = noun_phrase(toks, i, ready, toks.language)
        if subject.kind is Kind.ARTIFACT or subject.task is TaskType.CODING:
            return TaskType.CODING, subject.start, subject.end, True, False
    if subordinate and head.kind is Kind.CONTAINER and head.task is None and i - clause.start > 1:
        # "after you finish the parser changes" names work; a bare "after the change" is context
        return TaskType.CODING, head.start, head.end, True, False
    if implicit:
        return TaskType.CODING, i, min(i + 1, end), True, False
    return None


def _question_not_verb(toks: Tokens, i: int) -> bool:
    """Whether token i is a question word of the clause's language that reads as a verb only in another."""
    entries = toks.ents[i]
    return any(
        e.kind is Kind.QUESTION and e.language == toks.language and len(e.tokens) == 1 for e in entries
    ) and all(e.language != toks.language for e in entries if e.kind in _VERBISH)


def _kana_or_hangul(text: str) -> bool:
    """Kana or Hangul in it: Japanese or Korean, where the verb ends the clause. (A character class
    spanning these ranges costs half a millisecond of start-up to compile.)"""
    return any(0x3040 <= ord(c) <= 0x30FF or 0xAC00 <= ord(c) <= 0xD7AF for c in text)


def _time_of(toks: Tokens, after: int, end: int) -> int | None:
    """Where "before" or "after" ends when it follows a CJK verb at `after` and modifies the noun after it
    ("开发前的清单", "修复后的代码", "対応後のテスト"): the verb names a time, no work. ("前" alone is no
    "before" elsewhere: "前端" is the frontend.)"""
    time = match(toks, after, end, _SUBORDINATORS)
    stop = time[1] if time is not None else after + 1 if after < end and toks.texts[after] == "前" else None
    return stop if stop is not None and stop < end and toks.texts[stop] in _CJK_OF else None


_CHANGE_WORDS = frozenset({Kind.GENERIC, Kind.VERB})
_MEASURES = frozenset({"一", "下", "了"})  # "更新一下 docs/api.md": the verb's measure before its object
_VERB_REACH = 5  # tokens back a Chinese verb and its measure may start before the object


def _document_object(toks: Tokens, i: int, j: int, end: int, verb_final: bool) -> bool:
    """Whether token j is a document's path that a verb beside it works on: the verb after it in Japanese
    and Korean, with or without a particle ("docs/cli.md も更新して", "docs/cli.md 갱신해"), before it in
    Chinese at the end of the clause ("更新一下 docs/api.md"); not what a verb draws on ("按照 a.md 实现")."""
    if toks.kinds[j] == "cjk" or _token_task(toks.texts[j], toks.kinds[j]) is not TaskType.DOCUMENTATION:
        return False
    if verb_final or (j > i and toks.texts[j - 1] == "把"):  # "把 docs/faq.md 改一下": the object first
        k = j + 2 if j + 1 < end and toks.texts[j + 1] in _OBJECT_PARTICLES else j + 1
        return (verb := match(toks, k, end, _CHANGE_WORDS)) is not None and verb[0].task is not None
    if j + 1 < end and toks.kinds[j + 1] != "punct":
        return False
    for k in range(max(i, j - _VERB_REACH), j):
        verb = match(toks, k, j, _CHANGE_WORDS)
        if verb is not None and all(toks.texts[m] in _MEASURES for m in range(verb[1], j)):
            return True
    return False


def _cjk_task(toks: Tokens, i: int, end: int) -> tuple[TaskType, int, int] | None:
    """CJK text has no spaces and puts objects before verbs in Japanese: a task verb decides, then a
    task noun other than "code", then a generic verb ("实现", "追加"), then "code" itself."""
    found: dict[str, tuple[TaskType, int, int]] = {}
    texts = toks.texts  # a gloss opens at a "（": only there is _gloss_end asked (not for every character)
    glossed = {
        k for j in range(i, end) if texts[j] in _CLOSING for k in range(j, _gloss_end(toks, j, end) or j)
    }
    glossed.update(k for k in toks.quoted if i <= k < end)
    artifacts = [
        (j, thing[1])
        for j in range(i, end)
        if j not in glossed and (thing := match(toks, j, end, _ARTIFACT)) is not None
    ]
    verb_final = toks.kana_or_hangul_in(i, end)
    # Chinese "X的Y": what comes before the last "的" modifies the noun after it ("能复现 bug 的测试").
    modifier_end = next((j for j in range(end - 1, i, -1) if toks.texts[j] == "的"), i)
    # "把" puts the object before its verb, with the modifier that holds it ("把测试相关的改动 review 一遍")
    disposal = next((j for j in range(i, modifier_end) if toks.texts[j] == "把"), end)
    j = covered = i
    relative = False  # a verb read as a relative clause or a description: then "code" alone names no work
    while j < end:
        hit = match(toks, j, end, _CJK_WORDS) if j not in glossed else None
        if hit is None or _straddles(toks, j, hit[1]):
            if _document_object(toks, i, j, end, verb_final):
                found.setdefault("noun", (TaskType.DOCUMENTATION, j, j + 1))  # "docs/cli.md 갱신": a document
            j += 1
            continue
        entry, after = hit
        if entry.task is None:
            j = after  # a word with no task holds no other: "预测" is no "测", "查询" no "查"
            # "代码写得有点乱": a verb with "得" describes how the code is, as a relative clause does
            relative = relative or entry.tokens[-1] == "得"
            continue
        if (
            toks.kinds[j] == "word"
            and entry.kind in (Kind.VERB, Kind.GENERIC)
            and not _light_verb(toks, after)
        ):
            # "没用的import删掉", "train/test split 部分": a Latin word in CJK text is a noun unless a
            # light verb makes it a verb ("review一下", "refactor して", "리뷰 해")
            if (noun := match(toks, j, end, _TASK_NOUN)) is None or noun[0].task is None:
                j = after
                continue
            entry, after = noun
        if (
            entry.kind in (Kind.VERB, Kind.GENERIC)
            and _modifies_marked_noun(toks, after, end)
            # a task noun too is read as one below ("부하 테스트 스크립트도", "리뷰 개수를 보여주는 위젯")
            and not any(e.kind is Kind.NOUN and e.tokens == entry.tokens for e in toks.ents[j])
        ):
            j = after  # "주문 처리 코드가 너무 커요": a verb noun before a noun is part of its name
            continue
        if (
            entry.kind in (Kind.GENERIC, Kind.VERB)
            and disposal < j
            and after <= modifier_end
            and _names_work(toks, modifier_end + 1, end)
        ):
            j = after  # a task word inside the object "把" puts first: the verb after it decides
            continue
        if entry.kind in (Kind.GENERIC, Kind.VERB) and after < end and toks.texts[after] == "的":
            j = after  # "新加的环境变量", "代码是三年前写的": a relative clause, not the request
            relative = True
            continue
        if entry.kind in (Kind.GENERIC, Kind.VERB) and (time := _time_of(toks, after, end)) is not None:
            j = time  # "开始开发前的检查清单", "修复后的代码", "対応後のテスト": a time that names a thing
            relative = True
            continue
        start, j = j, (after if verb_final else j + 1)  # "計測" is one word, not "計" and "測"
        if after <= covered:
            continue  # "检查一下" holds no "查一下": a word inside a longer one is no word of its own
        covered = after
        if (
            entry.kind is not Kind.GENERIC
            and any(
                a >= after
                # "リファレンスを最新のエンドポイントに": a thing named as a target or a place, not the
                # object, modifies no task word before a particle
                and not (verb_final and _adjunct(toks, a_end) and _phrase_break(toks, after, a))
                # "측정해서 목록 뽑아": a connective or a comma ends the task word's clause before the thing
                and not (verb_final and _next_cut(toks, after - 1, a) < a)
                for a, a_end in artifacts
            )
            # a Chinese verb before "这个", "一下" takes an object: "看看这个类的接口设计" looks at it
            and (verb_final or after >= end or toks.texts[after] not in _ZH_OBJECT_OPENERS)
            # as does one with its measure "一下": "统计一下每个接口的调用次数"
            and entry.tokens[-2:] != ("一", "下")
            # and so does one that ends in where it goes: "挪到 utils", "拆成几个组件", "合并到 utils"
            and (verb_final or not _ZH_GOALS.intersection(toks.texts[after - 1 : after + 1]))
            # and one that opens the clause with no other verb after it: "重构认证接口"
            and (verb_final or not _leads_alone(toks, i, start, after, end))
            # a Chinese noun followed by "里" is where the thing goes: "在文档里补充 API 限流的规则"
            and (verb_final or after >= end or toks.texts[after] not in _ZH_INSIDE)
        ):
            # "「テスト結果一覧」ページ", "문서 뷰어 컴포넌트": the noun names a thing to build; read on
            # inside it, where a longer noun may end in the thing ("負荷テストスクリプト")
            j = start + 1
            continue
        if verb_final and _place_or_means(toks, after, end):
            continue  # "レビューで指摘された箇所を修正", "리뷰에서 지적받은": where or with what
        if entry.kind is Kind.VERB and _modifies_noun(toks, after, end):
            # "日付フォーマットの選択肢を追加", "解析用のスクリプト": the head noun's verb decides (a
            # document or a tool keeps its task: "README の使い方を直して", "ESLint の警告を直して")
            continue
        if (
            entry.kind is not Kind.NOUN
            and found  # the clause's verb came first: "写一个能复现 bug 的测试", but "分析现有的方案"
            and after <= modifier_end
            and _cjk_noun_after(toks, modifier_end + 1, end) is not None
        ):
            continue
        if (
            entry.kind is Kind.VERB
            and verb_final
            and after < end
            and (_marked_noun(toks, after, end) or _bare_object(toks, after, end))
        ):
            # "설명을 추가해", "재현하는 테스트를 작성해": a task word that is a later verb's object, or
            # modifies a noun, is a noun there
            noun = next(
                (e for e in toks.ents[start] if e.kind is Kind.NOUN and e.tokens == entry.tokens), None
            )
            if noun is not None and noun.task is not None:
                if "verb" in found and found["verb"][2] == start and toks.kinds[start] == "cjk":
                    del found["verb"]  # "再現テストを書いて": the compound ends in its head, a test
                found.setdefault("noun", (noun.task, start, after))
            continue
        if entry.kind is Kind.VERB and verb_final and "verb" in found:
            # "説明を追記して": Japanese and Korean end in the verb, what comes before modifies it, as a
            # noun where it is one ("코드 포맷 정리": tidying the format)
            _, earlier, _ = found.pop("verb")
            as_noun = next(
                (
                    e
                    for e in toks.ents[earlier]
                    if e.kind is Kind.NOUN
                    and e.task is not None
                    and tuple(toks.texts[earlier : earlier + len(e.tokens)]) == e.tokens  # not "포매팅"
                ),
                None,
            )
            if as_noun is not None:
                found.setdefault("noun", (as_noun.task, earlier, earlier + len(as_noun.tokens)))
        rank = (
            "verb"
            if entry.kind is Kind.VERB
            else "generic"
            if entry.kind is Kind.GENERIC
            else "weak"  # "检查一下 manifest 有没有坏掉": a check, unless it names other work
            if entry.kind is Kind.WEAK
            else "code"
            if entry.task is TaskType.CODING
            else "noun"
        )
        if rank == "noun" and toks.kinds[start] == "cjk":
            # "架构文档", "テスト仕様書": a compound ends in its head, the noun before modifies it, as do the
            # Korean nouns with no particle between ("아키텍처 개요 문서": a document)
            for modifier in ("noun", "verb"):
                if modifier in found and (
                    found[modifier][2] == start or _korean_compound(toks, found[modifier][2], start)
                ):
                    del found[modifier]
        if rank == "generic" and verb_final:
            # "예외 처리 위주로 봐 주세요": the verb ends the clause, a generic word before it is a noun
            found[rank] = (entry.task, start, after)
        elif rank == "noun" and verb_final and after < end and toks.texts[after] in _ACCUSATIVE:
            # "アーキテクチャの概要をまとめたドキュメントを作って": the noun the object particle marks is
            # the object of the verb after it; a task noun before it is in a modifier
            found[rank] = (entry.task, start, after)
        elif rank == "noun" and not verb_final and (after >= end or toks.kinds[after] == "punct"):
            # "写一份架构概览文档": a Chinese noun phrase ends in its head, the object of the verb before it
            found[rank] = (entry.task, start, after)
        else:
            found.setdefault(rank, (entry.task, start, after))
    verb, noun, generic = found.get("verb"), found.get("noun"), found.get("generic")
    if (
        verb is None
        and noun is not None
        and noun[0] is TaskType.PLANNING
        and generic is not None
        and toks.has_in(generic[1], generic[2], Kind.EXECUTES)
        and noun[1] < generic[1]  # "实现思路" is an approach to implementing: a plan
    ):
        return TaskType.CODING, generic[1], generic[2]  # "按方案把迁移实现了": carries out the plan
    if (
        verb is not None
        and verb[0] is TaskType.REFACTOR
        and noun is not None
        and noun[0] in (TaskType.DOCUMENTATION, TaskType.PLANNING, TaskType.FORMATTING, TaskType.ANALYSIS)
        # "날짜 포맷 함수들 하나로 합치고": a noun that modifies another is no object of the verb
        and not (verb_final and noun[2] < verb[1] and _modifies_next(toks, noun[2], verb[1]))
    ):
        # "API 레퍼런스에 정리", "README にまとめ", "設計方針をまとめ": a document or a plan is written,
        # requirements or causes sorted out ("要件を整理", "요구사항 정리": analysis);
        # "把import顺序整理一下": tidying the imports is formatting ("整理一下 README": the noun may follow)
        return noun[0], min(noun[1], verb[1]), max(noun[2], verb[2])
    if (
        verb is not None
        and verb[0] is TaskType.ANALYSIS
        and noun is not None
        and noun[0] is TaskType.PLANNING
        and noun[1] < verb[1]
        and match_any(toks, i, noun[1], Kind.QUESTION)
    ):
        # "어떻게 설계하면 좋을지 알려 주세요", "どう設計すればいいか教えて": how to design it is a plan
        return TaskType.PLANNING, noun[1], verb[2]
    if (
        verb is None
        and noun is None
        and generic is not None
        and generic[0] is TaskType.CODING
        and "code" in found
        and found["code"][1] < generic[1]
        and toks.has_in(max(i, generic[1] - 2), generic[2], Kind.CONVERTS)
    ):
        # "把旧的回调写法改成 async/await", "콜백 코드를 async/await로 바꾸고": code turned into another form
        # ("把按钮改成蓝色" turns no code: a feature)
        return TaskType.REFACTOR, generic[1], generic[2]
    ranks = ("verb", "noun", "weak", "generic") if relative else ("verb", "noun", "weak", "generic", "code")
    chosen = next((rank for rank in ranks if rank in found), None)
    if (
        chosen == "verb"
        and found["verb"][0] in _WEIGHING_VERBS
        and _after_embedded_question(toks, found["verb"][1])
    ):
        # "…で十分か、検討して", "충분할지 검토해": weighing whether is an investigation, no plan or review
        return TaskType.ANALYSIS, found["verb"][1], found["verb"][2]
    if chosen is not None and (looked := _looked_for(toks, i, end, found[chosen])) is not None:
        return looked, found[chosen][1], found[chosen][2]
    if chosen == "weak" and (
        _asks_which(toks, found["weak"][2], end)
        or _checks_a_thing(toks, found["weak"][1])
        or (i > 0 and toks.texts[i - 1] in _QUESTION_MARKS)  # "誰も使ってなくないですか？確認して": answer it
    ):
        # "先确认一下需要哪些依赖": a check of a question asks it; "DB のスキーマを確認して": a look at a
        # thing reads it; neither runs a test ("全部通ることを確認": that it works, a test)
        return TaskType.ANALYSIS, found["weak"][1], found["weak"][2]
    return found[chosen] if chosen is not None else None


def _cjk_default(toks: Tokens, cue: tuple[TaskType, int, int]) -> bool:
    """Whether a CJK cue is only a verb's default, as English "confirm", "update the state" are: a check
    or a generic verb ("确认", "更新", "作成") whose object names no task. Implementing ("实现", "実装") is
    coding itself."""
    task, start, stop = cue
    words = tuple(toks.texts[start:stop])
    kinds = {
        e.kind for e in toks.ents[start] if e.tokens == words and (e.task is task or e.kind is Kind.EXECUTES)
    }
    return bool(kinds) and kinds <= {Kind.WEAK, Kind.GENERIC}


def _object_names(toks: Tokens, i: int, end: int, cue: tuple[TaskType, int, int]) -> bool:
    """Whether a noun of the cue's own task stands beside it in i..end ("コード" in "コードを修正して"): a
    generic verb's object that names its work, as "the code" in "update the code". A noun that modifies the
    noun after it names a thing ("迁移文件", a migration file, as in "generate the migration file")."""
    task, cue_start, cue_end = cue
    return any(
        (hit := match(toks, j, end, _NOUN_ONLY)) is not None
        and hit[0].task is task
        and (hit[1] >= end or script_of(toks.texts[hit[1]]) not in _COMPOUNDING_SCRIPTS)
        for j in range(i, end)
        if not cue_start <= j < cue_end
    )


_COMPOUNDING_SCRIPTS = frozenset({"han", "katakana"})  # a noun run on into another makes a compound


_NOUN_ONLY = frozenset({Kind.NOUN})


def _command_run(toks: Tokens, i: int, end: int) -> tuple[TaskType, int, int] | None:
    """The work a CJK clause runs as a command in backticks, with a verb of running and no task word
    ("`npm test` を実行する", "运行 `make lint`", "`pytest`를 실행한다"): the command names it, as after
    English "run". A path names no work."""
    if not any(
        (hit := match(toks, j, end, _GENERIC_ONLY)) is not None and hit[0].task is None for j in range(i, end)
    ):
        return None
    for j in range(i, end):
        if (
            toks.kinds[j] == "code"
            and not _PATH_ONLY.fullmatch(toks.texts[j].strip("`"))
            and (task := _token_task(toks.texts[j], "code")) is not None
        ):
            return task, j, j + 1
    return None


_LOOKED_OVER = frozenset({TaskType.ANALYSIS, TaskType.TESTING, TaskType.REFACTOR})  # "見て", "確認", "見直"


def _looked_for(toks: Tokens, i: int, end: int, cue: tuple[TaskType, int, int]) -> TaskType | None:
    """What a CJK look at i..end is for, when its cue is a look ("見て", "看一下", "봐", "확인"): over what
    changed, a review ("変更したファイルをざっと見て", "변경 사항 확인해"); for whether something broke, with
    no question of why, a test run ("壊れていないか見て", "看看有没有挂掉的", "깨지는 거 없는지 봐")."""
    task, cue_start, cue_end = cue
    if task not in _LOOKED_OVER or not toks.has_in(cue_start, cue_end, Kind.LOOK):
        return None
    if match_any(toks, i, end, Kind.CHANGES):
        return TaskType.REVIEW
    if (
        task is TaskType.ANALYSIS
        and match_any(toks, i, end, Kind.BREAKS)
        and match_any(toks, i, end, Kind.WHETHER)
        and not _asks_which(toks, i, end)
    ):
        return TaskType.TESTING
    return None


_NAMING_BLOCKS = frozenset({"item", "heading"})
_LABEL_COLONS = frozenset({":", "："})
_ANY_VERB = frozenset({*_VERBISH, Kind.READER, Kind.WRITER})  # "读取当前的 issue 文档" reads it


def _cjk_noun_only(toks: Tokens, i: int, end: int, cue_start: int, cue_end: int) -> bool:
    """Whether a CJK clause only names a thing: its cue is a noun and no verb stands beside it ("**变更日志**
    (`CHANGELOG.md`)", "テスト仕様書"), as an English noun phrase leads with no verb. In Japanese and Korean a
    verb noun right before the head noun modifies it ("テスト" in "テスト仕様書"); a Chinese one may take it
    for its object ("阅读文档")."""
    cue = tuple(toks.texts[cue_start:cue_end])
    if any(e.kind in _ANY_VERB and e.tokens == cue for e in toks.ents[cue_start]):
        if not _compound_noun(toks, i, end, cue_start, cue_end):
            return False  # "実装" is a noun too, but "機能を実装する" implements
    elif not any(e.kind is Kind.NOUN for e in toks.ents[cue_start]):
        return False
    verb_final = toks.kana_or_hangul_in(i, end)
    for j in range(i, end):
        if _inside_hangul_word(toks, j):
            continue  # "에이전트" spells "이전" (migrate): a Korean verb noun opens its word
        hit = match(toks, j, end, _ANY_VERB) if not cue_start <= j < cue_end else None
        # a verb noun right before the cue modifies it; a taskless one right after it ("テスト実行", a test
        # run) heads the compound
        if hit is not None and not (
            verb_final and (hit[1] == cue_start or (j == cue_end and hit[0].task is None))
        ):
            return False
    return True


# Characters after which a Chinese verb is a verb ("请确认", "然后提交", "把它删除"), not the head of a noun
_VERB_BEFORE = frozenset("把将请先再要需并也都就还又和与或及让给对在从按后来去会能可应须必")
# What may stand between the words of a noun compound: a Japanese, Korean or Chinese "of"
_CJK_OF = frozenset({"の", "의", "的"})
_NOUN_AFTER = frozenset("(（:：-—")  # a bracket, a colon or a dash ends the noun compound of a label


def _compound_noun(toks: Tokens, i: int, end: int, cue_start: int, cue_end: int) -> bool:
    """Whether a CJK verb noun in a heading or a list item is a noun in a compound, as English "Strategy
    formulation" and "Analysis agent" are: after the thing it works on with no particle or light verb
    ("策略制定", "テスト実行", "모드 비교"), or, in Japanese and Korean, before the noun it names ("문서 분석
    에이전트", "レビュー観点"; a Chinese verb before a noun takes it for its object: "制定计划")."""
    if toks.texts[cue_end - 1] in _LIGHT_VERB_STARTS or any(
        script_of(toks.texts[j]) == "hiragana" for j in range(cue_start, cue_end)
    ):
        return False  # "요약해 주세요", "読んで": the cue holds its verb's ending
    cut = next((j for j in range(cue_end, end) if toks.texts[j] in _NOUN_AFTER), end)
    after = [j for j in range(cue_end, cut) if toks.kinds[j] == "cjk"]
    verb_final = toks.kana_or_hangul_in(i, cut)
    if after:
        first = after[0]
        return (
            verb_final
            and not any(
                script_of(toks.texts[j]) == "hiragana" and toks.texts[j] not in _CJK_OF for j in after
            )
            # "분석해" ends its verb; "분석 결과" names a thing
            and not (
                toks.starts[first] == toks.ends[cue_end - 1] and script_of(toks.texts[first]) == "hangul"
            )
            and not any(
                toks.texts[j] in _LIGHT_VERB_STARTS for j in after if toks.starts[j] != toks.ends[j - 1]
            )
        )
    before = [j for j in range(i, cue_start) if toks.kinds[j] in ("cjk", "word")]
    if not before or before[-1] != cue_start - 1:
        return False  # "第1步：理解": a label before it, no noun
    word = toks.texts[before[-1]]
    if word in _VERB_BEFORE or word in _OBJECT_PARTICLES or word in ("에", "로", "도"):
        return False  # "コードを分析", "코드를 분석", "请确认"
    return not any(script_of(toks.texts[j]) == "hiragana" and toks.texts[j] not in _CJK_OF for j in before)


_SAID_BEFORE = 60  # tokens looked back for the subject a Japanese or Korean verb drops: two sentences or so
_NOUN_CHARACTERS = 8  # the longest noun looked back for before its particle ("コーディング規約")
_DROPPED_OBJECTS = frozenset({TaskType.DOCUMENTATION, TaskType.FORMATTING, TaskType.REFACTOR})
_RULED_OUT = frozenset({Kind.NEGATION, Kind.NEGATION_AFTER})
_STATES = frozenset({Kind.STATEMENT})
_LACKING = frozenset({Kind.LACKS})
_JAPANESE_ABOUT = ["に", "つ", "い", "て"]  # "について": about
_TOPIC_PARTICLES = frozenset({"が", "は", "も", "、", "가", "이", "은", "는", "도"})


def _object_said_before(toks: Tokens, i: int, end: int, found: tuple[TaskType, int, int]) -> TaskType | None:
    """The task of the document, formatting or naming that a CJK clause with a generic verb and no object
    of its own works on, named just before it as the subject of a state ("docstring がほとんどないので、全メ
    ソッドに書いて", "README 里的安装步骤过时了，更新一下"): these languages drop what was just said."""
    task, cue_start, _ = found
    tidies = task is TaskType.REFACTOR  # "import の順番がめちゃくちゃなので整えて": tidying what was said
    if (
        task not in (TaskType.CODING, TaskType.REFACTOR)
        or not any(e.kind in _TIDYING_OR_GENERIC and e.task is task for e in toks.ents[cue_start])
        or toks.has(cue_start, Kind.EXECUTES)  # "実装して", "구현해": implementing builds code
        or any(
            toks.texts[j] in _OBJECT_PARTICLES or match(toks, j, cue_start, _THING_NOUNS) is not None
            for j in range(i, cue_start)
        )
    ):
        return None
    if not toks.kana_or_hangul_in(i, end):
        # a Chinese object follows its verb, or comes first with "把", "这个"
        if any(toks.texts[j] in _ZH_DEMONSTRATIVES or toks.kinds[j] != "cjk" for j in range(i, end)):
            return None
        return _tidied(_chinese_subject_before(toks, i), tidies)
    for j in range(i - 1, max(-1, i - _SAID_BEFORE), -1):
        if match(toks, j, i, _RULED_OUT) is not None and not _inside_lack(toks, j, i):
            return None  # "문서는 제외하고": what was ruled out ("テストがないですね" rules nothing out)
        if toks.texts[j] not in _TOPIC_PARTICLES or j == 0 or match(toks, j, i, _CONJUNCTIONS) is not None:
            continue  # "들여쓰기가 탭이랑 스페이스": "이랑" joins a noun to the subject, it marks none
        # "テストについて、追加をお願いします": what the request is about is its object, whatever its task
        about = toks.texts[max(0, j - len(_JAPANESE_ABOUT)) : j] == _JAPANESE_ABOUT
        said = j - len(_JAPANESE_ABOUT) if about else j
        for k in range(said - 1, max(-1, said - _NOUN_CHARACTERS - 1), -1):
            hit = match(toks, k, said, _THING_NOUNS)
            if hit is not None and hit[1] == said and hit[0].task is not None:
                return _tidied(hit[0].task if about else _dropped_object(toks, hit[0].task, j, i), tidies)
    return None


_TIDYING_OR_GENERIC = frozenset({Kind.GENERIC, Kind.VERB})
_LACK_OPENING = 2  # how far before a negation a lack that holds it opens: "が" of "がないで(すね)"


def _inside_lack(toks: Tokens, j: int, end: int) -> bool:
    """Whether token j lies inside a phrase that says something is missing ("テストが*ないで*すね": the
    polite "ないです", no "しないで")."""
    return any(
        (lack := match(toks, k, end, _LACKING)) is not None and lack[1] > j
        for k in range(max(0, j - _LACK_OPENING), j)
    )


def _tidied(task: TaskType | None, tidies: bool) -> TaskType | None:
    """The dropped object's task for a tidying verb: documents and formatting are tidied in their own kind
    of work ("importの順番がめちゃくちゃなので整えて"); other things are refactored."""
    return task if not tidies or task in _TIDIED_BY_TOPIC else None


def _dropped_object(toks: Tokens, task: TaskType, said: int, i: int) -> TaskType | None:
    """The task a dropped object gives the verb at i, said at `said` before it: a document, formatting or
    naming; tests where they are said to be missing ("テストが足りないので追加して" writes tests, "テストが落
    ちています。直して" fixes the code)."""
    if task is TaskType.TESTING:
        return task if match_any(toks, said, i, Kind.LACKS) else None
    return task if task in _DROPPED_OBJECTS else None


def _chinese_subject_before(toks: Tokens, i: int) -> TaskType | None:
    """The task of the subject of a Chinese statement right before token i ("命名不太好，帮我改改"), where
    it names a document, formatting or naming."""
    stop = i
    while stop > max(0, i - _SAID_BEFORE) and toks.kinds[stop - 1] != "punct":
        stop -= 1  # back to the clause's start, over "帮我"
    while stop > 0 and toks.kinds[stop - 1] == "punct":
        stop -= 1
    start = stop
    while start > max(0, i - _SAID_BEFORE) and toks.kinds[start - 1] != "punct":
        start -= 1
    found = _cjk_task(toks, start, stop) if start < stop else None
    if found is None or not _chinese_statement(toks, start, stop, found[1], found[2]):
        return None
    return _dropped_object(toks, found[0], start, i)


_KOREAN_PARTICLES = frozenset({*_OBJECT_PARTICLES, "에", "로"})


_COMPOUND_REACH = 4  # syllables of bare nouns between a Korean modifier and its head ("개요", "설명")


def _korean_compound(toks: Tokens, after: int, head: int) -> bool:
    """Whether the Korean noun ending at `after` runs through bare nouns into the head noun at `head`, with no
    particle and no other script between ("아키텍처 개요 문서")."""
    return (
        head - after <= _COMPOUND_REACH
        and all(script_of(toks.texts[j]) == "hangul" for j in range(after, head))
        and _modifies_next(toks, after, head)
    )


def _modifies_next(toks: Tokens, after: int, verb: int) -> bool:
    """Whether the Korean noun ending at `after` runs into another noun before the verb at `verb` with no
    particle after it ("날짜 포맷 함수들 하나로 합치고": "포맷" names the functions, they are merged)."""
    return (
        after < verb
        and script_of(toks.texts[after]) == "hangul"
        and toks.starts[after] != toks.ends[after - 1]
        and toks.texts[after] not in _KOREAN_PARTICLES
        and match(toks, after, verb, _CJK_WORDS) is None
    )


_ADJUNCT_PARTICLES = frozenset({"に", "で", "へ", "と", "から", "에", "로", "와", "과"})


_ANY_KIND = frozenset(Kind)
# Syllables of 하다 and 되다: a Korean word holding one is a verb ("진행해", "완료된"), no noun
_LIGHT_VERB_SYLLABLES = frozenset("하해한할했합함되돼된될됐됩")
# What ends a Korean noun marked as a subject, topic, object, owner or place ("코드가", "부분이", "로직에서")
_NOUN_ENDINGS = frozenset("이가은는의에을를도서")
_NOUN_SCRIPTS = frozenset({"han", "katakana"})
_JAPANESE_NOUN_PARTICLES = frozenset("がはをにでもの")


def _modifies_marked_noun(toks: Tokens, after: int, end: int) -> bool:
    """Whether the word ending at `after` modifies the next one, a noun a particle marks: a verb noun is
    then part of a name ("에러 처리 부분이 엉망이에요", "로그 분석 스크립트가", "データ移行ツールが重い")."""
    if after >= end or toks.kinds[after] != "cjk":
        return False
    script = script_of(toks.texts[after - 1])
    if script == "hangul":
        # Korean spaces its words apart: the next word, with its particle
        if script_of(toks.texts[after]) != "hangul" or toks.starts[after] == toks.ends[after - 1]:
            return False
        stop = after + 1
        while stop < end and toks.kinds[stop] == "cjk" and toks.starts[stop] == toks.ends[stop - 1]:
            stop += 1
        word = toks.texts[after:stop]
        marked = (
            len(word) >= 2
            # or said alone, politely: "특히 트랜잭션 처리 부분이요"
            and (word[-1] in _NOUN_ENDINGS or word[-2:] == ["이", "요"])
            and not _LIGHT_VERB_SYLLABLES.intersection(word)
        )
    elif script in _NOUN_SCRIPTS:
        # Japanese writes a compound solid: kanji or katakana on to the particle after it
        stop = after
        while (
            stop < end
            and script_of(toks.texts[stop]) in _NOUN_SCRIPTS
            and toks.starts[stop] == toks.ends[stop - 1]
        ):
            stop += 1
        marked = after < stop < end and toks.texts[stop] in _JAPANESE_NOUN_PARTICLES
    else:
        return False
    known = match(toks, after, stop, _ANY_KIND)
    # a word the lexicon knows as a noun, or not at all ("다음에" orders, "テスト" is work)
    return marked and (known is None or known[0].kind in (Kind.NOUN, Kind.ARTIFACT))


def _adjunct(toks: Tokens, after: int) -> bool:
    """Whether the noun ending at `after` is marked as a place, a target or a means ("エンドポイントに")."""
    return after < len(toks) and toks.texts[after] in _ADJUNCT_PARTICLES


def _phrase_break(toks: Tokens, i: int, end: int) -> bool:
    """Whether a Japanese case particle, or a Korean one that ends its word, stands in i..end."""
    return any(
        toks.texts[j] in _JAPANESE_PARTICLES
        or (
            toks.texts[j] in _KOREAN_PARTICLES
            and script_of(toks.texts[j]) == "hangul"
            and (j + 1 >= len(toks) or toks.starts[j + 1] != toks.ends[j])
        )
        for j in range(i, end)
    )


def _polite_statement(toks: Tokens, end: int, found: tuple[TaskType, int, int]) -> bool:
    """Whether a Japanese clause that names only code ends in a plain polite "です" or "ます": it states
    ("いまのコードだと競合が起きそうです"); a request says "ください", "お願いします", "ほしいです"."""
    task, cue_start, cue_end = found
    return (
        task is TaskType.CODING
        and match(toks, cue_start, cue_end, _VERBISH) is None
        and end >= 2
        and toks.texts[end - 2 : end] in (["で", "す"], ["ま", "す"])
        and not match_any(toks, cue_end, end, Kind.REQUEST_OBJECT)
        and not any(toks.texts[j] in ("い", "願") for j in range(max(cue_end, end - 4), end - 2))
    )


_CAUSE_REACH = 4  # how far into a clause its causative may stand: "我想让", "希望能让"
_CAUSES = frozenset({Kind.CAUSES})


def _caused(toks: Tokens, i: int, end: int) -> tuple[TaskType, int, int] | None:
    """A Chinese clause that names no task but asks to make the code behave so ("我想让这个函数返回字典",
    "使配置项可以通过环境变量覆盖"): building that behaviour is coding, whatever the predicate."""
    if toks.kana_or_hangul_in(i, end):
        return None
    for c in range(i, min(i + _CAUSE_REACH, end)):
        if (cause := match(toks, c, end, _CAUSES)) is None:
            continue
        word = match(toks, c, end, _GENERIC_ONLY)
        if cause[1] >= end or (word is not None and word[0].task is None and word[1] > cause[1]):
            return None  # "使用 Redis", "让我看看": no making the code so
        return TaskType.CODING, c, end
    return None


_QUESTIONS = frozenset({Kind.QUESTION})
_YES_NO = frozenset({Kind.YES_NO})


def _asks_which(toks: Tokens, i: int, end: int) -> bool:
    """Whether a question other than a yes-or-no one stands in i..end ("哪些", not "有没有")."""
    return any(
        match(toks, j, end, _QUESTIONS) is not None and match(toks, j, end, _YES_NO) is None
        for j in range(i, end)
    )


_NOMINALIZER_ENDS = frozenset({"と", "の"})  # "ことを確認", "のを確認": that something is so


_CRITERIA = frozenset({Kind.HEADING_CRITERIA})


def _checks_a_thing(toks: Tokens, cue_start: int) -> bool:
    """Whether a Japanese check takes a thing as its object ("スキーマを確認"), not that something is so, nor
    a list of what to check ("次のチェック項目を確認": a check of the work)."""
    particle = cue_start - 1
    return (
        cue_start >= 2
        and toks.texts[particle] == "を"
        and toks.kinds[particle - 1] == "cjk"
        and toks.texts[particle - 1] not in _NOMINALIZER_ENDS
        and not any(
            (criteria := match(toks, k, particle, _CRITERIA)) is not None and criteria[1] == particle
            for k in range(max(0, particle - _NOUN_CHARACTERS), particle)
        )
    )


_QUESTION_MARKS = frozenset({"?", "？"})


def _bare_question(toks: Tokens, start: int, end: int) -> bool:
    """Whether the clause start..end closes a question whose sentence names no work ("走索引了吗？"; "这个类太
    大了，能不能拆成几个小的？" asks for the split)."""
    return (
        end < len(toks)
        and toks.texts[end] in _QUESTION_MARKS
        and not _names_work(toks, _sentence_start(toks, start), end)
        and not match_any(toks, _sentence_start(toks, start), end, Kind.REQUEST_VERB)
    )


def _closing_bug(toks: Tokens, i: int, end: int) -> bool:
    """Whether a CJK clause closing a text (its block) that names no work says something is broken
    ("ページネーションが壊れてます", "分页从第二页开始就坏了", "페이지네이션이 깨져요"): said to an agent, a
    bug asks for its fix."""
    return (
        _closes_text(toks, end)
        and match_any(toks, i, end, Kind.BROKEN)
        and not _names_work(toks, 0, len(toks))
        and not match_any(toks, 0, len(toks), Kind.QUESTION)
    )


_PREPARING = frozenset({TaskType.ANALYSIS, TaskType.PLANNING})


def _inside_taskless_word(toks: Tokens, i: int, j: int) -> bool:
    """Whether token j lies inside a word with no task opening after token i ("级别": a level, no "别")."""
    return any(
        (hit := match(toks, k, len(toks), _CJK_WORDS)) is not None and hit[0].task is None and hit[1] > j
        for k in range(max(i, j - _NOUN_CHARACTERS), j)
    )


_ALTERNATIVE = ("还", "是")  # "是继续用 Webpack 还是换成 Vite": one option or the other
_OPTION_COMMAS = frozenset("、,，")


def _weighed_option(toks: Tokens, start: int, end: int) -> bool:
    """Whether a CJK clause names one option of a choice, an embedded question before a comma ("導入するか、",
    "도입하는 게 나을지,") or an alternative ("还是"): with a weighing after it, no work of its own."""
    last = end - 1
    while last > start and toks.kinds[last] == "punct":
        last -= 1
    before_comma = last + 1 < len(toks) and toks.texts[last + 1] in _OPTION_COMMAS
    if before_comma and toks.texts[last] == "か" and last > start:
        return True
    if before_comma and last > start and _asks_whether(toks, last):
        return True
    return any(
        tuple(toks.texts[j : j + 2]) == _ALTERNATIVE for j in range(start, min(len(toks) - 1, end + 2))
    )


def _weighed_after(toks: Tokens, end: int) -> bool:
    """Whether the text just after token `end` weighs options: an analysis or a plan asked for, or what is
    weighed named ("メリット・デメリットを整理", "利弊")."""
    return _prepared_after(toks, end) or any(
        (hit := match(toks, j, len(toks), _CJK_WORDS)) is not None
        and hit[0].kind is Kind.NOUN
        and hit[0].task is TaskType.ANALYSIS
        for j in range(end, min(len(toks), end + _CJK_REACH))
    )


_WEIGHING_VERBS = frozenset({TaskType.PLANNING, TaskType.REVIEW})  # "検討", "검토"
_WHETHER_OR_NOT = ("か", "ど", "う", "か")


def _after_embedded_question(toks: Tokens, cue_start: int) -> bool:
    """Whether the Japanese or Korean verb at `cue_start` follows a yes-or-no question it takes as its object
    ("十分か、検討して", "충분할지 검토해"), with no question word before it ("どう直すか、検討": a plan)."""
    j = cue_start - 1
    while j >= 0 and toks.kinds[j] == "punct" and toks.texts[j] in _OPTION_COMMAS:
        j -= 1
    if j <= 0:
        return False
    # a Japanese one closes a list of options with a comma ("問題ないかレビューして" reviews)
    embedded = (toks.texts[j] == "か" and j < cue_start - 1) or (
        _asks_whether(toks, j)
        and toks.starts[cue_start] != toks.ends[j]  # "할지 검토": a word of its own before the verb
    )
    # "導入するかどうか検討": the "どう" of "かどうか" (whether or not) asks no question of its own
    asked = j - 3 if tuple(toks.texts[j - 3 : j + 1]) == _WHETHER_OR_NOT else j
    return embedded and not _asks_which(toks, _sentence_start(toks, j), asked)


def _prepared_after(toks: Tokens, end: int) -> bool:
    """Whether the text just after token `end` (_CJK_REACH tokens) asks for an analysis or a plan: a verb
    or a plan noun."""
    return any(
        (hit := match(toks, j, len(toks), _CJK_WORDS)) is not None
        and hit[0].task in _PREPARING
        and (hit[0].kind is Kind.VERB or (hit[0].kind is Kind.NOUN and hit[0].task is TaskType.PLANNING))
        for j in range(end, min(len(toks), end + _CJK_REACH))
    )


def _closes_text(toks: Tokens, end: int) -> bool:
    """Whether only punctuation follows token `end` (checked from `end` on: no copy of the rest)."""
    return all(toks.kinds[j] == "punct" for j in range(end, len(toks)))


def _sentence_start(toks: Tokens, i: int) -> int:
    """The first token of the sentence token i stands in, or the token _CJK_REACH before it (a run of
    clauses with no full stop is no walk back to its start from every one of them)."""
    floor = max(0, i - _CJK_REACH)
    while i > floor and toks.texts[i - 1] not in _SENTENCE_END:
        i -= 1
    return i


def _closing_lack(toks: Tokens, i: int, end: int, found: tuple[TaskType, int, int]) -> bool:
    """Whether a CJK clause that closes its text only remarks that the thing its task noun names is
    missing ("テストがないですね", "테스트가 없네요", "没有测试啊"): said to an agent, that asks for the
    thing; before a request ("没有测试，帮我搭一下框架") it is context the request reads (_dropped_object)."""
    task, cue_start, cue_end = found
    if not toks.kana_or_hangul_in(i, end):
        # Chinese "没有" before a verb negates it ("测试没有跑", "没有测试过"): the noun, or its lack,
        # ends the clause but for a sentence particle
        closing = next(
            (j for j in range(end, cue_end, -1) if toks.texts[j - 1] not in _ZH_FINAL_PARTICLES), cue_end
        )
        if (lack := match(toks, cue_end, end, _LACKING)) is not None and lack[1] == closing:
            closing = cue_end
        if closing != cue_end:
            return False
    return (
        _closes_text(toks, end)
        and any(e.kind is Kind.NOUN and e.task is task for e in toks.ents[cue_start])
        and not _names_work(toks, i, cue_start)
        and not _names_work(toks, cue_end, end)
        # "테스트는 필요 없어요": no need is no lack
        and not any(
            match(toks, j, end, _RULED_OUT) is not None and not _inside_lack(toks, j, end)
            for j in range(i, end)
        )
        and (match_any(toks, cue_end, end, Kind.LACKS) or _lack_before(toks, i, cue_start))
    )


def _lack_before(toks: Tokens, i: int, cue_start: int) -> bool:
    """Whether a lack stands right before the task noun at cue_start, or before the Latin words that open
    its compound ("没有测试", "没有 E2E 测试")."""
    noun_start = cue_start
    while noun_start > i and toks.kinds[noun_start - 1] == "word":
        noun_start -= 1
    return any(
        (lack := match(toks, j, noun_start, _LACKING)) is not None and lack[1] == noun_start
        for j in range(max(i, noun_start - _NEGATION_REACH), noun_start)
    )


_DESCRIBED = frozenset({Kind.DESCRIBED})
_DEMONSTRATIVES = frozenset({Kind.DEMONSTRATIVE})
_STRICT_OBJECT_PARTICLES = frozenset({"を", "을", "를"})
_SUBJECT_MARKERS = frozenset({"は", "が", "는", "은", "가", "이"})  # a topic or subject particle
_ASKS_ENDINGS = frozenset({Kind.ASKS_ENDING})
_LONGEST_ASK = 5  # tokens of the longest request ending ("てください")


def _describes(toks: Tokens, i: int, end: int) -> bool:
    """Whether a CJK clause opens with a tool or an agent as its subject ("このスクリプトは", "该脚本会", "이
    스크립트는") and says what it does: the English twin puts the subject before its verb ("The script
    generates the changelog"), which is no imperative. A Japanese or Korean one needs an object after its
    subject ("スクリプトは実行して" topicalises what to run) and no request ending."""
    opening = _skip(toks, i, end, _DEMONSTRATIVES)
    found = match(toks, opening, end, _DESCRIBED)
    if found is None:
        return False
    if not any(_kana_or_hangul(toks.texts[j]) for j in range(found[1], end) if toks.kinds[j] == "cjk"):
        # Chinese: the modal that ends the entry ("会", "负责") says it describes ("CI 里也加上检查" asks)
        return script_of(toks.texts[found[1] - 1]) == "han"
    if found[1] >= end or toks.texts[found[1]] not in _SUBJECT_MARKERS:
        return False  # "スクリプトを実行して": no subject
    found = (found[0], found[1] + 1)
    # the ending may lie past the clause, which ends at its verb ("生成|して") or before "と" ("するこ|と")
    return any(toks.texts[j] in _STRICT_OBJECT_PARTICLES for j in range(found[1], end)) and not any(
        (ending := match(toks, j, len(toks), _ASKS_ENDINGS)) is not None and ending[1] >= end
        for j in range(max(found[1], end - _LONGEST_ASK), min(len(toks), end + _LONGEST_ASK))
        if toks.kinds[j] == "cjk"
    )


def _chinese_statement(toks: Tokens, i: int, end: int, cue_start: int, cue_end: int) -> bool:
    """Whether a Chinese clause with no verb names its task word as the subject of a statement: an adverb
    or a predicate of state follows it ("测试不稳定", "代码太乱了", "README 里的步骤过时了"). Chinese
    marks no subject with a particle (Japanese "が", Korean "가" do: see _subject_only)."""
    # right after the task word; further on only when it is no verb ("README 里的安装步骤过时了", but "帮我
    # review 一下有没有遗漏" asks)
    last = end if match(toks, cue_start, cue_end, _VERBISH) is None else cue_end + 1
    states = (
        (j, found[1]) for j in range(cue_end, last) if (found := match(toks, j, end, _STATES)) is not None
    )
    state = next(states, None)
    if state is None and (
        _lack_before(toks, i, cue_start) or match(toks, cue_end, end, _LACKING) is not None
    ):
        state = (cue_start, cue_end)  # "这个项目没有测试", "测试没有": what is missing, stated
    return (
        state is not None
        # no verb besides the task word itself ("测试" is a verb too; "一直" holds no "直")
        and not _names_work(toks, i, cue_start)
        and not _names_work(toks, cue_end, state[0])
        and not _names_work(toks, state[1], end)
        and not toks.kana_or_hangul_in(i, end)
    )


def _inside_hangul_word(toks: Tokens, i: int) -> bool:
    return (
        i > 0
        and toks.starts[i] == toks.ends[i - 1]
        and script_of(toks.texts[i]) == "hangul"
        and script_of(toks.texts[i - 1]) == "hangul"
    )


def _straddles(toks: Tokens, i: int, after: int) -> bool:
    """Whether a Hangul word read at i..after starts inside a word and runs over a space: Korean is matched
    with its spaces ignored, so "부분 리팩토링" holds "분리" (separate) but no word is spelt so. (A phrase may
    open with the particle that ends a word: "공통 함수로 빼".)"""
    return (
        i > 0
        and script_of(toks.texts[i]) == "hangul"
        and toks.texts[i] not in _KOREAN_PARTICLES
        and toks.texts[i] != "으"
        and toks.starts[i] == toks.ends[i - 1]
        and script_of(toks.texts[i - 1]) == "hangul"
        and any(toks.starts[k] != toks.ends[k - 1] for k in range(i + 1, after))
    )


def _marked_noun(toks: Tokens, after: int, end: int) -> bool:
    """Whether a particle ("を", "을") or an adnominal ending ("하는", "한", "した") follows a word at
    `after`, and a task word comes later: the word is an object or a modifier, not the clause's verb."""
    if after >= end or toks.starts[after] != toks.ends[after - 1]:
        return False
    word = toks.texts[after]
    if word == "하" and after + 1 < end and toks.texts[after + 1] in ("는", "던"):
        after += 1
    elif word in ("し", "す") and after + 2 < end and toks.texts[after + 1] in ("た", "る"):
        # "共通化したものに", "固定するテスト": a Japanese relative clause before its noun ("する前に",
        # "した後で" end a subordinate clause instead)
        head = after + 2
        if not (
            (toks.texts[head] == "も" or script_of(toks.texts[head]) in ("han", "katakana"))
            and not any(toks.has(head, kind) for kind in (Kind.BEFORE, Kind.AFTER, Kind.THEN))
        ):
            return False
        after += 1
    elif word not in _OBJECT_PARTICLES and word not in ("한", "할", "된"):
        return False
    return any(
        (hit := match(toks, j, end, _CJK_WORDS)) is not None and hit[0].task is not None
        for j in range(after + 1, end)
    )


_GENERIC_ONLY = frozenset({Kind.GENERIC})


def _leads_alone(toks: Tokens, i: int, start: int, after: int, end: int) -> bool:
    """Whether the Chinese task word at start..after opens the clause (after "请", "帮我", "先") and no
    other verb follows it: the clause's verb, with its object after it ("重构认证接口"; in "测试报告页面加个
    按钮" the verb is "加")."""
    return _skip(toks, i, end, _LEADING) == start and not any(
        (hit := match(toks, j, end, _VERBISH)) is not None and hit[0].task is not None
        for j in range(after, end)
    )


def _bare_object(toks: Tokens, after: int, end: int) -> bool:
    """Whether the Korean word ending at `after` is the object of a generic verb that follows it with no
    particle ("응답 시간 측정 추가해": adding a measurement; speech drops "을"): the verb decides."""
    if script_of(toks.texts[after - 1]) != "hangul" or toks.starts[after] == toks.ends[after - 1]:
        return False
    verb = match(toks, after, end, _GENERIC_ONLY)
    return verb is not None and verb[0].task is not None and script_of(toks.texts[after]) == "hangul"


def _cjk_noun_after(toks: Tokens, i: int, end: int) -> Entry | None:
    """The first task noun in i..end."""
    for j in range(i, end):
        hit = match(toks, j, end, _TASK_NOUN)
        if hit is not None and hit[0].task is not None:
            return hit[0]
    return None


def _condition(text: str, toks: Tokens, verb: int, cue_end: int, end: int) -> tuple[bool, str | None]:
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


def _span(toks: Tokens, i: int, end: int) -> tuple[int, int]:
    """Text offsets of tokens i..end, the last word completed: CJK text is one token a character, and a
    clause may stop inside a word ("実装するこ|と", "추가|해")."""
    while (
        end < len(toks)
        and toks.starts[end] == toks.ends[end - 1]
        and _same_word(toks.texts[end - 1], toks.texts[end])
    ):
        end += 1
    return toks.starts[i], toks.ends[end - 1]


def script_of(char: str) -> str:
    """The script of a token's last character: "hiragana", "katakana", "hangul", "han" or "other"."""
    code = ord(char[-1])
    if code < 0x3040:  # below kana, where every CJK range starts: most text
        return "other"
    if 0x3040 <= code <= 0x309F:
        return "hiragana"
    if 0x30A0 <= code <= 0x30FF:
        return "katakana"
    if 0xAC00 <= code <= 0xD7AF:
        return "hangul"
    return "han" if is_cjk(char[-1]) else "other"


def _same_word(before: str, after: str) -> bool:
    """Whether two adjacent CJK characters belong to one word: a run of kana or Hangul, or kanji with
    the hiragana that inflects it ("実装する"). Han characters each may be a word: no dictionary here."""
    first, second = script_of(before), script_of(after)
    return (first == second and first in ("hiragana", "katakana", "hangul")) or (
        first == "han" and second == "hiragana"
    )


def _text(text: str, toks: Tokens, i: int, end: int) -> str:
    return " ".join(text[toks.starts[i] : toks.ends[end - 1]].split()) if i < end else ""
