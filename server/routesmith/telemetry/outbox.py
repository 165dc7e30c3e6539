"""The export outbox: outcomes waiting for the OpenTelemetry collector, so that recording never waits on the
network, nothing recorded is lost, and nothing is sent twice.

With an endpoint configured, each append to the log also puts its records (never their prompt text) into
`<log>.otlp/outbox`, a file in the log's own format, and wakes a sender; the append returns at local-log
speed whatever the collector does. A sender sends what lies past the cursor (`<log>.otlp/cursor`: the
outbox offset up to which the collector has confirmed) in batches, moves the cursor after each confirmed
batch, and empties the outbox once all of it is confirmed.

One sender at a time: it holds `<log>.otlp/sender.lock` from before it reads until after its last look at
the outbox, which it takes under the outbox's write lock. So an append either lands before that last look
(and is sent by that sender) or finds the lock free and starts a sender of its own: no wake-up is missed
and no record goes out twice. A CLI process takes the lock and hands it to a detached sender process
(`python -m routesmith.telemetry.otlp`), which its own alarm ends after SENDER_DEADLINE_S; a long-lived
server sends from one background thread of its own (`use_sender_thread`).

The log stays the source of truth. A collector that refuses or hangs fails one batch (at most
otlp.EXPORT_TIMEOUT_S); its records wait for the next sender, or `routesmith export --otlp --pending`.
A full outbox (OUTBOX_MAX_BYTES, a long outage) takes no more records and says so once: they are in the
log, and `routesmith export --otlp --since ...` sends history.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from importlib.util import find_spec
from pathlib import Path

import msgspec

from routesmith.model import OutcomeRecord
from routesmith.telemetry.log import HEADER, TelemetryError, TelemetryLog, Warn, encode_frames

OUTBOX_MAX_BYTES = 32 * 1024 * 1024  # about 300,000 outcomes waiting; past it they are only in the log
SENDER_DEADLINE_S = 60  # a detached sender's whole life, whatever the collector does
RETRY_S = 60.0  # a server's sender thread tries again this long after a failure (sooner on a new record)
LOCK_WAIT_S = 0.05
INSTALL = "pip install 'routesmith-lsp[otel]'"


class ExportFailed(Exception):
    """The collector did not confirm a batch (refused, timed out, or answered with an error)."""


class Cursor(msgspec.Struct, kw_only=True):
    """How far the collector has confirmed the outbox, and how the last attempt ended."""

    inode: int = 0  # the outbox file the offsets are in: another file starts again from its first frame
    frame: int = HEADER.size  # offset of the first frame not wholly confirmed
    sent: int = 0  # records of that frame already confirmed
    failure: str | None = None  # why the last attempt stopped, when it failed
    failed_at: float | None = None


class Drained(msgspec.Struct, frozen=True):
    """What one sender's pass did: how many outcomes the collector confirmed, and why it stopped early."""

    sent: int
    failure: str | None = None


