"""Did-you-mean for names a user types: commands, hosts, config keys, enum values."""

from __future__ import annotations

from collections.abc import Iterable


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice `value` most likely misspells, if any is close enough."""
    import difflib  # only on an error path: not a cost of every start-up

    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for a close choice, else ""."""
    match = closest(value, choices)
    return f"; did you mean {match!r}?" if match else ""


def unknown_host(host: str, known: Iterable[str]) -> str:
    """ "unknown host 'x'; known hosts: ...; did you mean 'y'?" (every place that takes a host says it)."""
    names = sorted(known)
    return f"unknown host {host!r}; known hosts: {', '.join(names)}{did_you_mean(host, names)}"
