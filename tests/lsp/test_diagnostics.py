"""Pushed diagnostics: pinned models, hosts that cannot switch, negations, frontmatter and config errors."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path
from tests.lsp.conftest import start, wait_until

SEED = "Plan this feature, implement it, add tests, and write docs"


def by_code(session, uri: str) -> dict[str, types.Diagnostic]:
    return {str(d.code): d for d in session.diagnostics_for(uri)}


async def test_a_host_that_cannot_switch_says_so_where_a_file_pins_a_model(lsp) -> None:
    text = f"---\nmodel: claude-sonnet-4-6\n---\n{SEED}\n"
    uri = lsp.open(".claude/agents/pinned.md", text)
    await wait_until(lambda: "no-switch" in by_code(lsp, uri), "the no-switch diagnostic")
    info = by_code(lsp, uri)["no-switch"]
    assert info.severity == types.DiagnosticSeverity.Information and info.source == "routesmith"
    assert info.range.start == lsp.position(uri, text.index("claude-sonnet"))
    assert "cannot switch models" in info.message


async def test_excluded_tasks_are_hints_on_their_text(claude) -> None:
    text = "Implement the parser 🙂 but don't write tests.\n"
    uri = claude.open("prompts/neg.md", text)
    await wait_until(lambda: "excluded" in by_code(claude, uri), "the excluded diagnostic")
    hint = by_code(claude, uri)["excluded"]
    assert hint.severity == types.DiagnosticSeverity.Hint
    assert "excluded by negation: testing" in hint.message
    start_ = text.index("write tests") if "write tests" in text else 0
    assert claude.position(uri, start_).line == hint.range.start.line
    assert hint.range.start.character <= claude.position(uri, start_).character


async def test_diagnostics_follow_edits_with_the_document_version(claude) -> None:
    text = "---\nmodel: gpt-4o\n---\nImplement it\n"
    uri = claude.open(".claude/agents/v.md", text)
    await wait_until(lambda: "unknown-model" in by_code(claude, uri), "the unknown-model warning")
    claude.edit(uri, text.index("gpt-4o"), text.index("gpt-4o") + len("gpt-4o"), "sonnet")
    await wait_until(lambda: "unknown-model" not in by_code(claude, uri), "the warning to go")


async def test_broken_frontmatter_is_reported_on_its_line(claude) -> None:
    text = "---\nname: x\nthis is not yaml\n---\nImplement it\n"
    uri = claude.open(".claude/agents/broken.md", text)
    await wait_until(lambda: "frontmatter" in by_code(claude, uri), "the frontmatter warning")
    assert by_code(claude, uri)["frontmatter"].range.start.line == 2


async def test_a_config_error_is_a_diagnostic_at_its_line_and_routing_goes_on(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    config = work / ".routesmith.toml"
    config.write_text('# team config\nhost = "claude_code"\n[policy]\npin = 3\n', encoding="utf-8")
    session = await start(tmp_path, "vscode", workspace=work)
    try:
        config_uri = from_fs_path(str(config))
        await wait_until(lambda: session.diagnostics_for(config_uri), "the config diagnostic")
        [error] = session.diagnostics_for(config_uri)
        assert error.severity == types.DiagnosticSeverity.Error
        assert error.range.start.line == 3 and error.message.startswith("policy.pin: ")
        assert any("routesmith.toml:4:1: policy.pin" in m.message for m in session.messages)
        uri = session.open("prompts/a.md", SEED)
        hints = await session.hints(uri)  # defaults: the generic host
        assert hints[0].label.endswith("no switch: plan first")

        config.write_text('host = "claude_code"\n', encoding="utf-8")  # fixed: the error goes
        session.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=config_uri, type=types.FileChangeType.Changed)]
            )
        )
        await wait_until(lambda: not session.diagnostics_for(config_uri), "the config diagnostic to clear")
        await wait_until(lambda: session.statuses[-1]["host"] == "claude_code", "the configured host")
        assert (await session.hints(uri))[0].label == "planning · deep_reasoning · opus"
    finally:
        await session.shutdown_session()
        await session.stop()
