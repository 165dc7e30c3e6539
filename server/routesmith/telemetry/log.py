"""The append-only outcome log: a file format and the locking that make it safe to share.

File: a 12-byte header (magic + format version), then frames. A frame is
`b"RF" | u32 length | u32 crc32 | payload | u32 length | b"FR"` where the payload is a MessagePack array
of records in array form (`WireRecord`). The trailer lets a writer check the last frame from the end of
the file in O(1) instead of rescanning the log on every append.

Guarantees:
- `append` returns only after all its frames went out in one `write` to an `O_APPEND` descriptor under an
  exclusive `flock` (optionally `fsync`ed), so concurrent writers interleave whole batches and a killed
  process leaves at most one torn frame at the end.
- Readers take the shared lock only long enough to open the files and note their sizes, then read that
  stable prefix lock-free. A torn tail is skipped with a warning; the next writer truncates it, after
  checking that no whole frame lies past it (that would be corruption, which is reported, never "repaired").
- Anything that is not this format is refused with an error naming the file; nothing is overwritten.
- `max_bytes` is the whole log's disk budget. Past 1/16 of it the active file is renamed to the next
  numbered segment (`<name>.00000001`, ...) and compacted into large frames (fast to read: `stats` spends
  its time on records, not frames); whole oldest segments are dropped while the total exceeds the budget.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import struct
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import msgspec

from routesmith.errors import UserError
from routesmith.model import OutcomeRecord

MAGIC = b"RSMTLOG\x00"
VERSION = 1
HEADER = struct.Struct("<8sHH")  # magic, format version, reserved flags
HEADER_BYTES = HEADER.pack(MAGIC, VERSION, 0)
HEAD = struct.Struct("<2sII")  # frame magic, payload length, crc32 of payload
TAIL = struct.Struct("<I2s")  # payload length, trailer magic
FRAME_MAGIC, TAIL_MAGIC = b"RF", b"FR"
OVERHEAD = HEAD.size + TAIL.size
FRAME_RECORDS = 4096  # records per frame when batching or compacting
MAX_PAYLOAD = 64 * 1024 * 1024  # a larger length field can only be damage
ACTIVE_SHARE = 16  # the active (uncompacted) file is at most 1/16 of the budget
READ_CHUNK = 1 << 20

Warn = Callable[[str], None]


class TelemetryError(UserError):
    """The log cannot be used as asked (foreign or corrupt file, unwritable directory, bad record)."""


class WireRecord(OutcomeRecord, array_like=True, gc=False):
    """An OutcomeRecord stored as a positional array: half the bytes, and faster to decode.
    Untracked by the cycle collector (it holds only scalars), which makes reading a million 30% faster."""


def _leading(name: str, through: str) -> type:
    """A record type of the leading fields of OutcomeRecord, up to and including `through`. Decoding stops
    there (msgspec ignores trailing array items), which skips what the reader does not need."""
    fields = msgspec.structs.fields(OutcomeRecord)
    kept = fields[: [f.name for f in fields].index(through) + 1]
    return msgspec.defstruct(
        name,
        [(f.name, f.type) if f.required else (f.name, f.type, f.default) for f in kept],
        kw_only=True,
        array_like=True,
        gc=False,
        module=__name__,
    )


# What aggregation reads: through the duration (skipping the ids and hashes makes `stats` faster).
StatsRecord = _leading("StatsRecord", "duration_ms")
# What the routing summary and `stats --cost` read: through the token counts.
TokenRecord = _leading("TokenRecord", "output_tokens")

_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(list[WireRecord])
_DECODERS = {
    WireRecord: _decoder,
    StatsRecord: msgspec.msgpack.Decoder(list[StatsRecord]),
    TokenRecord: msgspec.msgpack.Decoder(list[TokenRecord]),
}


def warn_to_stderr(message: str) -> None:
    print(f"routesmith: warning: {message}", file=sys.stderr)


def encode_frames(records: list[OutcomeRecord]) -> bytes:
    """Frames for `records`, each checked to decode back, so nothing unreadable ever reaches the file."""
    out = bytearray()
    for start in range(0, len(records), FRAME_RECORDS):
        payload = _encoder.encode(
            [msgspec.structs.astuple(r) for r in records[start : start + FRAME_RECORDS]]
        )
        try:
            _decoder.decode(payload)
        except msgspec.ValidationError as exc:
            raise TelemetryError(f"invalid outcome record: {exc}") from None
        out += HEAD.pack(FRAME_MAGIC, len(payload), zlib.crc32(payload))
        out += payload
        out += TAIL.pack(len(payload), TAIL_MAGIC)
    return bytes(out)


def _frame_at(data: bytes | memoryview, i: int) -> int | None:
    """Length of the whole, valid frame starting at `data[i]`, or None."""
    if len(data) - i < HEAD.size:
        return None
    magic, length, crc = HEAD.unpack_from(data, i)
    end = i + HEAD.size + length + TAIL.size
    if magic != FRAME_MAGIC or length > MAX_PAYLOAD or end > len(data):
        return None
    if TAIL.unpack_from(data, end - TAIL.size) != (length, TAIL_MAGIC):
        return None
    if zlib.crc32(data[i + HEAD.size : end - TAIL.size]) != crc:
        return None
    return end - i


class Segment:
    """One log file as a reader sees it: an open descriptor and the size it had at snapshot time."""

    __slots__ = ("file", "inode", "path", "sealed", "size")

    def __init__(self, path: Path, file: BinaryIO, inode: int, size: int, sealed: bool = False) -> None:
        self.path, self.file, self.inode, self.size = path, file, inode, size
        # A rotated segment was written whole and synced: damage at its end is corruption, not a torn write.
        self.sealed = sealed

    def check_header(self) -> None:
        _check_header(self.path, os.pread(self.file.fileno(), HEADER.size, 0), self.size)

    def payloads(self, start: int, warn: Warn) -> Iterator[tuple[int, bytes]]:
        """(end offset, payload) of each whole frame from `start` (a frame boundary) to the snapshot size."""
        self.file.seek(start)
        buf, base, i = b"", start, 0  # buf[0] is at file offset `base`
        while True:
            if len(buf) - i >= HEAD.size:
                magic, length, crc = HEAD.unpack_from(buf, i)
                need = HEAD.size + length + TAIL.size
                if magic != FRAME_MAGIC or length > MAX_PAYLOAD:
                    raise _corrupt(self.path, base + i, "bad frame header")
                if len(buf) - i >= need:
                    payload = buf[i + HEAD.size : i + need - TAIL.size]
                    if zlib.crc32(payload) != crc or TAIL.unpack_from(buf, i + need - TAIL.size) != (
                        length,
                        TAIL_MAGIC,
                    ):
                        if base + i + need == self.size:  # the last frame, only partly on disk
                            self._torn(base + i, warn)
                            return
                        raise _corrupt(self.path, base + i, "checksum mismatch")
                    i += need
                    yield base + i, payload
                    continue
            else:
                need = HEAD.size
            unread = self.size - (base + len(buf))
            if unread <= 0:
                if i < len(buf):
                    self._torn(base + i, warn)
                return
            buf = buf[i:] + self.file.read(min(unread, max(READ_CHUNK, need)))
            base, i = base + i, 0

    def batches(
        self, warn: Warn, start: int = HEADER.size, record_type: type = WireRecord
    ) -> Iterator[tuple[int, list]]:
        """(end offset, records) per frame, as `WireRecord`s or (leading fields only) `StatsRecord`s or
        `TokenRecord`s."""
        decoder = _DECODERS[record_type]
        for end, payload in self.payloads(start, warn):
            yield end, _decode(decoder, payload, self.path)

    def _torn(self, offset: int, warn: Warn) -> None:
        length = self.size - offset
        if length > MAX_PAYLOAD + OVERHEAD or _contains_frame(self.file, offset + 1, self.size):
            raise _corrupt(self.path, offset, "damaged frame followed by more data")
        if self.sealed:
            raise _corrupt(self.path, offset, "damaged last frame of a rotated segment")
        warn(f"{self.path}: skipping a torn record of {length} bytes at offset {offset} (interrupted write)")


def _decode(decoder: msgspec.msgpack.Decoder, payload: bytes, path: Path) -> list:
    try:
        return decoder.decode(payload)
    except msgspec.DecodeError as exc:
        raise TelemetryError(
            f"{path}: record written by a newer or different routesmith ({exc}); upgrade routesmith"
        ) from None


def _contains_frame(file: BinaryIO, start: int, end: int) -> bool:
    """Whether a whole valid frame starts anywhere in [start, end): tells damage from a torn tail."""
    data = os.pread(file.fileno(), end - start, start)
    i = data.find(FRAME_MAGIC)
    while i >= 0:
        if _frame_at(data, i) is not None:
            return True
        i = data.find(FRAME_MAGIC, i + 1)
    return False


def _corrupt(path: Path, offset: int, what: str) -> TelemetryError:
    return TelemetryError(
        f"{path}: telemetry log is corrupt at byte {offset} ({what}); it was left untouched — "
        "move it aside to start a new log"
    )


def _check_header(path: Path, header: bytes, size: int) -> None:
    if size >= HEADER.size and header[: len(MAGIC)] == MAGIC:
        version = HEADER.unpack(header)[1]
        if version != VERSION:
            raise TelemetryError(
                f"{path}: telemetry log format version {version} is not supported (expected {VERSION})"
            )
        return
    if size < HEADER.size and HEADER_BYTES.startswith(header):
        return  # a header cut short by a kill: nothing was ever acknowledged in this file
    raise TelemetryError(f"{path}: not a routesmith telemetry log (unknown header); it was left untouched")


class TelemetryLog:
    """The log at `path` plus its rotated segments `path.1` .. `path.4` (oldest last)."""

    def __init__(
        self,
        path: Path,
        *,
        store_prompt_text: bool = False,
        max_bytes: int = 64 * 1024 * 1024,
        fsync: bool = False,
        warn: Warn = warn_to_stderr,
        on_append: Callable[[list[OutcomeRecord]], None] | None = None,
    ) -> None:
        self.path = path
        self.store_prompt_text = store_prompt_text
        self.max_bytes = max_bytes
        self.fsync = fsync
        self.warn = warn
        self.on_append = on_append  # after each append, e.g. the OTLP export outbox (never a failure)

    def segment_path(self, number: int) -> Path:
        return self.path.with_name(f"{self.path.name}.{number:08d}")

    def segment_numbers(self) -> list[int]:
        """Numbers of the rotated segments on disk, oldest first."""
        prefix = self.path.name + "."
        try:
            names = os.listdir(self.path.parent)
        except FileNotFoundError:
            return []
        return sorted(
            int(name[len(prefix) :])
            for name in names
            if name.startswith(prefix) and name[len(prefix) :].isdigit()
        )

    def paths(self) -> list[Path]:
        """Every file of the log, oldest first."""
        return [*map(self.segment_path, self.segment_numbers()), self.path]

    @contextmanager
    def _locked(self, mode: int) -> Iterator[None]:
        # A separate lock file, so renaming or replacing the log never leaves a writer locking a stale inode.
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path.with_name(self.path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise TelemetryError(f"{self.path}: cannot open telemetry log: {exc.strerror}") from None
        try:
            fcntl.flock(fd, mode)
            yield
        finally:
            os.close(fd)

    # -- writing -----------------------------------------------------------------------------------------

    def append(self, records: OutcomeRecord | Iterable[OutcomeRecord]) -> int:
        """Append records as one write; returns how many. When this returns, they are in the log."""
        batch = [records] if isinstance(records, OutcomeRecord) else list(records)
        if not self.store_prompt_text:
            batch = [msgspec.structs.replace(r, prompt_text=None) if r.prompt_text else r for r in batch]
        if not batch:
            return 0
        data = encode_frames(batch)
        with self._locked(fcntl.LOCK_EX):
            fd = self._open_active()
            try:
                start = self._repair(fd)
                self._write_all(fd, data, start)
            finally:
                os.close(fd)
            if start + len(data) > self.max_bytes // ACTIVE_SHARE:
                self._rotate()
        if self.on_append is not None:
            try:
                self.on_append(batch)
            except Exception as exc:  # the records are in the log; a side channel must not undo that
                self.warn(f"outcomes recorded, but not handed to the exporter: {exc}")
        return len(batch)

    def _open_active(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        except OSError as exc:
            raise TelemetryError(f"{self.path}: cannot open telemetry log: {exc.strerror}") from None

    def _write_all(self, fd: int, data: bytes, start: int) -> None:
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(fd, view) :]
            if self.fsync:
                os.fsync(fd)
        except OSError as exc:
            os.ftruncate(fd, start)  # leave no partial batch behind (we hold the lock)
            raise TelemetryError(f"{self.path}: cannot write telemetry log: {exc.strerror}") from None

    def _repair(self, fd: int) -> int:
        """Validate the header and the last frame; cut a torn tail. Returns the clean end offset."""
        size = os.fstat(fd).st_size
        header = os.pread(fd, HEADER.size, 0)
        _check_header(self.path, header, size)
        if size < HEADER.size:
            os.ftruncate(fd, 0)
            os.write(fd, HEADER_BYTES)
            return HEADER.size
        if size == HEADER.size or self._last_frame_ok(fd, size):
            return size
        segment = Segment(self.path, os.fdopen(os.dup(fd), "rb"), 0, size)
        with segment.file:
            torn: list[str] = []
            clean = max((end for end, _ in segment.payloads(HEADER.size, torn.append)), default=HEADER.size)
        if torn:
            os.ftruncate(fd, clean)
            self.warn(
                f"{self.path}: removed a torn record of {size - clean} bytes left by an interrupted write"
            )
        return clean

    @staticmethod
    def _last_frame_ok(fd: int, size: int) -> bool:
        length, magic = TAIL.unpack(os.pread(fd, TAIL.size, size - TAIL.size))
        start = size - length - OVERHEAD
        if magic != TAIL_MAGIC or start < HEADER.size:
            return False
        return _frame_at(os.pread(fd, length + OVERHEAD, start), 0) is not None

    def _rotate(self) -> None:
        """Under the exclusive lock: the active file becomes the newest segment, compacted; the oldest
        segments go while the log is over budget. Each step is a rename, so a crash loses nothing."""
        numbers = self.segment_numbers()
        segment = self.segment_path(numbers[-1] + 1 if numbers else 1)
        self.path.rename(segment)
        self._rewrite(segment, lambda _: True)
        sizes = [(path, path.stat().st_size) for path in map(self.segment_path, numbers)]
        total = sum(size for _, size in sizes) + segment.stat().st_size
        for path, size in sizes:
            if total <= self.max_bytes:
                break
            path.unlink()
            total -= size

    def _rewrite(self, path: Path, keep: Callable[[WireRecord], bool]) -> int:
        """Replace `path` atomically by its records that `keep` accepts, in large frames; returns drops."""
        segment = _open_segment(path, sealed=path != self.path)
        if segment is None:
            return 0
        tmp = path.with_name(path.name + ".tmp")
        dropped = 0
        with segment.file, open(tmp, "wb") as out:
            segment.check_header()
            out.write(HEADER_BYTES)
            pending: list[WireRecord] = []
            for _, batch in segment.batches(self.warn):
                kept = [r for r in batch if keep(r)]
                dropped += len(batch) - len(kept)
                pending += kept
                if len(pending) >= FRAME_RECORDS:
                    out.write(encode_frames(pending))
                    pending = []
            out.write(encode_frames(pending))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        tmp.replace(path)
        return dropped

    # -- reading -----------------------------------------------------------------------------------------

    def snapshot(self) -> list[Segment]:
        """Open every file of the log, oldest first, under a brief shared lock; read them afterwards."""
        with self._locked(fcntl.LOCK_SH):
            return self._open_all()

    def _open_all(self) -> list[Segment]:
        opened = (_open_segment(path, sealed=path != self.path) for path in self.paths())
        segments = [segment for segment in opened if segment is not None]
        try:
            for segment in segments:
                segment.check_header()
        except TelemetryError:
            for segment in segments:
                segment.file.close()
            raise
        return segments

    def snapshot_parts(self, parts: int) -> list[list[Segment]]:
        """One snapshot as up to `parts` runs of whole files, oldest first, split near equal sizes: for
        readers that share the work between processes (each reads its run with `read`)."""
        segments = self.snapshot()
        total = sum(segment.size for segment in segments)
        runs: list[list[Segment]] = [[]]
        seen = 0
        for segment in segments:
            if runs[-1] and len(runs) < parts and seen + segment.size / 2 > total * len(runs) / parts:
                runs.append([])  # the boundary nearest to the next 1/parts of the bytes
            runs[-1].append(segment)
            seen += segment.size
        return [run for run in runs if run]

    def read(self, segments: list[Segment], record_type: type = WireRecord) -> Iterator[list]:
        """The records of snapshot `segments`, one list per frame; closes the files when done."""
        try:
            for segment in segments:
                for _, batch in segment.batches(self.warn, record_type=record_type):
                    yield batch
        finally:
            for segment in segments:
                segment.file.close()

    def iter_batches(self, record_type: type = WireRecord) -> Iterator[list]:
        """Records oldest first, one list per frame (the fast path for aggregation); `StatsRecord`
        decodes only the fields up to the duration."""
        return self.read(self.snapshot(), record_type)

    def iter_records(self) -> Iterator[OutcomeRecord]:
        for batch in self.iter_batches():
            yield from batch

    # -- pruning -----------------------------------------------------------------------------------------

    def prune(
        self, *, older_than: float | None = None, keep: int | None = None, dry_run: bool = False
    ) -> int:
        """Drop records with time < `older_than`, or all but the newest `keep`; returns how many went (with
        `dry_run`, how many would go, and nothing is rewritten).

        Each file is rewritten atomically on its own, so an interrupted prune leaves every file either
        old or pruned, never damaged; running it again finishes the job.
        """
        with self._locked(fcntl.LOCK_EX):
            if keep is not None:
                # Files are rewritten oldest first, so the first `drop` records seen are the oldest ones.
                drop = sum(len(batch) for batch in self.read(self._open_all(), StatsRecord)) - keep
                if dry_run:
                    return max(drop, 0)
                seen = itertools.count()

                def wanted(_: WireRecord) -> bool:
                    return next(seen) >= drop
            else:
                cutoff = older_than if older_than is not None else float("-inf")
                if dry_run:
                    batches = self.read(self._open_all(), StatsRecord)
                    return sum(1 for batch in batches for record in batch if record.time < cutoff)

                def wanted(record: WireRecord) -> bool:
                    return record.time >= cutoff

            return sum(self._rewrite(path, wanted) for path in self.paths())


def _open_segment(path: Path, sealed: bool) -> Segment | None:
    try:
        file = open(path, "rb")  # noqa: SIM115 - closed by the caller that consumes the segment
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise TelemetryError(f"{path}: cannot read telemetry log: {exc.strerror}") from None
    stat = os.fstat(file.fileno())
    return Segment(path, file, stat.st_ino, stat.st_size, sealed)
