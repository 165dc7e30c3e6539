"""Did-you-mean for names a user types: commands, hosts, config keys, enum values."""

from __future__ import annotations

from collections.abc import Iterable


def closest(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice `value` most likely misspells, if any is close enough (difflib's ratio >= `cutoff`)."""
    import difflib  # only on an error path: not a cost of every start-up

    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """The hint "; did you mean 'x'?" for a close choice, else ""."""
    match = closest(value, choices, cutoff)
    return f"; did you mean {match!r}?" if match else ""


def unknown_host(host: str, known: Iterable[str]) -> str:
    """The message "unknown host 'x'; known hosts: ...; did you mean 'y'?" of every place taking a host."""
    names = sorted(known)
    return f"unknown host {host!r}; known hosts: {', '.join(names)}{did_you_mean(host, names)}"
