"""Aider: its analytics log, written only where the user asked for one (`--analytics-log FILE`, the
`AIDER_ANALYTICS_LOG` variable or `analytics-log:` in `~/.aider.conf.yml`). The Markdown chat history
has no model, times or ids, so it is not read.

JSONL `{event, properties, user_id, time}`. Each `message_send` is a turn: `main_model`, `edit_format`,
`prompt_tokens`, `completion_tokens`. The log has no request text, so the task is Aider's chat mode
(`ask` = analysis, `architect` = planning, an edit format = coding) rather than the decomposer's reading;
a `command_undo` right after a turn is the user taking it back (a correction). Events are open-ended, so
other event names are not counted as unknown.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from routesmith.model import TaskType
from routesmith.telemetry.importers.common import Reading, Source, Turn, file_stamp, get, jsonl, parse_time

HOST = "aider"
MODE_TASKS = {"ask": TaskType.ANALYSIS, "architect": TaskType.PLANNING, "help": TaskType.ANALYSIS}
stamp = file_stamp


def _configured(env: Mapping[str, str], home: Path) -> Path | None:
    if env.get("AIDER_ANALYTICS_LOG"):
        return Path(env["AIDER_ANALYTICS_LOG"]).expanduser()
    try:
        lines = (home / ".aider.conf.yml").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip() == "analytics-log" and value.strip():
            return Path(value.strip().strip("\"'")).expanduser()
    return None


def sources(env: Mapping[str, str], home: Path) -> list[Source]:
    path = _configured(env, home)
    return [Source(HOST, path)] if path is not None and path.is_file() else []


def read(reading: Reading) -> Iterator[Turn]:
    turn: Turn | None = None
    for offset, entry in jsonl(reading):
        event, properties, moment = entry.get("event"), entry.get("properties"), parse_time(entry.get("time"))
        if event == "launched" or event == "cli session":
            reading.carry["session"] = reading.session_hash(f"{entry.get('user_id')}\0{moment}")
        elif event == "message_send" and isinstance(properties, dict):
            if turn is not None:
                yield turn
            mode = properties.get("edit_format")
            turn = Turn(
                key=f"{entry.get('user_id')}\0{entry.get('time')}\0{properties.get('prompt_tokens')}",
                session=reading.carry.get("session", ""),
                start=moment or 0.0,
                prompt="",
                offset=offset,
                model=get(properties, "main_model"),
                task=MODE_TASKS.get(mode, TaskType.CODING) if isinstance(mode, str) else TaskType.CODING,
            )
            turn.add_tokens(properties.get("prompt_tokens"), properties.get("completion_tokens"))
        elif turn is not None and event == "command_undo":
            turn.corrected = True
        elif turn is not None and event == "message_send_exception":
            turn.api_error = True
    if turn is not None:
        yield turn
