"""The code lens at the top of a prompt file: the route in one line, its command explains the route, and a
setting turns it off (the client is asked to refresh its lenses)."""

from __future__ import annotations

from lsprotocol import types
from tests.lsp.conftest import Session, eventually, wait_until
from tests.lsp.formats import fixture

from routesmith.model import TASK_SHORT, TaskType

SEED = "🙂 Plan this feature, implement it, add tests, and write docs.\n"


async def lenses(session: Session, uri: str) -> list[types.CodeLens]:
    result = await session.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    return list(result or [])


async def test_the_route_in_one_line_and_its_command_explains_it(claude) -> None:
    uri = claude.open("prompts/feature.md", SEED)
    [lens] = await lenses(claude, uri)
    assert lens.range == types.Range(types.Position(0, 0), types.Position(0, 0))
    assert lens.command is not None
    assert lens.command.title == "4 steps · plan → code → test → docs · opus, sonnet"
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
