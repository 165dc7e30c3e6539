"""opencode ≥ 1.2: `$XDG_DATA_HOME/opencode/opencode.db` (and `opencode-<channel>.db`), SQLite, opened
read-only. Tables `session` (`parent_id` set for subagents), `message` and `part`, each with a JSON `data`.

A request is a user message's text parts; the turn is the assistant messages up to the next one
(`modelID`, `tokens`, `error.name` `MessageAbortedError` = interrupted) and their tool parts
(`state.status`, `state.metadata.exit`). Messages are read per session updated since the last read (less
the settling time, so a held turn is read again); the seen set skips turns imported before. The JSON
files of opencode before 1.2 (`storage/`) are not read.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import msgspec

from routesmith.telemetry.importers.common import (
    NewerFormat,
    Reading,
    Source,
    Turn,
    env_path,
    exit_code_failed,
    file_stamp,
    get,
    scan,
)

HOST = "opencode"
REREAD_MS = 3_600_000  # sessions updated within this of the last read are read again (held turns)
_decode = msgspec.json.Decoder().decode


def sources(env: Mapping[str, str], home: Path) -> list[Source]:
    root = env_path(env, "XDG_DATA_HOME", home / ".local" / "share") / "opencode"
    return [
        Source(HOST, Path(entry.path))
        for entry in scan(root)
        if entry.name == "opencode.db" or (entry.name.startswith("opencode-") and entry.name.endswith(".db"))
    ]


def stamp(path: Path) -> tuple[int, ...]:
    """The database's stamp and its write-ahead log's: new messages may sit in the WAL for a while."""
    try:
        wal = os.stat(f"{path}-wal")
        extra = (wal.st_size, wal.st_mtime_ns)
    except FileNotFoundError:
        extra = (0, 0)
    return (*file_stamp(path), *extra)


def read(reading: Reading) -> Iterator[Turn]:
    since = int(reading.carry.get("since", "0"))
    newest = since
    try:
        db = sqlite3.connect(f"file:{quote(str(reading.source.path))}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise OSError(str(exc)) from None
    try:
        sessions = db.execute(
            "SELECT id, time_updated FROM session WHERE time_updated >= ? ORDER BY id", (since,)
        ).fetchall()
        for session_id, updated in sessions:
            newest = max(newest, updated or 0)
            yield from _session(db, reading, session_id)
    except sqlite3.DatabaseError as exc:
        if "no such" in str(exc):  # a table or column this reader does not know: another schema
            raise NewerFormat(str(exc)) from None
        raise OSError(str(exc)) from None
    finally:
        db.close()
    reading.carry["since"] = str(max(0, min(newest, int(time.time() * 1000)) - REREAD_MS))


def _session(db: sqlite3.Connection, reading: Reading, session_id: str) -> Iterator[Turn]:
    session = reading.session_hash(session_id)
    parts: dict[str, list[dict[str, Any]]] = {}
    for message_id, data in db.execute(
        "SELECT message_id, data FROM part WHERE session_id = ? ORDER BY message_id, id", (session_id,)
    ):
        part = _json(data)
        if part is not None:
            parts.setdefault(message_id, []).append(part)
    turn: Turn | None = None
    for message_id, created, data in db.execute(
        "SELECT id, time_created, data FROM message WHERE session_id = ? ORDER BY time_created, id",
        (session_id,),
    ):
        message = _json(data)
        if message is None:
            continue
        mine = parts.pop(message_id, [])
        if message.get("role") == "user":
            text = "\n".join(
                p["text"]
                for p in mine
                if p.get("type") == "text" and isinstance(p.get("text"), str) and not p.get("synthetic")
            ).strip()
            if text:
                if turn is not None:
                    yield turn
                turn = Turn(key=message_id, session=session, start=(created or 0) / 1000.0, prompt=text)
        elif turn is not None and message.get("role") == "assistant":
            _answer(turn, message, mine)
    if turn is not None:
        yield turn


def _json(data: object) -> dict[str, Any] | None:
    try:
        value = _decode(data) if isinstance(data, str | bytes) else None
    except msgspec.DecodeError:
        return None
    return value if isinstance(value, dict) else None


def _answer(turn: Turn, message: dict[str, Any], parts: list[dict[str, Any]]) -> None:
    if isinstance(message.get("modelID"), str):
        turn.model = message["modelID"]
    completed = get(message, "time", "completed")
    turn.seen_at(completed / 1000.0 if isinstance(completed, int | float) else None)
    tokens = message.get("tokens")
    inputs = [get(tokens, "input"), get(tokens, "cache", "read"), get(tokens, "cache", "write")]
    numbers = [n for n in inputs if isinstance(n, int)]
    turn.add_tokens(sum(numbers) if numbers else None, get(tokens, "output"))
    error = get(message, "error", "name")
    if error == "MessageAbortedError":
        turn.interrupted = True
    elif isinstance(error, str):
        turn.api_error = True
    for part in parts:
        if part.get("type") != "tool":
            continue
        status, output = get(part, "state", "status"), get(part, "state", "output")
        exit_code = get(part, "state", "metadata", "exit")
        if status == "error":
            turn.tool_result(True, output)
        elif status == "completed":
            failed = exit_code != 0 if isinstance(exit_code, int) else False
            if not failed and isinstance(output, str):
                failed = bool(exit_code_failed(output))
            turn.tool_result(failed, output)
