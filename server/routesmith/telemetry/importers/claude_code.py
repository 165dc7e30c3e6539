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

from routesmith.telemetry.importers.common import (
    UNKNOWN_ENTRY,
    Reading,
    Source,
    Turn,
    env_path,
    exit_code_failed,
    file_stamp,
    get,
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


def _request(entry: dict) -> str | None:
    """The request text of a user line, or None when the line is no request."""
    if entry.get("isMeta") or entry.get("isCompactSummary"):
        return None
    content = get(entry, "message", "content")
    if isinstance(content, list) and any(
        isinstance(part, dict) and part.get("type") == "tool_result" for part in content
    ):
        return None
    text = text_of(content).strip()
    if not text or text.startswith(INTERRUPTED) or text.startswith(_NOT_REQUESTS):
        return None
    return text


def read(reading: Reading) -> Iterator[Turn]:
    sessions: dict[str, str] = {}
    turn: Turn | None = None
    counted: set[tuple[object, object]] = set()  # (message.id, requestId) whose usage is in the turn
    for offset, entry in jsonl(reading):
        kind = entry.get("type")
        if not isinstance(kind, str) or kind not in KNOWN:  # a list or object there is no entry type
            reading.counts[UNKNOWN_ENTRY] += 1
            continue
        if entry.get("isSidechain") and not reading.source.subagent:
            continue  # older builds kept subagent lines in the main file; their turns are not the user's
        raw_session = entry.get("sessionId")
        if isinstance(raw_session, str):
            if raw_session not in sessions:
                sessions[raw_session] = reading.session_hash(raw_session)
            reading.carry["session"] = sessions[raw_session]
        moment = parse_time(entry.get("timestamp"))
        if kind == "user":
            text = _request(entry)
            if text is not None:
                if turn is not None:
                    yield turn
                key = entry.get("uuid")
                key = key if isinstance(key, str) else f"{reading.source.path}:{offset}"
                turn = reading.new_turn(key, text, moment, offset)
                counted = set()
                continue
        if turn is None:
            continue
        turn.seen_at(moment)
        if kind == "user":
            _tool_results(turn, entry)
        elif kind == "assistant":
            message = entry.get("message")
            model = get(message, "model")
            if entry.get("isApiErrorMessage"):
                turn.api_error = True
            elif isinstance(model, str) and model and not model.startswith("<"):  # "<synthetic>" notices
                turn.model = reading.carry["model"] = model
                turn.api_error = False  # a retry answered
            usage = get(message, "usage")
            response = (get(message, "id"), entry.get("requestId"))
            if isinstance(usage, dict) and response not in counted:
                counted.add(response)
                inputs = [usage.get(k) for k in ("input_tokens", "cache_creation_input_tokens")]
                inputs.append(usage.get("cache_read_input_tokens"))
                numbers = [n for n in inputs if isinstance(n, int)]
                turn.add_tokens(sum(numbers) if numbers else None, usage.get("output_tokens"))
        elif kind == "system" and entry.get("subtype") == "turn_duration":
            duration = entry.get("durationMs")
            if isinstance(duration, int | float):
                turn.duration_ms = float(duration)
    if turn is not None:
        yield turn


def _tool_results(turn: Turn, entry: dict) -> None:
    if get(entry, "toolUseResult", "interrupted") is True:
        turn.interrupted = True
    content = get(entry, "message", "content")
    for part in content if isinstance(content, list) else [content]:
        if isinstance(part, str) or (isinstance(part, dict) and part.get("type") == "text"):
            if text_of([part] if isinstance(part, dict) else part).startswith(INTERRUPTED):
                turn.interrupted = True
        elif isinstance(part, dict) and part.get("type") == "tool_result":
            output = text_of(part.get("content"))
            failed = part.get("is_error") is True or bool(exit_code_failed(output))
            turn.tool_result(failed, output)
