"""The lexicon entries a token may open, grouped by the two words after it.

Most phrases fail on their second or third word ("テ" opens a dozen phrases that all go on "ス", "ト";
"the" has three dozen entries): `Openings` hands `clauses.match` only the entries that can match before
the next two tokens, in their order: one-word entries, phrases with a gap right after their first word, and
phrases whose second word is the next token and whose third (if it is a word) the one after it.
"""

from __future__ import annotations

from collections.abc import Iterable

from routesmith.decompose.lexicon import WILDCARD, Entry


class Openings:
    """One token reading's entries of one set of kinds, with the candidates before each pair of next words."""

    __slots__ = ("_by_next", "_entries", "_nexts", "_thirds", "_without_next")

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._entries = list(entries)
        phrases = [
            entry.tokens for entry in self._entries if len(entry.tokens) > 1 and entry.tokens[1] != WILDCARD
        ]
        self._nexts = {words[1] for words in phrases}
        self._thirds = {words[2] for words in phrases if len(words) > 2} - {WILDCARD}
        # The entries no next word rules out (those of a next word no phrase names, or of the last token)
        self._without_next = [
            entry for entry in self._entries if len(entry.tokens) == 1 or entry.tokens[1] == WILDCARD
        ]
        # filled as pairs of next words are met: most never are
        self._by_next: dict[tuple[str, str | None], list[Entry]] = {}

    def before(self, next_word: str | None, word_after: str | None) -> list[Entry]:
        """The entries that may match where `next_word` and `word_after` follow (None: nothing follows)."""
        if next_word is None or next_word not in self._nexts:
            return self._without_next
        key = (next_word, word_after if word_after in self._thirds else None)
        found = self._by_next.get(key)
        if found is None:
            found = self._by_next[key] = [entry for entry in self._entries if _may_open(entry.tokens, *key)]
        return found


def _may_open(words: tuple[str, ...], second: str, third: str | None) -> bool:
    """Whether a phrase may match before `second` and `third` (None: no word any phrase has third)."""
    if len(words) == 1 or words[1] == WILDCARD:
        return True
    return words[1] == second and (len(words) == 2 or words[2] == WILDCARD or words[2] == third)
