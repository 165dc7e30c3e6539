"""Enum members read as fast as class attributes on Python 3.11 too, and read the same."""

from __future__ import annotations

import enum
import subprocess
import sys

import pytest

import routesmith  # noqa: F401 (the import is what is tested)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="Python 3.12 has no EnumType.__getattr__ to drop")
def test_importing_routesmith_drops_the_slow_member_hook_on_3_11() -> None:
    assert "__getattr__" not in vars(enum.EnumType)


def test_members_aliases_and_clashing_names_still_read_the_same() -> None:
    class Field(enum.Enum):
        name = "n"  # clashes with Enum.name: kept as a property that returns the member
        value = "v"

    class Level(enum.IntEnum):
        LOW = 1
        LEAST = 1  # an alias

    assert Field.name is Field["name"] and Field.name.value == "n" and Field.value.name == "value"
    assert Level.LEAST is Level.LOW and Level(1) is Level.LOW
    with pytest.raises(AttributeError):
        Level.HIGH  # noqa: B018 (reading it is the test)


def test_the_language_servers_protocol_enums_still_read() -> None:
    code = (
        "import routesmith, lsprotocol.types as t;"
        "print(t.DiagnosticSeverity.Warning.value, t.TextDocumentSyncKind.Incremental.name)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["2", "Incremental"]
