"""Codex CLI: `$CODEX_HOME` (default `~/.codex`) `/sessions/YYYY/MM/DD/rollout-*.jsonl` and
`archived_sessions/` (zstd-compressed `.jsonl.zst` there since some versions).

Envelope `{timestamp, type, payload}`. A request is `event_msg` `user_message` (`response_item` user
messages carry injected context too, so they are not used); the model comes from `turn_context` (early
builds lack it: then `session_meta`'s, if any). Tokens: `token_count`'s `last_token_usage` inside the turn
(a subagent rollout replays its parent's before its first request: outside any turn, so ignored).
`turn_aborted` (interrupted, replaced) is a user interruption. Resume appends to the same file; a fork
copies history into a new one, so the turn key is the request's time and text (hashed).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import msgspec

from routesmith.telemetry.importers.common import (
    Reading,
    Source,
    Turn,
    env_path,
    envelopes,
    exit_code_failed,
    file_stamp,
    get,
    scan,
)

HOST = "codex"
KNOWN = frozenset({"session_meta", "turn_context", "response_item", "event_msg", "compacted"})
_TOOL_OUTPUTS = frozenset({"function_call_output", "custom_tool_call_output"})
stamp = file_stamp


def sources(env: Mapping[str, str], home: Path) -> list[Source]:
    root = env_path(env, "CODEX_HOME", home / ".codex")
    found = []
    stack = [root / "sessions"]
    while stack:  # sessions/YYYY/MM/DD: walked, not globbed, so a stray file at any level is harmless
        for entry in scan(stack.pop()):
            if entry.is_dir():
                stack.append(Path(entry.path))
            elif _is_rollout(entry.name):
                found.append(Source(HOST, Path(entry.path)))
    found += [Source(HOST, Path(e.path)) for e in scan(root / "archived_sessions") if _is_rollout(e.name)]
    return sorted(found, key=lambda source: source.path)


def _is_rollout(name: str) -> bool:
    return name.startswith("rollout-") and name.endswith((".jsonl", ".jsonl.zst"))


def read(reading: Reading) -> Iterator[Turn]:
    turn: Turn | None = None
    for offset, entry, kind, payload, moment in envelopes(reading, KNOWN, "payload"):
        if kind == "session_meta":
            if isinstance(payload.get("id"), str):
                reading.carry["session"] = reading.session_hash(payload["id"])
            if isinstance(payload.get("model"), str):
                reading.carry["model"] = payload["model"]
        elif kind == "turn_context":
            if isinstance(payload.get("model"), str):
                reading.carry["model"] = payload["model"]  # for the next request: it opens the turn
                if turn is not None and turn.model is None:
                    turn.model = payload["model"]
        elif kind == "event_msg" and payload.get("type") == "user_message":
            text = payload.get("message")
            if isinstance(text, str) and text.strip():
                if turn is not None:
                    yield turn
                turn = reading.new_turn(f"{entry.get('timestamp')}\0{text}", text, moment, offset)
        elif turn is not None:
            turn.seen_at(moment)
            if kind == "event_msg":
                _event(turn, payload)
            elif kind == "response_item" and payload.get("type") in _TOOL_OUTPUTS:
                _tool_output(turn, payload.get("output"))
    if turn is not None:
        yield turn


def _event(turn: Turn, payload: dict) -> None:
    kind = payload.get("type")
    if kind == "token_count":
        last = get(payload, "info", "last_token_usage")
        if isinstance(last, dict):
            turn.add_tokens(last.get("input_tokens"), last.get("output_tokens"))
    elif kind == "turn_aborted":
        turn.interrupted = True  # interrupted, replaced by a new request, or a review ended early
    elif kind == "exec_command_end" and isinstance(payload.get("exit_code"), int):
        turn.tool_result(payload["exit_code"] != 0, payload.get("aggregated_output"))
    elif kind == "error":
        turn.api_error = True


def _tool_output(turn: Turn, output: object) -> None:
    """Shell output is often a JSON string with `metadata.exit_code`, else text with `Exit code: N`."""
    if isinstance(output, dict):
        output = output.get("content")
    if not isinstance(output, str):
        return
    code = None
    if output.startswith("{"):
        try:
            parsed = msgspec.json.decode(output)
        except msgspec.DecodeError:
            parsed = None
        code = get(parsed, "metadata", "exit_code")
        text = get(parsed, "output")
        output = text if isinstance(text, str) else output
    failed = code != 0 if isinstance(code, int) else bool(exit_code_failed(output))
    turn.tool_result(failed, output)
