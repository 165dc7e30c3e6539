"""Team summaries through the server's `teamSummaries` setting: the hover says what the team saw."""

from __future__ import annotations

import json
from pathlib import Path

from tests.lsp.conftest import start


async def test_hover_shows_the_team_tally_of_the_steps_model(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    row = {"host": "claude_code", "capability": "deep_reasoning", "model": "opus", "n": 460, "successes": 412}
    (work / "team.json").write_text(json.dumps({"groups": [row | {"unknown": 10}]}), encoding="utf-8")
    session = await start(
        tmp_path, "neovim", settings={"host": "claude_code", "teamSummaries": ["team.json"]}
    )
    try:
        uri = session.open("prompts/a.md", "Plan the migration, then implement it")
        hover = await session.hover(uri, 2)
        assert hover is not None
        evidence = next(line for line in hover.contents.value.splitlines() if "evidence" in line)
        assert evidence.endswith(
            "no outcomes recorded yet for opus on deep_reasoning (Claude Code); "
            "team: 412/450 (a prior, weighed below this machine's outcomes)"
        ), evidence
    finally:
        await session.shutdown_session()
        await session.stop()