class Outbox(TelemetryLog):
    """The outbox beside a log: one file in the log's format that is never rotated, only emptied."""

    def __init__(self, log: Path, warn: Warn) -> None:
        self.directory = log.with_name(log.name + ".otlp")
        super().__init__(self.directory / "outbox", warn=warn)
        self.cursor_path = self.directory / "cursor"
        self.sender_lock_path = self.directory / "sender.lock"
        self.full_said = False

    def append(self, records: OutcomeRecord | Iterable[OutcomeRecord]) -> int:
        """Queue records for the collector (without prompt text, which is never exported); past
        OUTBOX_MAX_BYTES they are not queued, said once. Returns how many were queued."""
        batch = [records] if isinstance(records, OutcomeRecord) else list(records)
        data = encode_frames([msgspec.structs.replace(r, prompt_text=None) for r in batch])
        self._make_directory()
        with self._locked(fcntl.LOCK_EX):
            fd = self._open_active()
            try:
                start = self._repair(fd)
                if start + len(data) > OUTBOX_MAX_BYTES:
                    if not self.full_said:
                        self.full_said = True
                        self.warn(
                            f"{self.path}: the export outbox is full ({OUTBOX_MAX_BYTES} bytes wait for the "
                            "collector); new outcomes are only in the log until it empties: "
                            "`routesmith export --otlp --since ...` sends them"
                        )
                    return 0
                self._write_all(fd, data, start)
            finally:
                os.close(fd)
        return len(batch)

    def _make_directory(self) -> None:
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise TelemetryError(f"{self.directory}: cannot create: {exc.strerror}") from None

    def read_cursor(self) -> Cursor:
        try:
            return msgspec.json.decode(self.cursor_path.read_bytes(), type=Cursor)
        except FileNotFoundError:
            return Cursor()
        except (OSError, msgspec.DecodeError):
            # A damaged cursor can only make the outbox go out again from its start: said, never fatal.
            self.warn(f"{self.cursor_path}: unreadable export cursor; the outbox is sent from its start")
            return Cursor()

    def write_cursor(self, cursor: Cursor) -> None:
        """Replace the cursor atomically: a sender killed at any point leaves the old one or the new one."""
        temporary = self.cursor_path.with_name("cursor.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(msgspec.json.encode(cursor))
        temporary.replace(self.cursor_path)

    def take_sender_lock(self, wait_s: float = 0.0) -> int | None:
        """The sender lock's descriptor, locked (within `wait_s`), or None while another sender holds it."""
        self._make_directory()
        try:
            fd = os.open(self.sender_lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise TelemetryError(f"{self.sender_lock_path}: cannot open: {exc.strerror}") from None
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return None
                time.sleep(LOCK_WAIT_S)

    def drain(self, deliver: Callable[[list[OutcomeRecord]], None], lock_fd: int, batch: int) -> Drained:
        """Send what lies past the cursor, `batch` records per `deliver` call (which raises ExportFailed when
        the collector does not confirm), until the outbox is empty or a batch fails. `lock_fd` is the sender
        lock, held by the caller; this closes it (see the module's docstring for why it goes when it does)."""
        cursor = self.read_cursor()
        sent = 0
        try:
            while True:
                segments = self.snapshot()
                if segments:
                    [segment] = segments
                    if cursor.inode != segment.inode or cursor.frame > segment.size:
                        cursor = Cursor(inode=segment.inode)
                    with segment.file:
                        for end, records in segment.batches(self.warn, start=cursor.frame):
                            for start in range(cursor.sent, len(records), batch):
                                chunk = records[start : start + batch]
                                deliver(chunk)
                                sent += len(chunk)
                                cursor.sent = start + len(chunk)
                                self.write_cursor(cursor)
                            cursor.frame, cursor.sent = end, 0
                    self.write_cursor(cursor)
                with self._locked(fcntl.LOCK_EX):
                    size = self.path.stat().st_size if self.path.exists() else HEADER.size
                    if cursor.frame >= size or size <= HEADER.size:
                        if size > HEADER.size:
                            os.truncate(self.path, HEADER.size)  # all confirmed: the outbox starts again
                        self.write_cursor(Cursor(inode=cursor.inode))
                        # Released under the write lock: any later append finds it free and starts a sender.
                        os.close(lock_fd)
                        lock_fd = -1
                        return Drained(sent)
                    if not segments or size == segments[0].size:
                        return Drained(sent)  # a torn tail: the next append cuts it and wakes a sender
        except (ExportFailed, TelemetryError, OSError) as exc:
            failure = str(exc)
            self.write_cursor(msgspec.structs.replace(cursor, failure=failure, failed_at=time.time()))
            return Drained(sent, failure)
        finally:
            if lock_fd >= 0:
                os.close(lock_fd)


def _when(timestamp: float | None) -> str:
    return datetime.fromtimestamp(timestamp or 0, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def failure_note(outbox: Outbox, base: str, cursor: Cursor) -> str:
    return (
        f"outcomes not exported to {base}: the last attempt ({_when(cursor.failed_at)}) failed: "
        f"{cursor.failure}; they wait in {outbox.path} for the next sender, or "
        "`routesmith export --otlp --pending`"
    )


class Delivery:
    """A process's hand-off of new records to the collector for one log and endpoint."""

    def __init__(self, log: Path, base: str, warn: Warn) -> None:
        self.outbox = Outbox(log, warn)
        self.log, self.base, self.warn = log, base, warn
        self.extra_missing: bool | None = None  # learnt on the first record
        # A server thread's whole in-memory queue, one flag: "the outbox has news" (records wait on disk).
        self.wake = threading.Event()
        self.thread: threading.Thread | None = None

    def __call__(self, records: list[OutcomeRecord]) -> None:
        if self.extra_missing is None:
            # Once per process, without importing the SDK (a recording process never loads it).
            try:
                self.extra_missing = find_spec("opentelemetry.exporter.otlp.proto.http") is None
            except ImportError:  # no `opentelemetry` package at all
                self.extra_missing = True
            if self.extra_missing:
                self.warn(
                    f"outcomes are not exported to {self.base}: "
                    f"the OpenTelemetry extra is missing ({INSTALL})"
                )
            elif (cursor := self.outbox.read_cursor()).failure:
                self.warn(failure_note(self.outbox, self.base, cursor))
        if self.extra_missing or not self.outbox.append(records):
            return
        if _sender_threads:
            self._wake_thread()
        else:
            self._start_process()

    def _start_process(self) -> None:
        """Take the sender lock (None: a running sender will send these too) and hand it to a detached
        sender process, reaped by a daemon thread so that a long-lived caller keeps no zombie."""
        lock_fd = self.outbox.take_sender_lock()
        if lock_fd is None:
            return
        # -P and cwd "/": the working directory (maybe an untrusted workspace) is not on its import path.
        argv = [sys.executable, "-P", "-m", "routesmith.telemetry.otlp", str(self.log), self.base]
        argv.append(str(lock_fd))
        try:
            process = subprocess.Popen(
                argv,
                cwd="/",
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(lock_fd,),
                start_new_session=True,  # a terminal's Ctrl-C on `record` does not cut a send short
            )
        except OSError as exc:
            self.warn(f"outcomes recorded, but no sender started for {self.base}: {exc.strerror}")
            return
        finally:
            os.close(lock_fd)  # the child's descriptor keeps the lock
        threading.Thread(target=process.wait, name="routesmith-sender-reaper", daemon=True).start()

    def _wake_thread(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._send_forever, name="routesmith-otlp", daemon=True)
            self.thread.start()
        self.wake.set()

    def _send_forever(self) -> None:
        """The server's sender: drain on each wake-up (and RETRY_S after a failure), with one SDK set-up."""
        from routesmith.telemetry.otlp import BATCH_SIZE, Sender

        try:
            sender = Sender(self.base)
        except Exception as exc:  # whatever stops the SDK stops export, never the server
            self.warn(f"outcomes not exported to {self.base}: {exc}")
            return
        said_failure: str | None = None
        while True:
            self.wake.wait(RETRY_S if said_failure else None)
            self.wake.clear()
            try:
                lock_fd = self.outbox.take_sender_lock()
                if lock_fd is None:
                    continue  # a CLI's sender holds it, and sends these too
                drained = self.outbox.drain(sender.deliver, lock_fd, BATCH_SIZE)
                sender.send_metrics()
            except Exception as exc:  # the thread outlives any one attempt; the outcomes wait on disk
                drained = Drained(0, f"{type(exc).__name__}: {exc}")
            if drained.failure and drained.failure != said_failure:
                failed = Cursor(failure=drained.failure, failed_at=time.time())
                self.warn(failure_note(self.outbox, self.base, failed))
            said_failure = drained.failure


_sender_threads = False
_deliveries: dict[tuple[Path, str], Delivery] = {}
_lock = threading.Lock()


def use_sender_thread() -> None:
    """Send from a background thread of this process instead of detached processes (long-lived servers,
    which have the SDK loaded once and must not start a process per record)."""
    global _sender_threads
    _sender_threads = True


def delivery(log: Path, base: str, warn: Warn) -> Delivery:
    """The process's delivery for this log and endpoint (one each, whatever opens the log how often)."""
    with _lock:
        key = (log, base)
        if key not in _deliveries:
            _deliveries[key] = Delivery(log, base, warn)
        return _deliveries[key]
