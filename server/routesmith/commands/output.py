"""What every command prints the same way: warnings, JSON, colour and tables that fit the terminal.

Colour only on a terminal, never when piped or with NO_COLOR set (https://no-color.org); FORCE_COLOR turns it
on anyway. A table's text columns are cut to the terminal width (COLUMNS when set), never its figures.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import IO

BOLD, RED, GREEN, YELLOW, CYAN, DIM = "1", "31", "32", "33", "36", "2"


def color_enabled(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def paint(text: str, code: str, stream: IO[str] | None = None) -> str:
    """`text` in an SGR colour when `stream` (stdout by default) shows colour."""
    return f"\x1b[{code}m{text}\x1b[0m" if color_enabled(stream or sys.stdout) else text


def warn(messages: Iterable[str]) -> None:
    for message in messages:
        print(f"{paint('routesmith: warning:', YELLOW, sys.stderr)} {message}", file=sys.stderr)


def write_json(value: object) -> None:
    import msgspec

    sys.stdout.buffer.write(msgspec.json.encode(value) + b"\n")


def terminal_width() -> int | None:
    """The width to fit: COLUMNS, or the terminal's; None when piped without COLUMNS (no cutting). Read as
    shutil.get_terminal_size reads it, without importing shutil (start-up)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        try:
            return os.get_terminal_size(sys.stdout.fileno()).columns or None
        except (OSError, ValueError):
            return None
    return None


def clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, flexible: Sequence[int] = (), minimum: int = 8
) -> list[str]:
    """Aligned columns, two spaces apart. When the lines are wider than the terminal, the `flexible`
    columns (text, not figures) give up width, widest first, down to `minimum` characters each."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    limit = terminal_width()
    if limit is not None:
        excess = sum(widths) + 2 * (len(widths) - 1) - limit
        while excess > 0:
            candidates = [i for i in flexible if widths[i] > minimum]
            if not candidates:
                break
            widest = max(candidates, key=lambda i: widths[i])
            second = max([widths[i] for i in candidates if i != widest], default=minimum)
            cut = min(excess, widths[widest] - max(minimum, second - 1))
            widths[widest] -= cut
            excess -= cut
    lines = []
    for number, row in enumerate([header, *rows]):
        cells = [clip(cell, width).ljust(width) for cell, width in zip(row, widths, strict=True)]
        line = "  ".join(cells).rstrip()
        lines.append(paint(line, BOLD) if number == 0 else line)
    return lines


def diff_lines(diff: str) -> str:
    """A unified diff with git's colours where colour is on: additions green, removals red, hunks cyan."""
    if not color_enabled(sys.stdout):
        return diff
    painted = []
    for line in diff.splitlines(keepends=True):
        body, end = line.rstrip("\n"), line[len(line.rstrip("\n")) :]
        if line.startswith(("+++", "---")):
            painted.append(paint(body, BOLD) + end)
        elif line.startswith("+"):
            painted.append(paint(body, GREEN) + end)
        elif line.startswith("-"):
            painted.append(paint(body, RED) + end)
        elif line.startswith("@@"):
            painted.append(paint(body, CYAN) + end)
        else:
            painted.append(line)
    return "".join(painted)
