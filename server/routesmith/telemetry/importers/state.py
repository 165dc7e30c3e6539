"""What the importer remembers between runs, next to the telemetry log:

- `<log>.import`: per source (keyed by a salted hash of its path, so no project name is kept) its stamp
  (size, mtime, inode) when last read, the offset to resume from, and what a resumed read needs to carry
  over (a session hash, a model name). An unchanged stamp means the source is not opened at all.
- `<log>.import-seen`: the 64-bit prefixes of the turn hashes already imported, 8 bytes each, appended.
  Resumed and forked sessions copy earlier turns into new files; these keep them from counting twice.
  Loaded only when some source changed, so a no-op import reads just the first file.
- `<log>.import.lock`: held while an import runs, so two imports never add the same turn.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import msgspec

from routesmith.telemetry.log import TelemetryError

STATE_FORMAT = 1
DIGEST_BYTES = 8


class Progress(msgspec.Struct, array_like=True):
    stamp: tuple[int, ...]
    offset: int
    carry: dict[str, str] = {}


class _State(msgspec.Struct, array_like=True):
    format: int
    sources: dict[str, Progress]


class ImportState:
    def __init__(self, log_path: Path) -> None:
        self.path = log_path.with_name(log_path.name + ".import")
        self.seen_path = log_path.with_name(log_path.name + ".import-seen")
        self.sources: dict[str, Progress] = self._load()
        self._seen: set[int] | None = None
        self._new_seen: list[int] = []

    def _load(self) -> dict[str, Progress]:
        try:
            state = msgspec.msgpack.decode(self.path.read_bytes(), type=_State)
        except FileNotFoundError:
            return {}
        except (OSError, msgspec.DecodeError):
            return {}  # unreadable or another version: read everything again (the seen set dedupes)
        return state.sources if state.format == STATE_FORMAT else {}

    @staticmethod
    def digest(turn_hash: str) -> int:
        return int(turn_hash[: DIGEST_BYTES * 2], 16)

    def seen(self, turn_hash: str) -> bool:
        """Whether the turn was imported before (or earlier in this run); marks it seen."""
        if self._seen is None:
            self._seen = self._load_seen()
        digest = self.digest(turn_hash)
        if digest in self._seen:
            return True
        self._seen.add(digest)
        self._new_seen.append(digest)
        return False

    def _load_seen(self) -> set[int]:
        try:
            data = self.seen_path.read_bytes()
        except FileNotFoundError:
            return set()
        except OSError as exc:
            raise TelemetryError(f"{self.seen_path}: cannot read: {exc.strerror}") from None
        whole = len(data) - len(data) % DIGEST_BYTES  # a torn last entry is dropped
        return {int.from_bytes(data[i : i + DIGEST_BYTES], "big") for i in range(0, whole, DIGEST_BYTES)}

    def save(self) -> None:
        """Seen digests first, then the offsets: a crash in between re-reads turns that are then skipped
        as seen, never adds them twice."""
        try:
            if self._new_seen:
                with open(self.seen_path, "ab") as file:
                    file.write(b"".join(d.to_bytes(DIGEST_BYTES, "big") for d in self._new_seen))
                self._new_seen = []
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(msgspec.msgpack.encode(_State(STATE_FORMAT, self.sources)))
            tmp.replace(self.path)
        except OSError as exc:
            raise TelemetryError(f"{self.path}: cannot save import progress: {exc.strerror}") from None


@contextmanager
def import_lock(log_path: Path, wait: bool = True) -> Iterator[bool]:
    """Hold the import lock; yields False (without waiting) when `wait` is off and another import runs."""
    lock = log_path.with_name(log_path.name + ".import.lock")
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise TelemetryError(f"{lock}: cannot open: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)
