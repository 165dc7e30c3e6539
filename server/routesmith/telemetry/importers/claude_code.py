"""Claude Code: `$CLAUDE_CONFIG_DIR` (default `~/.claude`) `/projects/<project>/<session>.jsonl`, and each
session's subagents in `<session>/subagents/agent-<id>.jsonl`.

A request is a `user` line whose content is text (not a tool result, `isMeta`, a compact summary or a
slash command's echo); the turn's model is its assistant lines' `message.model`. A response spans several
lines repeating one `message.id`/`requestId` and its usage: counted once. A resumed or forked session
copies earlier lines (same `uuid`) into a new file: the turn key is the request's `uuid`, so the copy is
recognised as already imported.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec

from routesmith.telemetry.importers.common import (
    UNKNOWN_ENTRY,
    Reading,
    Source,
    Turn,
    env_path,
    exit_code_failed,
    file_stamp,
    jsonl,
    parse_time,
    scan,
    text_of,
)

HOST = "claude_code"
KNOWN = frozenset(
    {"user", "assistant", "system", "summary", "file-history-snapshot", "queue-operation", "progress"}
)
INTERRUPTED = "[Request interrupted by user"
_NOT_REQUESTS = ("<command-", "<local-command-", "Caveat: ", "<bash-")  # slash-command and shell echoes
stamp = file_stamp


def sources(env: Mapping[str, str], home: Path) -> list[Source]:
    projects = env_path(env, "CLAUDE_CONFIG_DIR", home / ".claude") / "projects"
    found = []
    for project in _dirs(projects):
        for entry in scan(project):
            if entry.name.endswith(".jsonl") and entry.is_file():
                found.append(Source(HOST, Path(entry.path)))
            elif entry.is_dir():
                subagents = Path(entry.path) / "subagents"
                found += [
                    Source(HOST, Path(sub.path), subagent=True)
                    for sub in scan(subagents)
                    if sub.name.endswith(".jsonl")
                ]
    return found


def _dirs(path: Path) -> list[Path]:
    return [Path(entry.path) for entry in scan(path) if entry.is_dir()]


class _Part(msgspec.Struct):
    type: Any = None
    text: Any = None
    content: Any = None  # a tool result's output
    is_error: Any = None


class _Usage(msgspec.Struct):
    input_tokens: Any = None
    cache_creation_input_tokens: Any = None
    cache_read_input_tokens: Any = None
    output_tokens: Any = None


class _Message(msgspec.Struct):
    id: str | None = None
    model: Any = None
    content: str | list[_Part | str] | None = None
    usage: _Usage | None = None


class _Entry(msgspec.Struct, rename="camel"):
    """The fields of a log line the reader uses; the rest (tool inputs, file snapshots, ...) is skipped by
    the decoder without being built."""

    type: Any = None
    uuid: Any = None
    session_id: Any = None
    timestamp: Any = None
    request_id: str | None = None
    is_meta: Any = None
    is_compact_summary: Any = None
    is_sidechain: Any = None
    is_api_error_message: Any = None
    subtype: Any = None
    duration_ms: Any = None
    message: _Message | None = None
    tool_use_result: msgspec.Raw = msgspec.Raw()  # often a whole file: decoded only if it may be an interrupt


_entries = msgspec.json.Decoder(_Entry)
_any = msgspec.json.Decoder()
_NO_MESSAGE = _Message()


def _text(content: str | list[_Part | str] | None) -> str:
    if isinstance(content, str):
        return content
    if content is None:
        return ""
    return "\n".join(part.text for part in content if isinstance(part, _Part) and isinstance(part.text, str))


def _request(entry: _Entry, content: str | list[_Part | str] | None) -> str | None:
    """The request text of a user line, or None when the line is no request."""
    if entry.is_meta or entry.is_compact_summary:
        return None
    if isinstance(content, list) and any(
        isinstance(part, _Part) and part.type == "tool_result" for part in content
    ):
        return None
    text = _text(content).strip()
    if not text or text.startswith(INTERRUPTED) or text.startswith(_NOT_REQUESTS):
        return None
    return text


def read(reading: Reading) -> Iterator[Turn]:
    sessions: dict[str, str] = {}
    turn: Turn | None = None
    counted: set[tuple[object, object]] = set()  # (message.id, requestId) whose usage is in the turn
    stamp, moment = None, None  # lines often share a timestamp: parse each distinct one once
    raw_session = None
    subagent = reading.source.subagent
    for offset, entry in jsonl(reading, _entries):
        kind = entry.type
        if not isinstance(kind, str) or kind not in KNOWN:  # a list or object there is no entry type
            reading.counts[UNKNOWN_ENTRY] += 1
            continue
        if entry.is_sidechain and not subagent:
            continue  # older builds kept subagent lines in the main file; their turns are not the user's
        if entry.session_id != raw_session and isinstance(entry.session_id, str):
            raw_session = entry.session_id
            if raw_session not in sessions:
                sessions[raw_session] = reading.session_hash(raw_session)
            reading.carry["session"] = sessions[raw_session]
        if entry.timestamp != stamp:
            stamp, moment = entry.timestamp, parse_time(entry.timestamp)
        message = entry.message or _NO_MESSAGE
        if kind == "user":
            text = _request(entry, message.content)
            if text is not None:
                if turn is not None:
                    yield turn
                key = entry.uuid
                key = key if isinstance(key, str) else f"{reading.source.path}:{offset}"
                turn = reading.new_turn(key, text, moment, offset)
                counted = set()
                continue
        if turn is None:
            continue
        if moment is not None and moment > turn.end:  # Turn.seen_at, inlined: this runs for every line
            turn.end = moment
        if kind == "user":
            _tool_results(turn, entry, message.content)
        elif kind == "assistant":
            model = message.model
            if entry.is_api_error_message:
                turn.api_error = True
            elif isinstance(model, str) and model and not model.startswith("<"):  # "<synthetic>" notices
                turn.model = reading.carry["model"] = model
                turn.api_error = False  # a retry answered
            usage = message.usage
            response = (message.id, entry.request_id)
            if usage is not None and response not in counted:
                counted.add(response)
                inputs = (usage.input_tokens, usage.cache_creation_input_tokens)
                inputs += (usage.cache_read_input_tokens,)
                numbers = [n for n in inputs if isinstance(n, int)]
                turn.add_tokens(sum(numbers) if numbers else None, usage.output_tokens)
        elif kind == "system" and entry.subtype == "turn_duration":
            duration = entry.duration_ms
            if isinstance(duration, int | float):
                turn.duration_ms = float(duration)
    if turn is not None:
        yield turn


def _tool_results(turn: Turn, entry: _Entry, content: str | list[_Part | str] | None) -> None:
    result = entry.tool_use_result
    if result and b"interrupted" in bytes(result):
        value = _any.decode(result)
        if isinstance(value, dict) and value.get("interrupted") is True:
            turn.interrupted = True
    for part in content if isinstance(content, list) else [content]:
        if isinstance(part, str) or (isinstance(part, _Part) and part.type == "text"):
            if (part if isinstance(part, str) else _text([part])).startswith(INTERRUPTED):
                turn.interrupted = True
        elif isinstance(part, _Part) and part.type == "tool_result":
            output = text_of(part.content)
            failed = part.is_error is True or bool(exit_code_failed(output))
            turn.tool_result(failed, output)
