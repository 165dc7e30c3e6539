"""The top-level keys of a TOML file (a Gemini CLI command), read tolerantly and with positions.

The result has the shape of YAML frontmatter (decompose/frontmatter.py) so the per-host checks and the
completion read both: each entry has its key's span, its value's span (a string's without its quotes) and
the TOML type of the value. One pass over the text; a malformed file is read as far as it goes and `error`
says what is wrong on which line ("line N: ..."). Never raises.
"""

from __future__ import annotations

import re
from enum import StrEnum

from routesmith.decompose.frontmatter import Frontmatter, FrontmatterEntry


class TomlType(StrEnum):
    STRING = "a string"
    BOOLEAN = "a boolean"
    INTEGER = "an integer"
    FLOAT = "a number with a fraction"
    DATETIME = "a date or time"
    ARRAY = "an array"
    TABLE = "a table"
    NOTHING = "no value"


class TomlEntry(FrontmatterEntry, kw_only=True, frozen=True):
    type: TomlType


_KEY = re.compile(
    r"[ \t]*(?P<key>[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*|\"[^\"\n]*\"|'[^'\n]*')[ \t]*=[ \t]*"
)
_HEADER = re.compile(r"[ \t]*\[\[?[ \t]*(?P<key>[A-Za-z0-9_-]+|\"[^\"\n]*\"|'[^'\n]*')[^\n]*")
_REST = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\r?\n|$)")
_BOOLEAN = re.compile(r"true|false")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}[^\s#,\]}]*)?|\d{2}:\d{2}:\d{2}[^\s#,\]}]*")
_INTEGER = re.compile(r"[+-]?(?:0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|\d[\d_]*)")
_FLOAT = re.compile(r"[+-]?(?:\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d[\d_]*)?|inf|nan)")
_BARE = re.compile(r"[^\s#,\]}]*")
_DECODE_AT = re.compile(r"\(at line (?P<line>\d+), column \d+\)|\(at end of document\)")


class _Scanner:
    __slots__ = ("error", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.error: str | None = None

    def fail(self, at: int, problem: str) -> None:
        if self.error is None:
            self.error = f"line {self.text.count(chr(10), 0, at) + 1}: {problem}"

    def string(self, at: int) -> tuple[int, int, int]:
        """(content start, content end, end) of the string opening at `at`."""
        text = self.text
        quote = text[at : at + 3] if text.startswith(('"""', "'''"), at) else text[at]
        start = at + len(quote)
        i = start
        while i < len(text):
            char = text[i]
            if char == "\\" and quote[0] == '"':
                i += 2
                continue
            if text.startswith(quote, i):
                # Of a run of up to five quotes, the last three close a multi-line string.
                run = len(quote)
                while len(quote) == 3 and run < 5 and text.startswith(quote[0], i + run):
                    run += 1
                return start, i + run - len(quote), i + run
            if char == "\n" and len(quote) == 1:
                break
            i += 1
        self.fail(at, f"the string opened here is never closed (with {quote})")
        end = text.find("\n", start) if len(quote) == 1 else -1
        end = len(text) if end < 0 else end
        return start, end, end

    def bracketed(self, at: int) -> int:
        """The end of the array or inline table opening at `at` (strings and comments skipped)."""
        text, closing = self.text, {"[": "]", "{": "}"}
        stack = [closing[text[at]]]
        i = at + 1
        while i < len(text) and stack:
            char = text[i]
            if char in "\"'":
                i = self.string(i)[2]
                continue
            if char == "#":
                newline = text.find("\n", i)
                i = len(text) if newline < 0 else newline
                continue
            if char in closing:
                stack.append(closing[char])
            elif char == stack[-1]:
                stack.pop()
            elif char in "]}":
                self.fail(i, f"`{char}` does not close the `{ {']': '[', '}': '{'}[stack[-1]] }` before it")
                return i + 1
            i += 1
        if stack:
            self.fail(at, f"the `{text[at]}` opened here is never closed")
        return i

    def value(self, at: int) -> tuple[TomlType, int, int, int]:
        """(type, value start, value end, end) of the value at `at`; a string's span excludes its quotes."""
        text = self.text
        char = text[at : at + 1]
        if char in ('"', "'"):
            start, end, after = self.string(at)
            return TomlType.STRING, start, end, after
        if char in ("[", "{"):
            end = self.bracketed(at)
            return (TomlType.ARRAY if char == "[" else TomlType.TABLE), at, end, end
        bare = _BARE.match(text, at)
        end = bare.end() if bare else at
        word = text[at:end]
        if not word:
            self.fail(at, "a key needs a value after `=`")
            return TomlType.NOTHING, at, at, at
        for pattern, kind in (
            (_BOOLEAN, TomlType.BOOLEAN),
            (_DATETIME, TomlType.DATETIME),
            (_INTEGER, TomlType.INTEGER),
            (_FLOAT, TomlType.FLOAT),
        ):
            if pattern.fullmatch(word):
                return kind, at, end, end
        self.fail(at, f"{word[:40]!r} is no TOML value (a string needs quotes)")
        return TomlType.NOTHING, at, end, end


def _unquote(key: str) -> str:
    return key[1:-1] if key[:1] in "\"'" else re.sub(r"[ \t]*\.[ \t]*", ".", key)


def parse_toml_keys(text: str) -> Frontmatter:
    """The top-level keys of `text` (a `[table]` header counts as its first key, with a table value; the
    keys below a header are the table's). The frontmatter has no block of its own (span (0, 0))."""
    scanner = _Scanner(text)
    entries: list[FrontmatterEntry] = []
    top_level = True
    line = 0
    at = 0
    while at < len(text):
        newline = text.find("\n", at)
        line_end = len(text) if newline < 0 else newline
        content = text[at:line_end].strip()
        if not content or content.startswith("#"):
            next_at = line_end + 1
        elif content.startswith("[") and (header := _HEADER.match(text, at, line_end)):
            top_level = False
            key = header.group("key")
            entries.append(
                TomlEntry(
                    key=_unquote(key),
                    value="",
                    key_span=header.span("key"),
                    value_span=header.span("key"),
                    line=line,
                    type=TomlType.TABLE,
                )
            )
            next_at = line_end + 1
        elif (match := _KEY.match(text, at, line_end)) is not None:
            kind, start, end, after = scanner.value(match.end())
            if top_level:
                entries.append(
                    TomlEntry(
                        key=_unquote(match.group("key")),
                        value=text[start:end],
                        key_span=match.span("key"),
                        value_span=(start, end),
                        line=line,
                        type=kind,
                    )
                )
            rest = _REST.match(text, after)
            if rest is None:
                following = text.find("\n", after)
                line_rest = text[after : len(text) if following < 0 else following].strip()
                scanner.fail(after, f"unexpected {line_rest[:40]!r} after the value")
                next_at = len(text) if following < 0 else following + 1
            else:
                next_at = rest.end()
        else:
            scanner.fail(at, f"expected `key = value`, got {content[:40]!r}")
            next_at = line_end + 1
        line += text.count("\n", at, next_at)
        at = next_at
    error = scanner.error or _decode_error(text)
    return Frontmatter(span=(0, 0), body_start=0, entries=entries, error=error)


def _decode_error(text: str) -> str | None:
    """What the standard TOML reader finds wrong that the scan above does not look for (escapes, numbers,
    a key set twice through a table, ...), as "line N: ..."."""
    import tomllib  # only for TOML files

    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _DECODE_AT.search(message)
        at_line = found.group("line") if found is not None else None
        line = int(at_line) if at_line else text.count("\n") + 1  # "at end of document"
        problem = _DECODE_AT.sub("", message).strip()
        return f"line {line}: {problem[:1].lower() + problem[1:]}"
    return None
