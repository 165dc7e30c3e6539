"""GitHub Copilot CLI: `$COPILOT_HOME` (default `~/.copilot`) `/session-state/<id>/events.jsonl`.

Events `{type, data, id, timestamp}`: a request is `user.message`; the model is the answer's
`assistant.message` `data.model` (else the session's `selectedModel` or last `session.model_change`);
`tool.execution_complete` says whether each tool call succeeded; `abort` is a user interruption. Per-call
token counts are not saved (only the session's total at `session.shutdown`), so only `outputTokens` of
the answers is kept. A `session.start` declaring a `data.version` above 1 is a format this reader does not
know yet: the file is skipped with a count. Resume appends to the same file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from routesmith.telemetry.importers.common import (
    NewerFormat,
    Reading,
    Source,
    Turn,
    env_path,
    envelopes,
    file_stamp,
    get,
    scan,
    text_of,
)

HOST = "copilot"
FORMAT_VERSION = 1
KNOWN = frozenset(
    {
        "session.start",
        "session.resume",
        "session.info",
        "session.error",
        "session.model_change",
        "session.shutdown",
        "session.compaction_start",
        "session.compaction_complete",
        "session.truncation",
        "user.message",
        "assistant.turn_start",
        "assistant.turn_end",
        "assistant.message",
        "assistant.reasoning",
        "tool.execution_start",
        "tool.execution_complete",
        "abort",
    }
)
stamp = file_stamp


def sources(env: Mapping[str, str], home: Path) -> list[Source]:
    state = env_path(env, "COPILOT_HOME", home / ".copilot") / "session-state"
    found = []
    for session in scan(state):
        events = Path(session.path) / "events.jsonl"
        if session.is_dir() and events.is_file():
            found.append(Source(HOST, events))
    return found


def read(reading: Reading) -> Iterator[Turn]:
    turn: Turn | None = None
    for offset, entry, kind, data, moment in envelopes(reading, KNOWN, "data"):
        if kind == "session.start":
            version = data.get("version")
            if isinstance(version, int) and version > FORMAT_VERSION:
                raise NewerFormat(f"session.start version {version}")
            if isinstance(data.get("sessionId"), str):
                reading.carry["session"] = reading.session_hash(data["sessionId"])
            if isinstance(data.get("selectedModel"), str):
                reading.carry["model"] = data["selectedModel"]
        elif kind == "session.model_change" and isinstance(data.get("newModel"), str):
            reading.carry["model"] = data["newModel"]
        elif kind == "user.message":
            text = text_of(data.get("content")).strip()
            if text:
                if turn is not None:
                    yield turn
                key = entry.get("id")
                key = key if isinstance(key, str) else f"{entry.get('timestamp')}\0{text}"
                turn = reading.new_turn(key, text, moment, offset)
            continue
        if turn is None:
            continue
        turn.seen_at(moment)
        if kind == "assistant.message":
            if isinstance(data.get("model"), str):
                turn.model = data["model"]
            turn.add_tokens(None, data.get("outputTokens"))
        elif kind == "tool.execution_complete":
            output = text_of(get(data, "result", "content")) or text_of(get(data, "error", "message"))
            turn.tool_result(data.get("success") is False, output)
        elif kind == "abort":
            turn.interrupted = True
        elif kind == "session.error":
            turn.api_error = True
    if turn is not None:
        yield turn
