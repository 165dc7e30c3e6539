"""Code actions: the edits are applied to the text the way the editor would, in its position encoding."""

from __future__ import annotations

import ast

from lsprotocol import types
from tests.lsp.conftest import capabilities, start, wait_until

SEED = "Plan this feature, implement it, add tests, and write docs"
AGENT = f"---\nname: builder\ndescription: 建てる 🙂\n---\n🚀 日本語: {SEED}.\n"
PIN = "RouteSmith: Pin suggested models in frontmatter"
SPLIT = "RouteSmith: Split into numbered steps"
TABLE = "RouteSmith: Insert route table"


def sent_command(action: types.CodeAction | types.Command) -> dict:
    """The command a code action carries. pytest-lsp's client turns a CodeAction with a command into a
    Command whose `command` is the repr of the whole action (see the reference): read it back."""
    if isinstance(action, types.CodeAction):
        assert action.command is not None
        return {"command": action.command.command, "arguments": action.command.arguments}
    return ast.literal_eval(action.command)


async def sent_actions(session, uri: str, offset: int) -> list[dict]:
    """The code actions exactly as the server sent them (pytest-lsp's converter drops a CodeAction's kind
    when it also carries a command): the raw JSON of the response."""
    raw: list[dict] = []
    structure = session.protocol.structure_message

    def keep(data: dict) -> object:
        raw.append(data)
        return structure(data)

    session.protocol.structure_message = keep
    try:
        found = await session.actions(uri, offset)
    finally:
        session.protocol.structure_message = structure
    [response] = [m for m in raw if isinstance(m.get("result"), list) and len(m["result"]) == len(found)]
    return response["result"]


def inside(text: str, phrase: str) -> int:
    return text.index(phrase) + 2


async def test_pin_adds_the_model_of_the_most_demanding_step(claude) -> None:
    uri = claude.open(".claude/agents/builder.md", AGENT)
    actions = await claude.actions(uri, inside(AGENT, "implement"))
    assert PIN in actions
    assert claude.applied(uri, actions[PIN]) == AGENT.replace("🙂\n---", "🙂\nmodel: opus\n---")


async def test_pin_adds_frontmatter_where_there_is_none(claude) -> None:
    text = f"🙂 {SEED}\n"
    uri = claude.open(".claude/commands/ship.md", text)
    actions = await claude.actions(uri, inside(text, "Plan"))
    assert claude.applied(uri, actions[PIN]) == "---\nmodel: opus\n---\n" + text


async def test_pin_is_offered_only_where_the_host_reads_frontmatter(claude) -> None:
    uri = claude.open("prompts/plain.md", SEED)  # Claude Code does not read prompts/*.md frontmatter
    assert PIN not in await claude.actions(uri, 3)


async def test_no_pin_on_a_host_that_cannot_switch(lsp) -> None:
    uri = lsp.open(".claude/agents/a.md", SEED)
    assert PIN not in await lsp.actions(uri, 3)


async def test_a_pinned_model_the_host_lacks_gets_a_quick_fix(claude) -> None:
    text = AGENT.replace("name: builder", 'name: builder\nmodel: "gpt-4o"')
    uri = claude.open(".claude/agents/builder.md", text)
    await wait_until(lambda: claude.diagnostics_for(uri), "diagnostics")
    [warning] = [d for d in claude.diagnostics_for(uri) if d.code == "unknown-model"]
    assert warning.severity == types.DiagnosticSeverity.Warning
    assert "does not offer model 'gpt-4o'" in warning.message
    actions = await claude.actions(uri, text.index("gpt-4o"), diagnostics=[warning])
    fix = actions["RouteSmith: Use opus"]
    assert isinstance(fix, types.CodeAction) and fix.kind == types.CodeActionKind.QuickFix
    assert claude.applied(uri, fix) == text.replace('"gpt-4o"', "opus")
    # Pinning replaces the same value (quotes included) rather than adding a second key.
    assert claude.applied(uri, actions[PIN]) == text.replace('"gpt-4o"', "opus")


async def test_split_rewrites_a_run_on_prompt_into_numbered_lines(lsp) -> None:
    text = f"# 任务 🚀\n\nPlease: {SEED}.\nThanks!\n"
    uri = lsp.open("prompts/split.md", text)
    actions = await lsp.actions(uri, inside(text, "implement"))
    assert lsp.applied(uri, actions[SPLIT]) == (
        "# 任务 🚀\n\nPlease:\n1. Plan this feature\n2. Implement it\n3. Add tests\n4. Write docs\nThanks!\n"
    )


async def test_split_is_not_offered_for_steps_already_on_their_own_lines(lsp) -> None:
    text = "1. Plan this feature\n2. Implement it\n3. Add tests\n"
    uri = lsp.open("prompts/done.md", text)
    actions = await lsp.actions(uri, inside(text, "Implement"))
    assert SPLIT not in actions and TABLE in actions


