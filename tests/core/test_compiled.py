"""The compiled-data cache: a copy is used while its sources are unchanged; a broken one is rebuilt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from routesmith import compiled


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ROUTESMITH_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_copy_is_reused_until_a_source_changes(tmp_path: Path, cache: Path) -> None:
    source = tmp_path / "data.toml"
    source.write_text("a = 1\n", encoding="utf-8")
    builds: list[str] = []

    def build() -> dict[str, int]:
        builds.append(source.read_text(encoding="utf-8"))
        return {"n": len(builds)}

    assert compiled.load("thing", [source], build, dict[str, int]) == {"n": 1}
    assert compiled.load("thing", [source], build, dict[str, int]) == {"n": 1}  # from the copy
    assert len(builds) == 1
    source.write_text("a = 22\n", encoding="utf-8")
    os.utime(source, ns=(1, 1))
    assert compiled.load("thing", [source], build, dict[str, int]) == {"n": 2}
    assert len(list(cache.glob("thing-*.msgpack"))) == 1  # the copy of the old source is gone


def test_a_corrupt_or_foreign_copy_is_rebuilt_not_an_error(tmp_path: Path, cache: Path) -> None:
    source = tmp_path / "data.toml"
    source.write_text("a = 1\n", encoding="utf-8")
    compiled.load("thing", [source], lambda: [1, 2, 3], list[int])
    [copy] = cache.glob("thing-*.msgpack")
    copy.write_bytes(b"\xc1 not msgpack")
    assert compiled.load("thing", [source], lambda: [4], list[int]) == [4]
    copy.write_bytes(b"")
    assert compiled.load("thing", [source], lambda: [5], list[int]) == [5]


def test_an_unwritable_cache_dir_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("ROUTESMITH_CACHE_DIR", str(blocker / "sub"))  # a directory inside a file
    source = tmp_path / "data.toml"
    source.write_text("a = 1\n", encoding="utf-8")
    assert compiled.load("thing", [source], lambda: {"ok": True}, dict[str, bool]) == {"ok": True}
