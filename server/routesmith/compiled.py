"""Compiled copies of package data (the decomposer's lexicon, the host profiles) in the user cache dir.

Parsing TOML and deriving what the code needs from it is most of `routesmith explain`'s start-up; a
MessagePack copy loads in a fraction of that. A copy is keyed by the package version and the size and
mtime of every source file (the data files and the module that builds from them), so an edit or an
upgrade rebuilds it. It is only a cache: a missing, stale or unreadable copy, or a directory that cannot
be written, means building from the sources again — never an error.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from routesmith import __version__
from routesmith.errors import UserError

T = TypeVar("T")


class _Copy(msgspec.Struct, array_like=True, gc=False):
    key: str
    value: msgspec.Raw


def cache_dir() -> Path:
    if override := os.environ.get("ROUTESMITH_CACHE_DIR"):
        return Path(override)
    from routesmith.dirs import user_dir

    return user_dir("cache")


def load(name: str, sources: list[Path], build: Callable[[], T], kind: type[T]) -> T:
    """`build()`, or its copy compiled earlier from the same `sources`."""
    stamp = [__version__, *((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sources)]
    key = repr(stamp)  # checked whole inside the file; its checksum only names the file
    path = cache_dir() / f"{name}-{zlib.crc32(key.encode()):08x}.msgpack"
    try:
        copy = msgspec.msgpack.decode(path.read_bytes(), type=_Copy)
        if copy.key == key:
            return msgspec.msgpack.decode(copy.value, type=kind)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(msgspec.msgpack.encode(_Copy(key, msgspec.Raw(msgspec.msgpack.encode(value)))))
        partial.replace(path)  # atomic: a reader sees the old copy or the whole new one
        for stale in path.parent.glob(f"{name}-*.msgpack"):
            if stale != path:
                stale.unlink(missing_ok=True)  # copies of older sources or versions
    except OSError:
        pass
    return value


def load_toml(name: str, path: Path, module: str, kind: type[T]) -> T:
    """A TOML data file converted to `kind`, through a compiled copy (keyed by the file and by `module`,
    the file of the code that defines `kind`)."""

    def build() -> T:
        import tomllib  # only when the copy is rebuilt

        return msgspec.convert(tomllib.loads(path.read_text(encoding="utf-8")), kind)

    return load(name, [path, Path(module)], build, kind)


def load_toml_tables(name: str, folder: Path, shown: str, key: str) -> dict[str, dict[str, Any]]:
    """The raw table of each `folder/*.toml`, by file stem, through a compiled copy. Each table's `key` must
    be its file's stem; errors name the file as `shown/<file>`."""
    sources = sorted(folder.glob("*.toml"))

    def build() -> dict[str, dict[str, Any]]:
        import tomllib  # only when the copy is rebuilt

        tables: dict[str, dict[str, Any]] = {}
        for entry in sources:
            try:
                table = tomllib.loads(entry.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise UserError(f"{shown}/{entry.name}: {exc}") from exc
            if table.get(key) != entry.stem:
                raise UserError(f"{shown}/{entry.name}: {key}: must be {entry.stem!r}")
            tables[entry.stem] = table
        return tables

    return load(name, sources, build, dict[str, dict[str, Any]])
