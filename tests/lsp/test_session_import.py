"""The opt-in background import of the hosts' session logs: off by default; on, it fills the telemetry log
at start-up and the hover shows the evidence "from N imported turns"."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.lsp.conftest import eventually, start, wait_until

PROMPT = "Fix the failing test in cart.py"
LATER = "Now document the cart module"


def _claude_logs(tmp_path: Path) -> None:
    """One Claude Code session of an hour ago (within the server's 30 days, and settled) in the server's HOME
    (server_env), where Claude Code keeps it by default: a testing request whose tests pass, then another."""
    stamp = datetime.fromtimestamp(time.time() - 3600, UTC).isoformat()
    lines = [
        {"type": "user", "uuid": "u1", "sessionId": "S", "timestamp": stamp, "message": {"content": PROMPT}},
        {
            "type": "assistant",
            "uuid": "a1",
            "sessionId": "S",
            "timestamp": stamp,
            "message": {"id": "m1", "model": "claude-sonnet-4-6", "content": []},
        },
        {
            "type": "user",
            "uuid": "r1",
            "sessionId": "S",
            "timestamp": stamp,
            "message": {"content": [{"type": "tool_result", "content": "===== 3 passed in 0.1s ====="}]},
        },
        {"type": "user", "uuid": "u2", "sessionId": "S", "timestamp": stamp, "message": {"content": LATER}},
    ]
    project = tmp_path / "home" / ".claude" / "projects" / "-work"
    project.mkdir(parents=True)
    (project / "S.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))


async def test_session_logs_are_not_read_unless_asked(tmp_path: Path) -> None:
    _claude_logs(tmp_path)
    session = await start(tmp_path, "neovim", settings={"host": "claude_code"})
    try:
        uri = session.open("prompts/a.md", PROMPT)
        hover = await session.hover(uri, 2)
        assert hover is not None and "no outcomes recorded yet for sonnet" in hover.contents.value
        await asyncio.sleep(1.0)
        assert session.records() == []
    finally:
        await session.shutdown_session()
        await session.stop()


async def test_background_import_reaches_the_hover(tmp_path: Path) -> None:
    _claude_logs(tmp_path)
    session = await start(tmp_path, "neovim", settings={"host": "claude_code", "importSessionLogs": True})
    try:
        await wait_until(lambda: session.telemetry.exists() and session.records(), "the imported records")
        assert {str(r.source) for r in session.records()} == {"import"}
        uri = session.open("prompts/a.md", PROMPT)
        hover = await eventually(
            lambda: session.hover(uri, 2),
            lambda hover: hover and "from 1 imported turns" in hover.contents.value,
            "the imported evidence in the hover",
        )
        assert "1 recorded outcome(s) for sonnet on coding" in hover.contents.value
    finally:
        await session.shutdown_session()
        await session.stop()
