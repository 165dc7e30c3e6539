"""How much of a document RouteSmith routes: one limit for the CLI, the MCP server and the language server.

Decomposition, routing and output are linear in the prompt (bench/bench_scale.py: about 3 s and 80-160 MiB
for a megabyte of prose or of a numbered list; bench/bench_order.py: a paragraph of "first", "last" and
"before that" steps grows with its steps), so the limit bounds the wait, not a blow-up. Past the limit the
head is routed, cut at a line break, and the rest is not; every caller says so with `limit_note`.
"""

from __future__ import annotations

ROUTE_LIMIT = 1 << 20  # characters (1 MiB of ASCII): a prompt that long is data, not a request


def routed_length(text: str) -> int:
    """How many characters of `text` are routed: all of them up to ROUTE_LIMIT, else up to the last line
    break before it (a line cut in two would be misread)."""
    if len(text) <= ROUTE_LIMIT:
        return len(text)
    return text.rfind("\n", 0, ROUTE_LIMIT) + 1 or ROUTE_LIMIT


def limit_note(text: str, routed: int) -> str:
    """What is routed and what is not, for a text longer than the limit."""
    line = text.count("\n", 0, routed)
    return (
        f"the text has {len(text):,} characters; RouteSmith routes at most {ROUTE_LIMIT:,}: lines 1-{line} "
        f"({routed:,} characters) are routed, the {len(text) - routed:,} characters from line {line + 1} on "
        "are not"
    )
