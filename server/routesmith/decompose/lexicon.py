"""The decomposer's vocabulary: the TOML files in data/, indexed for longest-match lookup.

Every entry is a phrase (a tuple of lower-case tokens, `*` standing for up to three tokens) with a role
(`Kind`), a task where the role has one, and the language it came from. Roles that depend on grammar
(boundaries, determiners) are looked up in the language of the clause's verb, so "a" ends no English
noun phrase just because it is a Spanish preposition.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterator
from enum import IntEnum
from pathlib import Path
from typing import Any

import msgspec

from routesmith import compiled
from routesmith.model import TaskType

WILDCARD = "*"
WILDCARD_SPAN = 8  # a `*` matches one to this many tokens (never across punctuation or "and"/"then")
WILDCARD_SPAN_LONG = 12  # in a verb-last language: a separable verb's object ("stell ... um") runs long


class Kind(IntEnum):
    VERB = 1  # decides the task
    GENERIC = 2  # the object decides; the entry's task is the default (None: no task of its own)
    WEAK = 3  # only what follows can name a task
    NOUN = 4  # names a task
    ARTIFACT = 5  # a thing to build: makes its noun phrase coding work
    CONTAINER = 6  # no task of its own: the words around it decide
    FILLER = 7
    REQUEST_VERB = 8  # "can you" + verb
    REQUEST_OBJECT = 9  # "we need" + noun phrase
    NEGATION = 10  # rules the following task out
    NEGATION_AFTER = 11  # rules the clause's task out from behind ("tests aren't needed")
    THEN = 12
    FIRST = 13
    LAST = 14
    BEFORE = 15  # "before X": the main clause comes first
    AFTER = 16  # "after X": X comes first
    BOUNDARY = 17  # ends a verb's object
    DETERMINER = 18
    RULE = 19  # a standing rule, in instruction files
    QUESTION = 20
    QUESTION_PLANNING = 21
    META = 22  # about the answer, not the code
    OPTIONAL = 23  # "if needed"
    CONDITION = 24  # "if", "when": starts a condition
    NOT_CONDITION = 25  # verbs after which "if" asks a question
    GATE = 26  # approval gate
    HEADING_TASK = 28
    HEADING_STEP = 29
    CONJUNCTION = 30
    CONTRAST = 31  # "but": a new clause
    PURPOSE = 32  # "so that": what follows is no step
    NEGATION_SPLIT = 33  # "without": a new, negated clause
    NEGATION_OBJECT = 34  # "no" before a noun
    EARLY_TEST = 35  # a test written before the code
    WITH = 36  # "with tests": a second step
    RULE_INSIDE = 37  # "new code": a rule, in instruction files
    TEMPLATE = 38  # "Use this output format:": what follows is a template
    RESULT = 39  # "the issues you find": works on the previous step's output
    PLACE = 40  # a document: its sections and what lands in it are documentation
    ADVERB = 41  # never a noun phrase's head
    PART = 42  # a part of a document ("page", "section"): documentation where the topic is docs
    WRITER = 43  # a verb that writes: documents and their parts become documentation work
    STATEMENT = 44  # a finite verb: a list item holding one states something
    BEFORE_PREVIOUS = 45  # "before that": this clause precedes the ones said already
    AUX = 46  # "how *does* it work": a question without "?"
    SUBJECT = 47  # "you", "we": skipped after a subordinator
    PASSIVE = 48  # "needs to be": makes a participle a request
    VERIFY = 49  # "measure": after code is written, an analysis that checks it
    SUMMARY = 50  # "## Goal": a heading that sums up the request
    CONFIDENT = 51  # a generic verb whose default task stands without an object ("implement it")
    ELABORATION = 52  # "... including:": the list after it names parts, not steps
    DONE = 53  # "has been moved", "was applied": a passive that reports, never one that asks
    EXECUTES = 54  # "implement the plan": a verb that carries out a plan is coding, whatever it carries out
    OWN_SUBJECT = 55  # "before *I* apply it", "after *we* moved": the user's own action, no step
    REPRODUCES = 56  # "a test that reproduces it": written first unless the prompt puts it after the fix
    READY = 57  # "once the endpoint *works*": the state of finished work, in a before/after clause
    REQUIREMENT = 58  # "the widget *should show* ...": a prompt that states what the code must do
    ROLE = 59  # "*You are* reviewing PR 12": the role the prompt gives states the task
    MARKER = 60  # "[plan] [test] build this": an explicit task marker, the user's own word
    # Headings whose sections hold no work, by the role of their blocks (see decompose.document):
    HEADING_CRITERIA = 61  # "## Acceptance criteria": what the result is checked against
    HEADING_RULES = 62  # "## Conventions": standing rules
    HEADING_CONTEXT = 63  # "## Background": context
    HEADING_OUTPUT = 64  # "## Output format": the answer's shape
    HEADING_EXAMPLE = 65  # "## Examples"
    HEADING_REFERENCE = 66  # "## Commands", "## Links": reference material
    HEADING_PROCEDURE = 67  # "## Workflow": in an instruction file, the steps to follow on every request
    AGENT = 68  # "Security Reviewer", "technical writer": the role an agent file gives names its task
    REQUEST_AFTER = 69  # "tests would be nice": a wish said after the work it names
    REVISES = 70  # "update the design doc": editing a plan that is a document is docs work; writing one plans
    NEEDED_BY = 71  # "the parser *needs* tests", "the README *needs* updating": what a subject needs is asked
    VERIFIES = 72  # "run the linter *to make sure* ...": a run whose purpose is to check the work is a test
    STORY = 73  # "*As an admin* I want ...": a user story; what the role wants is a feature to build
    CLITIC = 74  # "le", "lo": an object pronoun before its verb ("tu peux *le* tester")
    OWN_WORK = 75  # "I want to *read* it first": what the user wants to do themselves, no step
    KEEPS_BEHAVIOUR = 76  # "migrate it to hooks, *keep behaviour identical*": a change that keeps behaviour
    READER = 77  # "fetch the docs", "load spec.md": in a document, reading what is written is no docs work
    ANSWER = 78  # "commit message", "report": in a document, the answer itself, written from what was read
    CONVERTS = 79  # "改成", "로 바꾸": code turned into another form is refactored
    LACKS = 80  # "テストが足りない", "테스트가 부족해서": what is missing is what the next verb adds
    NOW = 81  # "docs later, tests *now*": work said to be done now, against work its sentence puts off
    DELIVERABLES = 82  # "AC:", "Definition of done:": a label whose list names what the work must deliver
    PURPOSE_AFTER = 83  # "，让 CI 快一点": after a comma, what the work is for; opening a sentence, a request
    EVERY_TASK = 84  # "for every task", "each session": an instruction file's procedure applies every time
    ABOUT_ITSELF = 85  # "This file provides guidance ...": a text about itself is standing instructions
    DEFECT = 86  # "and fix *bugs*": a defect named right after "fix" makes it the verb, not a noun ("a fix")
    INTAKE = 87  # "read the specs", "load spec.md": a step that only takes in what a deliverable draws on
    FOR_AGENTS = 106  # "# Instructions for AI agents": a title naming standing instructions for agents
    DESCRIBED = 107  # "*このスクリプトは*…を生成します", "*该脚本会*生成": a tool as subject describes
    ASKS_ENDING = 108  # "…を生成し*てください*": a request's ending; no subject makes it a description
    DEMONSTRATIVE = 109  # "*この*スクリプトは", "*该*脚本会": the determiner before a described subject
    RELATIVE = 90  # "terms *that* need to be added": a passive after it describes a noun, it asks for nothing
    CAUSES = 91  # "想*让*它返回字典": making the code behave so is the work, whatever the predicate
    RESTRICTS = 92  # "コードとテスト*だけ*": only the things named, each asked for
    WISH = 93  # "統一し*たいです*。方針を考えて": a goal the analysis or plan asked after it prepares
    YES_NO = 94  # "检查一下*有没有*坏掉": a yes-or-no question, which a check of whether it works asks
    BROKEN = 95  # "ページネーションが*壊れてます*": a breakage said alone, to an agent, asks for a fix
    GOAL = 96  # "*we want to* move to Vitest, plan it": the team's wish is the goal of a plan asked with it
    LOOK = 110  # "変更したファイルを*見て*", "*봐* 주세요": a look, which what it looks at or for decides
    CHANGES = 111  # "*改过的地方*再看一下": what changed, which a look over it reviews
    BREAKS = 112  # "*깨지는* 거 없는지 봐": a breakage looked for, which a look after a test run checks
    WHETHER = 113  # "壊れてい*ないか*見て", "깨지는 거 *없는지* 봐": whether something is so, looked for
    CONDITION_THEN = 114  # "如果超时*就*改一下配置": a condition with no comma ends, its request follows
    COMPLETES = 116  # "改*好*以后", "改*完*跑测试": a complement that says a verb's work is done, no new work
    DONE_IF = 117  # Korean "다 고치*면*": the conditional that makes "all V" say "once it is done"
    APPROVAL = 118  # "设计一下，*确认后*再实现": a confirmation after a plan is the user's, no check to run
    SUSPECTS = 119  # "N+1 のせい*かも*。確認して": a cause suspected, which a check after it investigates
    FOCUS = 115  # "*特に*エラー処理を", "*重点*看命名": where the step before should look, no step of its own
    OBJECT_PRONOUN = 97  # "write a test and wire *it* into CI": an object a step said before made
    SOME_OF = 100  # "no tests yet, write *some*", "schreib *welche*": a few of what was said to be missing
    OCCASION = 101  # "after *every* deploy", "vor dem *nächsten* Release": an event that dates, no work asked
    DEPENDENTS = 102  # "rename it and update the *callers*": what depends on code a refactor just reshaped


# When entries of several kinds match the same words, the first kind here wins.
_PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        [
            Kind.GATE,
            Kind.BEFORE_PREVIOUS,
            Kind.NEGATION_SPLIT,
            Kind.NEGATION,
            Kind.NEGATION_AFTER,
            Kind.META,
            Kind.THEN,
            Kind.FIRST,
            Kind.LAST,
            Kind.OPTIONAL,
            Kind.REQUEST_VERB,
            Kind.REQUEST_OBJECT,
            Kind.WEAK,
            Kind.VERB,
            Kind.GENERIC,
        ]
    )
}


class Form(IntEnum):
    BASE = 0
    S = 1  # third person or plural: not an imperative
    ING = 2
    ED = 3  # past or participle ("get it reviewed")


class Entry(msgspec.Struct, array_like=True, frozen=True, gc=False):
    tokens: tuple[str, ...]
    kind: Kind
    task: TaskType | None
    language: str
    form: Form
    wildcard: bool


# (table, key) -> kind; `key` None means every key of the table is a task name.
_TABLES: dict[tuple[str, str | None], Kind] = {
    ("verbs", None): Kind.VERB,
    ("generic", None): Kind.GENERIC,
    ("weak", None): Kind.WEAK,
    ("nouns", None): Kind.NOUN,
    ("artifacts", None): Kind.ARTIFACT,
    ("containers", "words"): Kind.CONTAINER,
    ("fillers", "words"): Kind.FILLER,
    ("requests", "verb"): Kind.REQUEST_VERB,
    ("requests", "object"): Kind.REQUEST_OBJECT,
    ("requests", "after"): Kind.REQUEST_AFTER,
    ("requests", "subject"): Kind.NEEDED_BY,
    ("purpose", "verify"): Kind.VERIFIES,
    ("requests", "story"): Kind.STORY,
    ("requests", "own"): Kind.OWN_WORK,
    ("requests", "goal"): Kind.GOAL,
    ("refactoring", "words"): Kind.KEEPS_BEHAVIOUR,
    ("refactoring", "dependents"): Kind.DEPENDENTS,
    ("negation", "lead"): Kind.NEGATION,
    ("negation", "after"): Kind.NEGATION_AFTER,
    ("order", "then"): Kind.THEN,
    ("order", "done"): Kind.COMPLETES,
    ("order", "done_if"): Kind.DONE_IF,
    ("order", "first"): Kind.FIRST,
    ("order", "last"): Kind.LAST,
    ("order", "before"): Kind.BEFORE,
    ("order", "after"): Kind.AFTER,
    ("order", "occasions"): Kind.OCCASION,
    ("boundaries", "words"): Kind.BOUNDARY,
    ("boundaries", "determiners"): Kind.DETERMINER,
    ("boundaries", "object_pronouns"): Kind.OBJECT_PRONOUN,
    ("rules", "lead"): Kind.RULE,
    ("questions", "lead"): Kind.QUESTION,
    ("questions", "planning"): Kind.QUESTION_PLANNING,
    ("meta", "lead"): Kind.META,
    ("optional", "phrases"): Kind.OPTIONAL,
    ("optional", "starts"): Kind.CONDITION,
    ("optional", "then"): Kind.CONDITION_THEN,
    ("optional", "not_after"): Kind.NOT_CONDITION,
    ("gates", "phrases"): Kind.GATE,
    ("gates", "approvals"): Kind.APPROVAL,
    ("headings", "criteria"): Kind.HEADING_CRITERIA,
    ("headings", "rules"): Kind.HEADING_RULES,
    ("headings", "context"): Kind.HEADING_CONTEXT,
    ("headings", "output"): Kind.HEADING_OUTPUT,
    ("headings", "example"): Kind.HEADING_EXAMPLE,
    ("headings", "reference"): Kind.HEADING_REFERENCE,
    ("headings", "procedure"): Kind.HEADING_PROCEDURE,
    ("headings", "every"): Kind.EVERY_TASK,
    ("agents", None): Kind.AGENT,
    ("markers", None): Kind.MARKER,
    ("headings", "task"): Kind.HEADING_TASK,
    ("headings", "step"): Kind.HEADING_STEP,
    ("conjunctions", "words"): Kind.CONJUNCTION,
    ("conjunctions", "with"): Kind.WITH,
    ("contrast", "words"): Kind.CONTRAST,
    ("purpose", "words"): Kind.PURPOSE,
    ("purpose", "after_comma"): Kind.PURPOSE_AFTER,
    ("causatives", "words"): Kind.CAUSES,
    ("restrictions", "words"): Kind.RESTRICTS,
    ("wishes", "words"): Kind.WISH,
    ("questions", "yes_no"): Kind.YES_NO,
    ("bugs", "words"): Kind.BROKEN,
    ("looks", "verbs"): Kind.LOOK,
    ("looks", "changes"): Kind.CHANGES,
    ("looks", "breaks"): Kind.BREAKS,
    ("looks", "whether"): Kind.WHETHER,
    ("focus", "words"): Kind.FOCUS,
    ("focus", "enough"): Kind.FOCUS,  # "整理就行": how much is enough, closing a clause, says how to do it
    ("suspicions", "words"): Kind.SUSPECTS,
    ("negation", "split"): Kind.NEGATION_SPLIT,
    ("negation", "object"): Kind.NEGATION_OBJECT,
    ("order", "early_tests"): Kind.EARLY_TEST,
    ("order", "reproductions"): Kind.REPRODUCES,
    ("order", "ready"): Kind.READY,
    ("requirements", "words"): Kind.REQUIREMENT,
    ("roles", "words"): Kind.ROLE,
    ("rules_inside", "words"): Kind.RULE_INSIDE,
    ("templates", "words"): Kind.TEMPLATE,
    ("order", "results"): Kind.RESULT,
    ("order", "again"): Kind.RESULT,  # "run the tests again": after the work said before it
    ("order", "again_before"): Kind.THEN,  # "vuelve a correr los tests"
    ("places", None): Kind.PLACE,
    ("revisions", "words"): Kind.REVISES,
    ("adverbs", "words"): Kind.ADVERB,
    ("parts", "words"): Kind.PART,
    ("writers", "words"): Kind.WRITER,
    ("statements", "words"): Kind.STATEMENT,
    ("order", "before_previous"): Kind.BEFORE_PREVIOUS,
    ("questions", "aux"): Kind.AUX,
    ("subjects", "words"): Kind.SUBJECT,
    ("clitics", "words"): Kind.CLITIC,
    ("passive", "words"): Kind.PASSIVE,
    ("passive", "done"): Kind.DONE,
    ("executes", "words"): Kind.EXECUTES,
    ("conversions", "words"): Kind.CONVERTS,
    ("lacks", "words"): Kind.LACKS,
    ("lacks", "some"): Kind.SOME_OF,
    ("order", "now"): Kind.NOW,
    ("requests", "deliverables"): Kind.DELIVERABLES,
    ("relatives", "words"): Kind.RELATIVE,
    ("subjects", "own"): Kind.OWN_SUBJECT,
    ("order", "verification"): Kind.VERIFY,
    ("summaries", "words"): Kind.SUMMARY,
    ("confident", "words"): Kind.CONFIDENT,
    ("elaborations", "words"): Kind.ELABORATION,
    ("documents", "readers"): Kind.READER,
    ("documents", "intake"): Kind.INTAKE,
    ("documents", "answers"): Kind.ANSWER,
    ("documents", "itself"): Kind.ABOUT_ITSELF,
    ("documents", "for_agents"): Kind.FOR_AGENTS,
    ("defects", "words"): Kind.DEFECT,
    ("descriptions", "subjects"): Kind.DESCRIBED,
    ("descriptions", "asks"): Kind.ASKS_ENDING,
    ("descriptions", "determiners"): Kind.DEMONSTRATIVE,
}
_INFLECTED_VERBS = (
    Kind.VERB,
    Kind.GENERIC,
    Kind.WEAK,
    Kind.WRITER,
    Kind.CONFIDENT,
    Kind.READER,
    Kind.INTAKE,
    Kind.CONVERTS,
)
_INFLECTED_NOUNS = (Kind.NOUN, Kind.ARTIFACT, Kind.CONTAINER, Kind.PLACE, Kind.PART, Kind.AGENT, Kind.ANSWER)
_VOWELS = "aeiou"

# The tokenizer, shared by the lexicon (to split phrases) and the decomposer (to split text): CJK
# characters are one token each, inline code and placeholders are one opaque token each. CJK is split off
# words in Python: a character class of its ranges costs more to compile than all of the rest. Words come
# first: most tokens are words, and no other kind starts with a letter or digit (so the order changes no
# token, only how many alternatives the engine tries first).
_TOKEN = re.compile(
    r"""(?P<word>[^\W_](?:[\w'./&+#-]*[^\W_])?(?:\+\+|\#)?)
    |(?P<placeholder>\$\{[^}\n]*\}|\{\{[^}\n]*\}\}|\{[a-z_][\w.-]*\}|\$[a-z_][a-z0-9_]*|<[a-z_][\w-]*>)
    |(?P<code>`[^`\n]+`)
    |(?P<mention>(?<![\w@])@[^\W_][\w.-]*)
    |(?P<flag>(?<![\w-])--?[a-z][\w-]*)
    |(?P<quote>(?<![\w'"])['"‘“][^'"‘’“”\s]+(?:[ ][^'"‘’“”\s]+){0,3}['"’”](?![\w'"]))
    |(?P<punct>-{1,2}>|=>|[→⇒]|[,;:()（）!?.。，、；：！？—–\[\]&+]|(?<!\S)-(?!\S))""",
    re.VERBOSE,
)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _unaccented(word: str) -> str:
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def is_cjk(char: str) -> bool:
    # Kana, CJK extension A, unified ideographs, compatibility ideographs, Hangul syllables: compared in
    # line (a generator over a table of ranges cost a call per character of CJK text)
    code = ord(char)
    return code >= 0x3040 and (
        code <= 0x30FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xAC00 <= code <= 0xD7AF
    )


def token_columns(text: str, start: int, end: int) -> tuple[list[str], list[int], list[int], list[str]]:
    """The text, start, end and kind of each token in text[start:end], as four lists (a block's tokens are
    read column by column); kind is "word", "punct", "code", "mention" ("@claude"), "quote" (a quoted name of
    up to four words, never a task: "a 'Review your order' step"), "flag" (a command-line option: "--fix"
    fixes nothing), "placeholder" or "cjk"."""
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    kinds: list[str] = []
    for m in _TOKEN.finditer(text, start, end):
        word, kind = m.group(), m.lastgroup or "word"
        a, b = m.span()
        if kind != "word" or word.isascii() or not any(is_cjk(c) for c in word):
            texts.append(word)
            starts.append(a)
            ends.append(b)
            kinds.append(kind)
            continue
        run = a  # a word with CJK in it: each CJK character alone, the rest as words
        for k, char in enumerate(word, start=a):
            if is_cjk(char):
                if run < k:
                    texts.append(text[run:k])
                    starts.append(run)
                    ends.append(k)
                    kinds.append("word")
                texts.append(char)
                starts.append(k)
                ends.append(k + 1)
                kinds.append("cjk")
                run = k + 1
        if run < b:
            texts.append(text[run:b])
            starts.append(run)
            ends.append(b)
            kinds.append("word")
    return texts, starts, ends, kinds


_PLAIN = re.compile(r"[a-z]+(?: [a-z]+)*")


def phrase_tokens(text: str) -> tuple[str, ...]:
    text = text.lower()
    if _PLAIN.fullmatch(text):  # most entries: skip the full tokenizer
        return tuple(text.split(" "))
    return tuple(
        token
        for part in text.split(" ")
        for token in ((WILDCARD,) if part == WILDCARD else token_columns(part, 0, len(part))[0])
    )


def _verb_forms(word: str, irregular: dict[str, list[str]]) -> dict[str, Form]:
    """English inflections of a verb: enough to recognise "refactoring", "reviewed", "planned"."""
    forms = {word: Form.BASE}
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms[word + "es"] = Form.S
    elif word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        forms[word[:-1] + "ies"] = Form.S
    else:
        forms[word + "s"] = Form.S
    if word.endswith("ie"):
        forms[word[:-2] + "ying"] = Form.ING
        forms[word + "d"] = Form.ED
    elif word.endswith("ee"):
        forms[word + "ing"] = Form.ING
        forms[word + "d"] = Form.ED
    elif word.endswith("e"):
        forms[word[:-1] + "ing"] = Form.ING
        forms[word + "d"] = Form.ED
    elif word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        forms[word + "ing"] = Form.ING
        forms[word[:-1] + "ied"] = Form.ED
    else:
        forms[word + "ing"] = Form.ING
        forms[word + "ed"] = Form.ED
        # plan -> planned, ship -> shipping; both spellings are indexed, the wrong one never occurs.
        if (
            len(word) >= 3
            and word[-1] not in _VOWELS + "wxy"
            and word[-2] in _VOWELS
            and word[-3] not in _VOWELS
        ):
            forms[word + word[-1] + "ing"] = Form.ING
            forms[word + word[-1] + "ed"] = Form.ED
    for form in irregular.get(word, []):
        forms.setdefault(form, Form.ING if form.endswith("ing") else Form.ED)
    return forms


_TYPO_MIN = 6  # shorter words are too easily one letter from another word


def _deletions(word: str) -> list[str]:
    return [word[:k] + word[k + 1 :] for k in range(len(word))]


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


class Lexicon:
    """All languages' entries, indexed by first token.

    Loaded from the compiled cache, each token's entries stay MessagePack (`packed`) until first looked
    up: a prompt touches a few hundred of the thousands of words.
    """

    def __init__(
        self,
        index: dict[str, list[Entry]],
        languages: list[str],
        words: dict[str, str] | None = None,
        packed: _Packed | None = None,
        head_first: list[str] | None = None,
        verb_last: list[str] | None = None,
        compounds: list[str] | None = None,
    ) -> None:
        self.index = index
        self.languages = languages
        # Languages whose noun phrases put the head noun first ("tests unitaires", "testes automatizados").
        self.head_first = frozenset(head_first or ())
        # Languages whose task lists end in an infinitive ("Tests schreiben", "den Plan schreiben").
        self.verb_last = frozenset(verb_last or ())
        # Languages that write compound nouns as one word ("Charakterisierungstests", "API-Referenz").
        self.compounds = frozenset(compounds or ())
        self._compound: dict[str, list[Entry]] = {}
        self._packed = packed
        # (language or "" for any, a spelling or one letter short of it) -> verb
        self._typos: dict[str, dict[str, Entry]] | None = None
        self._attached: dict[str, list[Entry]] = {}  # words with a pronoun attached ("impleméntalo")
        self._words = words
        self._votes: dict[str, tuple[tuple[str, float], ...]] = {}  # per word: (language, its share)
        self._preferred: dict[tuple[str, str], list[Entry]] = {}
        self._character_languages: set[str] = set()  # only while building
        self._short_imperative: set[str] = set()
        self._separable: dict[str, tuple[str, ...]] = {}  # language -> separable prefixes, longest first
        self._imperatives: dict[str, dict[str, list[str]]] = {}  # language -> infinitive ending -> forms
        self._participles: dict[str, dict[str, list[str]]] = {}  # the same for participles (Form.ED)

    @classmethod
    def build(cls, tables: list[dict[str, Any]]) -> Lexicon:
        lexicon = cls({}, [])
        for table in tables:
            lexicon._add_language(table)
        lexicon._add_unaccented()
        lexicon._add_short_imperatives()
        lexicon._add_imperatives()
        lexicon._add_zu_infinitives()
        for entries in lexicon.index.values():
            # Exact phrases first, longest first ("make sure" beats "make * pass"), then wildcard phrases,
            # then single words ("make * pass" beats "make").
            entries.sort(
                key=lambda e: (
                    len(e.tokens) == 1,
                    e.wildcard,
                    -len(e.tokens),
                    _PRIORITY.get(e.kind, len(_PRIORITY)),
                )
            )
        return lexicon

    def _add_language(self, table: dict[str, Any]) -> None:
        language = table["language"]
        self.languages.append(language)
        if table.get("noun_head") == "first":
            self.head_first |= {language}
        if table.get("infinitive") == "last":
            self.verb_last |= {language}
        if table.get("compounds"):
            self.compounds |= {language}
        inflect = bool(table.get("inflect"))
        if table.get("characters"):
            self._character_languages.add(language)
        if table.get("short_imperative"):
            self._short_imperative.add(language)
        if "separable" in table:
            self._separable[language] = tuple(sorted(table["separable"], key=len, reverse=True))
        if "imperatives" in table:
            self._imperatives[language] = {k: list(v) for k, v in table["imperatives"].items()}
        if "participles" in table:
            self._participles[language] = {k: list(v) for k, v in table["participles"].items()}
        irregular = {k: list(v) for k, v in table.get("irregular", {}).items()}
        asks = table.get("asks", {})
        for verb in asks.get("verbs", []):  # "me diz por que", "dime si": asking to be told is analysis
            for question in asks.get("questions", []):
                self._add(f"{verb} {question}", Kind.VERB, TaskType.ANALYSIS, language, inflect, irregular)
        self._add_goals(table.get("goals", {}), language, inflect, irregular)
        for (name, key), kind in _TABLES.items():
            section = table.get(name, {})
            groups = section.items() if key is None else [(None, section.get(key, []))]
            for task_name, words in groups:
                task = TaskType(task_name) if task_name not in (None, "none") else None
                for phrase in words:
                    self._add(phrase, kind, task, language, inflect, irregular)

    def _add_goals(
        self, goals: dict[str, dict[str, list[str]]], language: str, inflect: bool, irregular: dict
    ) -> None:
        """A state asked for is a verb ("速くして", "빠르게 해 줘", "让它快一点"): each grammar's adjectives,
        listed by the task that reaches the state, in each of its `make` patterns ("{}し": "{}" is the
        adjective's adverbial form)."""
        for grammar in goals.values():
            for task_name, adjectives in grammar.items():
                if task_name == "make":
                    continue
                for adjective, make in itertools.product(adjectives, grammar["make"]):
                    phrase = make.format(adjective)
                    self._add(phrase, Kind.VERB, TaskType(task_name), language, inflect, irregular)

    def _add(
        self, phrase: str, kind: Kind, task: TaskType | None, language: str, inflect: bool, irregular: dict
    ) -> None:
        # CJK characters are a token each, as the text's tokenizer splits them; a Latin word in a CJK
        # phrase stays one token ("import 顺序", "e2e 테스트")
        tokens = phrase_tokens(phrase)
        if not tokens:
            return
        variants: dict[tuple[str, ...], Form] = {tokens: Form.BASE}
        if inflect and kind in _INFLECTED_VERBS and tokens[0] != WILDCARD:
            variants = {(form, *tokens[1:]): how for form, how in _verb_forms(tokens[0], irregular).items()}
        elif inflect and kind in _INFLECTED_NOUNS:
            variants[(*tokens[:-1], _plural(tokens[-1]))] = Form.S
        wildcard = WILDCARD in tokens
        for variant, form in variants.items():
            entry = Entry(variant, kind, task, language, form, wildcard)
            self.index.setdefault(variant[0], []).append(entry)

    def _add_unaccented(self) -> None:
        """Also index "ecris", "despues" for the verbs and function words "écris", "después", and
        "ueberpruefe" for "überprüfe": people type without accents. Romance nouns stay as written
        ("révision" without its accent is an English word). A folded form never shadows a word that is
        written that way."""
        folded: dict[str, list[Entry]] = {}
        for entries in self.index.values():
            for entry in entries:
                if entry.language in self._character_languages:
                    continue
                if entry.language == "de":  # German keyboards without umlauts: "ueberpruefe"
                    tokens = tuple(t.translate(_UMLAUTS) for t in entry.tokens)
                elif entry.kind in _INFLECTED_NOUNS:
                    continue
                else:
                    tokens = tuple(_unaccented(t) for t in entry.tokens)
                if tokens == entry.tokens:
                    continue
                # A single word is only added when nothing is written that way; a phrase ("mettre a
                # jour") when no entry spells it so.
                existing = self.index.get(tokens[0], ())
                if (len(tokens) == 1 and not existing) or (
                    len(tokens) > 1 and all(e.tokens != tokens for e in existing)
                ):
                    folded.setdefault(tokens[0], []).append(
                        Entry(tokens, entry.kind, entry.task, entry.language, entry.form, entry.wildcard)
                    )
        for token, extra in folded.items():
            self.index.setdefault(token, []).extend(extra)

    def _add_short_imperatives(self) -> None:
        """Also index "füg * hinzu", "prüf", "schreib" for "füge * hinzu", "prüfe", "schreibe": spoken
        German drops the imperative's -e (languages with `short_imperative = true`). Like folded forms,
        a short form never shadows a word written that way."""
        short: dict[str, list[Entry]] = {}
        for entries in list(self.index.values()):
            for entry in entries:
                word = entry.tokens[0]
                if (
                    entry.language in self._short_imperative
                    # a verb that edits keeps that mark in its short form ("aktualisier die Aufrufer")
                    and (entry.kind in _INFLECTED_VERBS or entry.kind is Kind.REVISES)
                    and word.endswith("e")
                    and len(word) >= 4
                    and word[-2] not in _VOWELS
                    # "bau * um" beside the word "bau": only a phrase nobody wrote that way is added
                    and all(e.tokens[1:] != entry.tokens[1:] for e in self.index.get(word[:-1], ()))
                ):
                    tokens = (word[:-1], *entry.tokens[1:])
                    short.setdefault(tokens[0], []).append(msgspec.structs.replace(entry, tokens=tokens))
        for token, extra in short.items():
            self.index.setdefault(token, []).extend(extra)

    def _add_imperatives(self) -> None:
        """Also index the imperatives of the infinitives listed ("medir": "mede", "organizar": "organiza",
        "organize"), by the endings of `[imperatives]` (infinitive ending = imperative endings): people
        write the form their region uses. Also their participles, by the endings of `participles`
        ("aggiornare": "aggiornato", "correggere": "corretto"), as Form.ED: "il README va aggiornato".
        A derived form never shadows a word written that way."""
        derived: dict[str, list[Entry]] = {}
        for entries in list(self.index.values()):
            for entry in entries:
                if entry.kind not in _INFLECTED_VERBS:
                    continue
                # An imperative keeps a stem of three letters at least ("usar" makes none); a participle's
                # ending is a whole irregular tail ("mettere": "messo"), its stem may be one letter.
                _derive(entry, self._imperatives.get(entry.language, {}), entry.form, 3, self.index, derived)
                if len(entry.tokens) == 1:
                    _derive(entry, self._participles.get(entry.language, {}), Form.ED, 1, self.index, derived)
        for token, extra in derived.items():
            self.index.setdefault(token, []).extend(extra)

    def _add_zu_infinitives(self) -> None:
        """Also index "anzupassen", "hinzuzufügen" for the separable infinitives "anpassen", "hinzufügen" (the
        prefixes of `separable`): "denk dran, die Doku anzupassen". A derived form never shadows a word."""
        derived: dict[str, list[Entry]] = {}
        for entries in list(self.index.values()):
            for entry in entries:
                prefixes = self._separable.get(entry.language)
                word = entry.tokens[0]
                if not prefixes or len(entry.tokens) != 1 or entry.kind not in _INFLECTED_VERBS:
                    continue
                prefix = next((p for p in prefixes if word.startswith(p) and len(word) - len(p) >= 4), None)
                if prefix is None or not word.endswith("n"):
                    continue
                form = f"{prefix}zu{word[len(prefix) :]}"
                if form not in self.index:
                    derived.setdefault(form, []).append(msgspec.structs.replace(entry, tokens=(form,)))
        for token, extra in derived.items():
            self.index.setdefault(token, []).extend(extra)

    def words(self, kind: Kind, language: str) -> frozenset[str]:
        """The one-token entries of `kind` in `language` (function words: boundaries, determiners)."""
        joined = self.word_table().get(_words_key(kind, language))
        return frozenset(joined.split("\n")) if joined else frozenset()

    def word_table(self) -> dict[str, str]:
        """Per kind and language, its one-token words, one a line (one string loads faster than many)."""
        if self._words is None:
            table: dict[str, set[str]] = {}
            for entries in self.all_entries().values():
                for entry in entries:
                    if len(entry.tokens) == 1:
                        table.setdefault(_words_key(entry.kind, entry.language), set()).add(entry.tokens[0])
            self._words = {key: "\n".join(sorted(words)) for key, words in table.items()}
        return self._words

    def _each_entry_list(self) -> Iterator[list[Entry]]:
        """Every token's entries; from the packed copy, decoded one at a time and not kept in the index (the
        whole lexicon as objects is ~9 MiB a server would hold for the few verbs the typo index needs)."""
        if self._packed is None:
            yield from self.index.values()
            return
        for k in self._packed.built_order:
            token = self._packed.tokens[k]
            found = self.index.get(token)
            if found is None and (raw := self._packed.entries(token)) is not None:
                found = _ENTRIES.decode(raw)
            if found:
                yield found

    def all_entries(self) -> dict[str, list[Entry]]:
        if self._packed is not None:
            for k in self._packed.built_order:
                self._lookup(self._packed.tokens[k])
        return self.index

    def _lookup(self, token: str) -> list[Entry] | None:
        found = self.index.get(token)
        if found is None and self._packed is not None and (raw := self._packed.entries(token)) is not None:
            found = self.index[token] = _ENTRIES.decode(raw)
        return found

    def fuzzy_verb(self, token: str, language: str) -> Entry | None:
        """A verb one typo away from `token` ("implment", "refacter"), for words the lexicon lacks: one of
        `language` first; English words only in English (English "proper" is no Portuguese "propor"), while
        the smaller lexicons may borrow a neighbour's spelling (Rioplatense "mostrá" for Italian "mostra")."""
        if self._typos is None:
            # Per language ("" for any), each verb's spelling and its spellings with one letter dropped.
            typos: dict[str, dict[str, Entry]] = {"": {}}
            for entries in self._each_entry_list():
                for entry in entries:
                    word = entry.tokens[0]
                    if (
                        len(entry.tokens) == 1
                        and entry.kind in (Kind.VERB, Kind.GENERIC)
                        and entry.form is Form.BASE
                        and len(word) >= _TYPO_MIN
                    ):
                        own = typos.setdefault(entry.language, {})
                        for variant in {word, *_deletions(word)}:
                            own.setdefault(variant, entry)
                            typos[""].setdefault(variant, entry)
            self._typos = typos
        variants = (token, *_deletions(token))
        for key in (language, "") if language != "en" else (language,):
            table = self._typos.get(key, {})
            for variant in variants:
                if (entry := table.get(variant)) is not None:
                    return entry
        return None

    def entries(self, token: str) -> list[Entry]:
        found = self._lookup(token)
        if found is None:
            found = self._attached.get(token)
            if found is None:  # worked out once per word, misses included
                found = self._attached[token] = self._with_pronoun(token)
        return found

    def pronoun_attached(self, token: str, language: str) -> bool:
        """Whether the token is a Romance imperative of `language` with its object pronoun run on
        ("sistemali", "corrígelo", "corrige-le"): a form no condition's own verb takes ("falla" is Italian
        "fai" + "la", but Spanish for "fails"). Not an infinitive: "si puedes arreglarlo" keeps its verb in
        the condition."""
        if (
            "'" in token
            or not ("-" in token or token.endswith(_ENCLITICS))
            or self._lookup(token) is not None
        ):
            return False
        stem = (
            token.split("-", 1)[0]
            if "-" in token
            else token[: -len(next(e for e in _ENCLITICS if token.endswith(e)))]
        )
        return not stem.endswith(("r", "re")) and any(
            entry.language == language and entry.kind in (Kind.VERB, Kind.GENERIC)
            for entry in self.entries(token)
        )

    def language_of(self, words: list[str]) -> str:
        """The language most of `words` belong to, by their entries: a word found in n languages counts
        1/n for each ("test" says little, "correggi" a lot). English when nothing is known."""
        votes: dict[str, float] = {}
        for word in words:
            shares = self._votes.get(word)
            if shares is None:  # worked out once per word
                # sorted: a set's order follows the string-hash seed, and a tie must not
                languages = sorted({entry.language for entry in self.entries(word)})
                shares = self._votes[word] = tuple((language, 1 / len(languages)) for language in languages)
            for language, share in shares:
                votes[language] = votes.get(language, 0.0) + share
        if len(votes) < 2:
            return next(iter(votes), "en")  # one language or none: nothing to weigh
        # ties go to English, then to the first language by name: the same in every process
        return min(votes, key=lambda language: (-votes[language], language != "en", language))

    def entries_in(self, token: str, language: str) -> list[Entry]:
        """`entries(token)`, where a phrase of several languages matches the same words, the entries of
        `language` first: "revise" is a review in a Portuguese clause and a rewrite in an English one."""
        found = self.entries(token)
        if len(found) < 2 or language == found[0].language:
            return found
        key = (token, language)
        ordered = self._preferred.get(key)
        if ordered is None:
            ordered = self._preferred[key] = sorted(
                found,
                key=lambda e: (len(e.tokens) == 1, e.wildcard, -len(e.tokens), e.language != language),
            )
        return ordered

    def compound(self, token: str, language: str) -> list[Entry]:
        """The entries of a compound's head, the longest noun of `language` it ends in: German
        "Charakterisierungstests" are tests, "Checkout-Modul" is a module, "API-Referenz" a reference.
        Only for a word the lexicon lacks, in a block of that language ("latest" holds no German test)."""
        if language not in self.compounds:
            return []
        found = self._compound.get(token)
        if found is None:
            found = []
            for k in range(_COMPOUND_MODIFIER, len(token) - _COMPOUND_HEAD + 1):
                head = token[k:].lstrip("-")
                found = [
                    msgspec.structs.replace(entry, tokens=(token,))
                    for entry in self._lookup(head) or ()
                    if entry.language == language
                    and entry.kind in _INFLECTED_NOUNS
                    and len(entry.tokens) == 1
                ]
                if found and all(entry.kind is Kind.CONTAINER for entry in found):
                    # "Changelog-Einträge", "flake8-Warnungen": a container takes its modifier's task
                    modifier = token[:k].rstrip("-")
                    found = [
                        msgspec.structs.replace(entry, tokens=(token,))
                        for entry in self._lookup(modifier) or ()
                        if entry.kind is Kind.NOUN and len(entry.tokens) == 1 and entry.task is not None
                    ][:1] or found
                if found:
                    break
            self._compound[token] = found
        return found

    def infinitive(self, token: str, language: str) -> list[Entry]:
        """The verb entries of a finite form that ends a verb-last subordinate clause: "(bevor du den
        Router) umbaust" is "umbauen", "(nachdem du ihn) umgebaut (hast)" too; forms the data lists as
        written are found by `entries`."""
        if language not in self.verb_last:
            return []
        stems = []
        for ending in ("est", "st", "t"):
            if token.endswith(ending) and len(token) > len(ending) + 2:
                stems.append(token[: -len(ending)])
        for stem in list(stems):
            # A participle's "ge", after a separable prefix or at the start: "um|ge|baut", "ge|testet".
            for prefix in ("", *_SEPARABLE):
                if stem.startswith(prefix + "ge") and len(stem) > len(prefix) + 4:
                    stems.append(prefix + stem[len(prefix) + 2 :])
        for stem in stems:
            for ending in ("en", "n"):
                found = [
                    entry
                    for entry in self._lookup(stem + ending) or ()
                    if entry.language == language
                    and entry.kind in _INFLECTED_VERBS
                    and len(entry.tokens) == 1
                ]
                if found:
                    return found
        return []

    def _with_pronoun(self, token: str) -> list[Entry]:
        """The verb of a word with a pronoun attached, or nothing."""
        if "-" in token:
            # Portuguese and French clitics: "implemente-a", "teste-le" (but "test-drive" is not "test");
            # after a Portuguese infinitive its "r" drops: "corrigi-lo", "explicá-lo".
            verb = token.split("-", 1)[0]
            return self._verbs(verb, ("pt", "fr")) or self._verbs(_unaccented(verb) + "r", ("pt",))
        if token.endswith(("'s", "’s")) and len(token) > 4:
            # German "trag's ein", "mach's": a verb with "es" run on; its entries, phrases included
            found = [entry for entry in self._lookup(token[:-2]) or () if entry.language in self.verb_last]
            if any(entry.kind in (Kind.VERB, Kind.GENERIC) for entry in found):
                return found
        if "'" in token and token.split("'", 1)[0] in _ELISIONS:
            # French elision: "l'implementer" is "implementer", "d'ajouter" is "ajouter"; "l'indentation"
            # is the noun "indentation" (nouns are often spelt as in English, so any language's noun).
            word = token.split("'", 1)[1]
            return self._verbs(word, ("fr",)) or [
                entry
                for entry in self._lookup(word) or ()
                if entry.kind in _INFLECTED_NOUNS and len(entry.tokens) == 1
            ]
        if token.endswith(_NOMINAL_PARTICIPLES):
            # Portuguese "dá uma revisada", "dar uma olhada": the verb as a feminine participle.
            stem = token[:-3]
            found = [v for end in ("a", "ar", "e", "er", "ir") for v in self._verbs(stem + end, ("pt",))]
            if found:
                return found
        if token.endswith(_ENCLITICS):
            # Spanish and Italian enclitics: "impleméntalo" (its accent often left out) is "implementa" +
            # "lo", "correggilo" is "correggi" + "lo", "sistemarla" is "sistemar(e)" + "la", "hazme" is
            # "haz" + "me"; after a one-syllable imperative Italian doubles it: "fammi" is "fa(i)" + "mi".
            ending = next(ending for ending in _ENCLITICS if token.endswith(ending))
            stem = token[: -len(ending)]
            doubled = stem[:-1] if len(stem) == 3 and stem[-1] == ending[0] else None
            return (
                self._verbs(_unaccented(stem), ("es", "it"))
                or self._verbs(stem + "e", ("it",))
                or (self._verbs(doubled + "i", ("it",)) if doubled else [])
            )
        return []

    def _verbs(self, word: str, languages: tuple[str, ...]) -> list[Entry]:
        return [
            entry
            for entry in self._lookup(word) or ()
            # "vérifie-la", "verificala": a weak verb takes a pronoun as the others do; "explícala en el
            # README": the verb keeps what else it is (a writer)
            if entry.kind in _INFLECTED_VERBS and entry.language in languages
        ]


_COMPOUND_MODIFIER = 3  # "Unittests": a compound's first part has at least this many letters
_COMPOUND_HEAD = 4  # and its head ("test", "doku", "plan") at least this many
# German separable prefixes: the participle's "ge" comes after them ("umgebaut", "angelegt").
_SEPARABLE = ("ab", "an", "auf", "aus", "ein", "um", "zu", "nach", "vor", "mit", "hoch", "weg", "durch")
_NOMINAL_PARTICIPLES = ("ada", "ida")
# Longest first. Not "-ti", "-te": "aggiornati", "integrati" are participles, not "aggiorna" + "ti".
# Italian "ci" too: "mettici dei commenti" (there).
_ENCLITICS = ("los", "las", "les", "nos", "lo", "la", "le", "li", "ne", "me", "mi", "ci")
_ELISIONS = frozenset(
    {"l", "d", "j", "n", "s", "m", "t", "qu"}
    # Italian articles and prepositions elided before a vowel: "un'analisi", "all'endpoint", "nell'API"
    | {"un", "dell", "all", "nell", "sull", "dall", "coll", "quest", "quell"}
)


def _derive(
    entry: Entry,
    endings: dict[str, list[str]],
    form: Form,
    stem: int,
    index: dict[str, list[Entry]],
    derived: dict[str, list[Entry]],
) -> None:
    """Add to `derived` the forms `endings` (infinitive ending = form endings) make of `entry`'s first word,
    keeping a stem of `stem` letters at least."""
    word = entry.tokens[0]
    for ending, replacements in endings.items():
        if not word.endswith(ending) or len(word) < len(ending) + stem:
            continue
        for replacement in replacements:
            tokens = (word[: -len(ending)] + replacement, *entry.tokens[1:])
            # Other roles of the same language may share the word ("mede" measures: a verification word
            # and the verb); another language's word is left alone, unless only that language's inflection
            # made it ("implementes" from English rules).
            if all(e.language == entry.language or e.form is not Form.BASE for e in index.get(tokens[0], ())):
                derived.setdefault(tokens[0], []).append(
                    msgspec.structs.replace(entry, tokens=tokens, form=form)
                )


def _words_key(kind: Kind, language: str) -> str:
    return f"{int(kind)}:{language}"


class _Packed(msgspec.Struct, array_like=True, gc=False):
    """Every token's entries, still encoded, in three flat fields (a dict of thousands of encoded values
    took longer to load than the rest of the lexicon): the tokens sorted, so a lookup bisects them."""

    tokens: list[str]
    ends: list[int]  # where each token's entries end in `blob`
    blob: bytes  # the tokens' entries, MessagePack, one after another
    built_order: list[int]  # the tokens (their positions in `tokens`) in the order the build indexed them

    def entries(self, token: str) -> bytes | None:
        k = bisect.bisect_left(self.tokens, token)
        if k == len(self.tokens) or self.tokens[k] != token:
            return None
        return self.blob[self.ends[k - 1] if k else 0 : self.ends[k]]


class _Compiled(msgspec.Struct, array_like=True, gc=False):
    languages: list[str]
    words: dict[str, str]
    packed: _Packed
    head_first: list[str]
    verb_last: list[str]
    compounds: list[str]


_ENTRIES = msgspec.msgpack.Decoder(list[Entry])


def _compile() -> _Compiled:
    import tomllib  # only when the compiled copy is rebuilt

    tables = [tomllib.loads(p.read_text(encoding="utf-8")) for p in _SOURCES[:-1]]
    lexicon = Lexicon.build(tables)
    tokens = sorted(lexicon.index)
    encoded = [msgspec.msgpack.encode(lexicon.index[token]) for token in tokens]
    position = {token: k for k, token in enumerate(tokens)}
    packed = _Packed(
        tokens,
        list(itertools.accumulate(map(len, encoded))),
        b"".join(encoded),
        [position[token] for token in lexicon.index],
    )
    return _Compiled(
        lexicon.languages,
        lexicon.word_table(),
        packed,
        sorted(lexicon.head_first),
        sorted(lexicon.verb_last),
        sorted(lexicon.compounds),
    )


# The data files, then this module: its code decides what is built from them.
_SOURCES = [*sorted(Path(__file__).with_name("data").glob("*.toml")), Path(__file__)]
_LOADED = compiled.load("lexicon", _SOURCES, _compile, _Compiled)
LEXICON = Lexicon(
    {},
    _LOADED.languages,
    _LOADED.words,
    _LOADED.packed,
    _LOADED.head_first,
    _LOADED.verb_last,
    _LOADED.compounds,
)
