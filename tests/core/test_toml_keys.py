"""The tolerant TOML key reader of Gemini CLI commands (hosts/toml_keys.py): on valid files it finds the
keys and types the standard reader finds, with spans that hold the value's text; on mangled files it
never raises, its spans stay inside the text, and an error names a line of it."""

from __future__ import annotations

import datetime
import random
import re
import tomllib

import pytest

from routesmith.hosts.toml_keys import TomlEntry, TomlType, parse_toml_keys

VALID = '''# a comment 🙂
description = "Ships \\"it\\" 🚀"
prompt = """
Plan it = not a key.
[test] "quoted" ""twice"" ""\"""
'literal' = '🙂'
n = 1_000
f = -1.5e3
b = true
d = 1979-05-27T07:32:00Z
a = [1, "]", [2], # a comment ]
  3]
t = { x = "}", y = [1] }
"dotted . key" = 'x'
a2.b = 1
[table]
hidden = """also
not top-level"""
'''

TYPES = {
    str: TomlType.STRING,
    bool: TomlType.BOOLEAN,
    int: TomlType.INTEGER,
    float: TomlType.FLOAT,
    datetime.datetime: TomlType.DATETIME,
    list: TomlType.ARRAY,
    dict: TomlType.TABLE,
}


def test_keys_and_types_agree_with_the_standard_reader() -> None:
    found = parse_toml_keys(VALID)
    assert found.error is None
    entries = [e for e in found.entries if isinstance(e, TomlEntry)]
    assert len(entries) == len(found.entries)
    parsed = tomllib.loads(VALID)
    # A dotted key is read as written; the standard reader makes it a table.
    assert [e.key for e in entries] == [("a2.b" if key == "a2" else key) for key in parsed]
    by_key = {e.key: e for e in entries}
    assert by_key.pop("a2.b").type is TomlType.INTEGER
    for key, entry in by_key.items():
        value = parsed[key]
        assert entry.type is TYPES[type(value)], key
        if isinstance(value, str):
            # TOML drops the line break that opens a multi-line string; the span keeps it
            assert VALID[slice(*entry.value_span)].replace('\\"', '"').removeprefix("\n") == value, key
    assert [e.line for e in entries[:2]] == [1, 2]


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('prompt = "open\n', 1, "never closed"),
        ('description = "d"\nprompt = """\nno end', 2, "never closed"),
        ("a = [1,\n2\n", 1, "never closed"),
        ("x = 1 2\n", 1, "unexpected '2'"),
        ("\n\nkey without value\n", 3, "expected `key = value`"),
        ("prompt = bare words\n", 1, "no TOML value"),
        ('a = 1\nb = "\\q"\n', 2, "\\"),  # found by the standard reader only
        ("a = 1\na = 2\n", 2, ""),
    ],
)
def test_a_malformed_file_names_the_line(text: str, line: int, problem: str) -> None:
    found = parse_toml_keys(text)
    assert found.error is not None and found.error.startswith(f"line {line}: "), found.error
    assert problem in found.error


def test_mangled_files_never_raise_and_spans_stay_inside() -> None:
    rng = random.Random(17)
    specials = ['"', "'", '"""', "'''", "[", "]", "{", "}", "=", "#", "\n", "\\", ",", ".", " ", "🙂"]
    for _ in range(400):
        text = VALID
        for _ in range(rng.randrange(1, 8)):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(specials) + text[at + rng.randrange(2) :]
        found = parse_toml_keys(text)
        lines = text.count("\n") + 1
        for entry in found.entries:
            assert 0 <= entry.key_span[0] <= entry.key_span[1] <= len(text)
            assert 0 <= entry.value_span[0] <= entry.value_span[1] <= len(text)
            assert 0 <= entry.line < lines
        if found.error is not None:
            number = re.match(r"line (\d+): ", found.error)
            assert number is not None and 1 <= int(number.group(1)) <= lines, found.error
