"""Gemini CLI: `$GEMINI_CLI_HOME` (default: home) `/.gemini/tmp/<project>/chats/session-*.jsonl`, subagents
in `chats/<parent id>/*.jsonl`, and before JSONL (2026-04) one `session-*.json` document per session.

A line is the session header, a message (`id`, `type` user|gemini|info|error|warning), a `$set` update
or a `$rewindTo` marker. A changed message is appended again whole, so the last line per `id` wins: a
turn's answers are gathered by id and judged when the next request starts. A rewind drops the turn in
progress (the user went back on it). The old `.json` document is rewritten whole on each change: it is
read from the start every time it changed, and the seen set skips the turns imported before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec

from routesmith.telemetry.importers.common import (
    TORN_LINE,
    UNKNOWN_ENTRY,
    Reading,
    Source,
    Turn,
    env_path,
    file_stamp,
    get,
    jsonl,
    parse_time,
    scan,
    text_of,
)

HOST = "gemini_cli"
MESSAGES = frozenset({"user", "gemini", "info", "error", "warning"})
REWOUND = "turns taken back by a rewind"
CANCELLED = "request cancelled"  # the notice the CLI records when the user presses Esc
stamp = file_stamp


def sources(env: Mapping[str, str], home: Path) -> list[Source]:
    tmp = env_path(env, "GEMINI_CLI_HOME", home) / ".gemini" / "tmp"
    found = []
    for project in scan(tmp):
        for entry in scan(Path(project.path) / "chats"):
            if entry.is_dir():
                found += [
                    Source(HOST, Path(sub.path), subagent=True)
                    for sub in scan(Path(entry.path))
                    if sub.name.endswith(".jsonl")
                ]
            elif entry.name.startswith("session-") and entry.name.endswith((".jsonl", ".json")):
                found.append(Source(HOST, Path(entry.path)))
    return found


def read(reading: Reading) -> Iterator[Turn]:
    if reading.source.path.suffix == ".json":
        yield from _messages(reading, _document(reading))
        reading.end = 0  # rewritten whole: the next read starts over (imported turns are skipped as seen)
    else:
        yield from _messages(reading, jsonl(reading))


def _document(reading: Reading) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        document = msgspec.json.decode(reading.source.path.read_bytes())
    except msgspec.DecodeError:
        reading.counts[TORN_LINE] += 1  # caught mid-rewrite: read again when it changes next
        return
    if not isinstance(document, dict) or not isinstance(document.get("messages"), list):
        reading.counts[UNKNOWN_ENTRY] += 1
        return
    yield 0, document  # the header fields
    for message in document["messages"]:
        if isinstance(message, dict):
            yield 0, message


def _messages(reading: Reading, entries: Iterable[tuple[int, dict[str, Any]]]) -> Iterator[Turn]:
    turn: Turn | None = None
    answers: dict[str, dict[str, Any]] = {}  # the turn's messages by id, last version wins
    asked: set[str] = set()  # request ids already read (a re-appended request is no new turn)
    for offset, entry in entries:
        if "sessionId" in entry and "type" not in entry:
            if isinstance(entry["sessionId"], str):
                reading.carry["session"] = reading.session_hash(entry["sessionId"])
            continue
        if "$set" in entry:
            continue
        if "$rewindTo" in entry:
            if turn is not None:
                reading.counts[REWOUND] += 1
                turn, answers = None, {}
            continue
        kind, message_id = entry.get("type"), entry.get("id")
        if kind not in MESSAGES or not isinstance(message_id, str):
            reading.counts[UNKNOWN_ENTRY] += 1
            continue
        text = text_of(entry.get("content")).strip() if kind == "user" else ""
        if text:  # a user message with text is a request; tool results carry function responses
            if message_id in asked:
                continue
            asked.add(message_id)
            if turn is not None:
                yield _judged(turn, answers, reading)
            turn = reading.new_turn(message_id, text, parse_time(entry.get("timestamp")), offset)
            answers = {}
        elif turn is not None and kind != "user":
            answers[message_id] = entry
    if turn is not None:
        yield _judged(turn, answers, reading)


def _judged(turn: Turn, answers: dict[str, dict[str, Any]], reading: Reading) -> Turn:
    """The turn with what its answers (in their last version) show; its model stays in force after it."""
    for message in answers.values():
        turn.seen_at(parse_time(message.get("timestamp")))
        kind = message.get("type")
        if kind == "error":
            turn.api_error = True
        elif kind == "info" and text_of(message.get("content")).strip().lower().startswith(
            "request cancelled"
        ):
            turn.interrupted = True
        elif kind == "gemini":
            if isinstance(message.get("model"), str):
                turn.model = reading.carry["model"] = message["model"]
            tokens = message.get("tokens")
            turn.add_tokens(get(tokens, "input"), get(tokens, "output"))
            calls = message.get("toolCalls")
            for call in calls if isinstance(calls, list) else []:
                status = get(call, "status")
                if status == "cancelled":
                    turn.interrupted = True
                elif status in ("success", "error"):
                    turn.tool_result(status == "error", text_of(get(call, "resultDisplay")))
    return turn
