"""How the lexicon's phrases match at a token: a phrase with a gap ("get * working", "baue * um") up to the
longest gap and no further (the word after the gap is looked for only within that reach); a phrase without
one word for word, from a token whose reading is not its text ("buttami" reads as "butta")."""

from __future__ import annotations

import pytest

from routesmith.decompose import decompose
from routesmith.decompose.clauses import _VERBISH, Tokens, match
from routesmith.decompose.lexicon import WILDCARD_SPAN, WILDCARD_SPAN_LONG, Kind


def _phrase_at_start(text: str) -> tuple[str, ...]:
    toks = Tokens(text, 0, len(text))
    found = match(toks, 0, len(toks), _VERBISH)
    assert found is not None
    return found[0].tokens


@pytest.mark.parametrize("gap", [1, WILDCARD_SPAN - 1, WILDCARD_SPAN])
def test_an_english_gap_up_to_its_longest_matches(gap: int) -> None:
    words = " ".join(f"part{k}x" for k in range(gap))
    assert _phrase_at_start(f"get {words} working") == ("get", "*", "working")


def test_an_english_gap_one_word_too_long_leaves_the_verb_alone() -> None:
    words = " ".join(f"part{k}x" for k in range(WILDCARD_SPAN + 1))
    assert _phrase_at_start(f"get {words} working") == ("get",)


@pytest.mark.parametrize(
    ("gap", "expected"), [(WILDCARD_SPAN_LONG, ("baue", "*", "um")), (WILDCARD_SPAN_LONG + 1, ("baue",))]
)
def test_a_german_separable_verb_reaches_further(gap: int, expected: tuple[str, ...]) -> None:
    words = " ".join(["den", *["alten"] * (gap - 2), "router"])
    assert _phrase_at_start(f"baue {words} um") == expected


def test_a_phrase_opened_by_a_verb_with_its_pronoun_run_on_matches() -> None:
    # "buttami giù" is "butta giù" (jot down) with "mi" attached: the phrase's first word is not the text's
    assert _phrase_at_start("buttami giù una roadmap") == ("butta", "giù")
    step = decompose("Buttami giù una roadmap per la versione 4.").steps[0]
    assert step.cue == "buttami giù una roadmap"


def test_a_phrase_without_a_gap_matches_only_whole() -> None:
    assert _phrase_at_start("make sure it builds") == ("make", "sure")
    assert _phrase_at_start("make surely") == ("make",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("テストしやすくする", "テストしやすくする"),  # the longest of a dozen phrases that open "テスト"
        ("テスト環境", "テスト環境"),
        ("テストを書いて", "テスト"),  # none of the longer ones goes on with "を"
        ("テス", None),  # a phrase's start is no phrase
        ("regression test first", "regression test first"),
        ("regression test", "regression test"),  # its third word missing: the two-word phrase
    ],
)
def test_the_longest_phrase_that_goes_on_as_written_matches(text: str, expected: str | None) -> None:
    toks = Tokens(text, 0, len(text))
    found = match(toks, 0, len(toks), frozenset(Kind))
    joined = None if found is None else (" " if text.isascii() else "").join(found[0].tokens)
    assert joined == expected
