"""The lexicon entries a token may open, grouped by the word after it.

Most phrases fail on their second word ("テ" opens a dozen phrases, "the" three dozen entries): `Openings`
hands `clauses.match` only the entries that can match before the next token, in their order: one-word
entries, phrases whose second word is that token, and phrases with a gap right after their first word.
"""

from __future__ import annotations

from collections.abc import Iterable

from routesmith.decompose.lexicon import WILDCARD, Entry


class Openings:
    """One token reading's entries of one set of kinds, with the candidates before each next word."""

    __slots__ = ("_by_next", "_entries", "_nexts", "_without_next")

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._entries = list(entries)
        self._nexts = {entry.tokens[1] for entry in self._entries if len(entry.tokens) > 1} - {WILDCARD}
        # The entries no next word rules out (those of a next word no phrase names, or of the last token)
        self._without_next = [
            entry for entry in self._entries if len(entry.tokens) == 1 or entry.tokens[1] == WILDCARD
        ]
        self._by_next: dict[str, list[Entry]] = {}  # filled as next words are met: most never are

    def before(self, next_word: str | None) -> list[Entry]:
        """The entries that may match where `next_word` follows (None: nothing follows)."""
        if next_word is None or next_word not in self._nexts:
            return self._without_next
        found = self._by_next.get(next_word)
        if found is None:
            found = self._by_next[next_word] = [
                entry
                for entry in self._entries
                if len(entry.tokens) == 1 or entry.tokens[1] in (WILDCARD, next_word)
            ]
        return found