async def test_route_table_is_a_comment_that_updates_in_place(claude) -> None:
    uri = claude.open("prompts/table.md", f"😀 {SEED}\n")
    actions = await claude.actions(uri, 4)
    with_table = claude.applied(uri, actions[TABLE])
    assert with_table == (
        f"😀 {SEED}\n\n"
        "<!-- routesmith route (host: claude_code; switches models)\n"
        "| # | task | capability | model / strategy | after |\n"
        "|---|---|---|---|---|\n"
        "| 1 | planning | deep_reasoning | opus | - |\n"
        "| 2 | coding | coding | sonnet | 1 |\n"
        "| 3 | testing | coding | sonnet | 2 |\n"
        "| 4 | documentation | balanced | sonnet | 2 |\n"
        "-->\n"
    )
    # The comment does not change the route, and a second run replaces it instead of adding another.
    claude.edit(uri, 0, len(claude.texts[uri]), with_table)
    assert len(await claude.hints(uri)) == 4
    again = claude.applied(uri, (await claude.actions(uri, 4))[TABLE])
    assert again == with_table


async def test_record_outcome_actions_run_the_command_for_the_step_under_the_cursor(claude) -> None:
    uri = claude.open("prompts/rec.md", f"🙂 {SEED}\n")
    actions = await claude.actions(uri, inside(claude.texts[uri], "add tests"))
    assert "RouteSmith: Record outcome: failure" in actions
    command = sent_command(actions["RouteSmith: Record outcome: success"])
    assert command["command"] == "routesmith.recordOutcome"
    assert command["arguments"] == [{"uri": uri, "step": 3, "success": True}]
    result = await claude.command(command["command"], *command["arguments"])  # what the editor runs
    assert result["recorded"] is True
    [record] = claude.records()
    assert (record.task, record.model, record.step_id, record.success) == ("testing", "sonnet", 3, True)
    assert record.source == "lsp"


async def test_no_record_actions_where_the_route_has_no_model(lsp) -> None:
    uri = lsp.open("prompts/rec.md", SEED)
    assert not [title for title in await lsp.actions(uri, 3) if "Record outcome" in title]


async def titles_of_kind(session, uri: str, offset: int, kind: types.CodeActionKind) -> list[str]:
    """The titles of the actions at `offset` when the client asks only for `kind`."""
    at = session.position(uri, offset)
    result = await session.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(at, at),
            context=types.CodeActionContext(diagnostics=[], only=[kind]),
        )
    )
    return sorted(a.title for a in result or [])


async def test_only_filters_by_kind(claude) -> None:
    uri = claude.open(".claude/agents/b.md", AGENT)
    assert await titles_of_kind(claude, uri, inside(AGENT, "Plan"), types.CodeActionKind.RefactorRewrite) == [
        PIN,
        SPLIT,
    ]


async def test_every_action_has_a_kind_and_recording_an_outcome_is_a_source_action(claude) -> None:
    uri = claude.open(".claude/agents/k.md", AGENT)
    sent = {action["title"]: action for action in await sent_actions(claude, uri, inside(AGENT, "Plan"))}
    assert {PIN, SPLIT, TABLE, "RouteSmith: Record outcome: success"} <= set(sent)
    kinds = {title: action.get("kind") for title, action in sent.items()}
    assert all(kinds.values()), kinds
    assert kinds[PIN] == kinds[SPLIT] == "refactor.rewrite" and kinds[TABLE] == "refactor"
    record = sent["RouteSmith: Record outcome: success"]
    assert record["kind"] == "source.routesmith.recordOutcome" and "edit" not in record
    assert record["command"]["command"] == "routesmith.recordOutcome"

    assert await titles_of_kind(claude, uri, inside(AGENT, "Plan"), types.CodeActionKind.Source) == [
        "RouteSmith: Record outcome: failure",
        "RouteSmith: Record outcome: success",
    ]


async def test_a_client_without_code_action_literals_gets_plain_commands(tmp_path) -> None:
    client = capabilities("neovim")
    assert client.text_document and client.text_document.code_action
    client.text_document.code_action.code_action_literal_support = None
    session = await start(tmp_path, "neovim", settings={"host": "claude_code"}, client_capabilities=client)
    try:
        uri = session.open(".claude/agents/c.md", AGENT)
        await wait_until(lambda: session.diagnostics_for(uri) is not None, "the document")
        sent = await sent_actions(session, uri, inside(AGENT, "Plan"))
        assert sorted(a["title"] for a in sent) == [
            "RouteSmith: Record outcome: failure",
            "RouteSmith: Record outcome: success",
        ]
        assert all(a["command"] == "routesmith.recordOutcome" and "kind" not in a for a in sent)  # Commands
    finally:
        await session.shutdown_session()
        await session.stop()
