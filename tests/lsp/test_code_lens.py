"""The code lens at the top of a prompt file: the route in one line, its command explains the route, and a
setting turns it off (the client is asked to refresh its lenses)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from tests.lsp.conftest import Session, eventually, server_env, start, wait_until
from tests.lsp.formats import fixture

from routesmith.model import TASK_SHORT, TaskType

SEED = "🙂 Plan this feature, implement it, add tests, and write docs.\n"


async def lenses(session: Session, uri: str) -> list[types.CodeLens]:
    result = await session.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    return list(result or [])


def cli_cost(session: Session, tmp_path: Path, relative: str) -> dict[str, Any]:
    """The route's cost as `routesmith explain --json` prices it, in the server's environment."""
    path = str(session.workspace / relative)
    done = subprocess.run(
        [sys.executable, "-m", "routesmith", "explain", "--host", "claude_code", "--json", "--file", path],
        env=server_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)["cost"]


async def test_the_route_in_one_line_and_its_command_explains_it(claude, tmp_path: Path) -> None:
    uri = claude.open("prompts/feature.md", SEED)
    [lens] = await lenses(claude, uri)
    assert lens.range == types.Range(types.Position(0, 0), types.Position(0, 0))
    assert lens.command is not None
    route, estimate = lens.command.title.rsplit(" · ", 1)
    assert route == "4 steps · plan → code → test → docs · opus, sonnet"
    # The estimate is the one `explain` prints: the route against opus for every step.
    shown = re.fullmatch(r"~\$(?P<route>[\d.]+) vs \$(?P<baseline>[\d.]+)", estimate)
    assert shown is not None, estimate
    cost = cli_cost(claude, tmp_path, "prompts/feature.md")
    assert float(shown["route"]) == pytest.approx(cost["route"], abs=0.006)
    assert float(shown["baseline"]) == pytest.approx(cost["baseline"], abs=0.006)
    assert cost["route"] < cost["baseline"]
    assert lens.command.command == "routesmith.explainRoute"
    explained = await claude.command(lens.command.command, *(lens.command.arguments or []))
    assert [step["task"] for step in explained["steps"]] == ["planning", "coding", "testing", "documentation"]


async def test_a_host_that_cannot_switch_says_so(lsp) -> None:
    path = ".github/prompts/feature.prompt.md"
    uri = lsp.open(path, fixture(path))
    [lens] = await lenses(lsp, uri)
    steps = (await lsp.command("routesmith.explainRoute", {"uri": uri}))["steps"]
    tasks = " → ".join(TASK_SHORT[TaskType(step["task"])] for step in steps)
    assert lens.command is not None
    assert lens.command.title == f"{len(steps)} steps · {tasks} · no switch on Generic host"


async def test_no_lens_on_instruction_files_or_prompts_without_steps(lsp) -> None:
    assert await lenses(lsp, lsp.open("AGENTS.md", "# Build\n\nPlan the feature.\n")) == []
    assert await lenses(lsp, lsp.open("prompts/empty.md", "Hello there.\n")) == []


async def test_off_by_setting(claude) -> None:
    uri = claude.open("prompts/feature.md", SEED)
    assert len(await lenses(claude, uri)) == 1
    before = claude.lens_refreshes
    await claude.change_settings({"host": "claude_code", "codeLens": {"enabled": False}})
    await eventually(lambda: lenses(claude, uri), lambda found: found == [], "no lens")
    if claude.name == "vscode":  # the only client preset that supports workspace/codeLens/refresh
        await wait_until(lambda: claude.lens_refreshes > before, "a code lens refresh")


async def test_a_plan_priced_relatively_shows_the_share(tmp_path: Path) -> None:
    """A subscription has no price per token: the lens says what share of opus's usage the route takes."""
    (tmp_path / "user-config.toml").write_text('[prices.claude_code]\nplan = "subscription"\n', "utf-8")
    session = await start(tmp_path, "neovim", settings={"host": "claude_code"})
    try:
        [lens] = await lenses(session, session.open("prompts/feature.md", SEED))
        assert lens.command is not None
        estimate = lens.command.title.rsplit(" · ", 1)[1]
        shown = re.fullmatch(r"~(?P<share>\d+)% of claude-opus-\S+'s plan usage", estimate)
        assert shown is not None, estimate
        assert 0 < int(shown["share"]) < 100
    finally:
        await session.shutdown_session()
        await session.stop()


async def test_no_estimate_where_the_host_has_no_prices(lsp) -> None:
    """Generic has no prices (and cannot switch): the lens has no cost part."""
    [lens] = await lenses(lsp, lsp.open("prompts/feature.md", SEED))
    assert lens.command is not None
    assert "~" not in lens.command.title and "$" not in lens.command.title
    assert lens.command.title.endswith("no switch on Generic host")
