"""Gemini CLI TOML commands (`.gemini/commands/**/*.toml`) end to end: their keys complete at the start of
a line, task markers complete inside `prompt`, and the checks of the format (unknown key with its quick
fix, wrong value type, missing `prompt`, malformed TOML naming the line) land on the right text in every
client's position encoding."""

from __future__ import annotations

import tomllib

from lsprotocol import types
from tests.lsp.conftest import Session, offset_at, wait_until
from tests.lsp.formats import fixture, offset_after
from tests.lsp.test_completion import accepted, complete, documentation
from tests.lsp.test_frontmatter_checks import covered
from tests.lsp.test_robustness import alive

from routesmith.lsp.code_actions import SPLIT, TABLE

PATH = ".gemini/commands/ship.toml"


async def published(session: Session, uri: str) -> list[types.Diagnostic]:
    """The diagnostics of `uri` about its keys and their syntax (published before the next answer)."""
    await session.hints(uri)
    return [d for d in session.diagnostics_for(uri) if str(d.code).startswith("frontmatter")]


async def test_the_fixture_is_routed_and_clean(lsp) -> None:
    text = fixture(PATH)
    uri = lsp.open(PATH, text)
    hints = await lsp.hints(uri)
    assert hints, "the prompt string is routed"
    prompt_start, prompt_end = text.index('"""') + 3, text.rindex('"""')
    at = [offset_at(text, hint.position, lsp.encoding) for hint in hints]
    assert all(prompt_start <= offset <= prompt_end for offset in at), at
    assert await published(lsp, uri) == []


async def test_keys_complete_at_the_start_of_a_line_with_their_documentation(lsp) -> None:
    text = '# 🚀 ship\ndescription = "🚀 d"\npro\n'
    uri = lsp.open(".gemini/commands/deploy/ship.toml", text)
    items = await complete(lsp, uri, offset_after(text, "\npro"))
    assert [item.label for item in items] == ["prompt"]  # `description` is set already
    [prompt] = items
    assert prompt.detail == "string · required · Gemini CLI command"
    assert accepted(lsp, uri, prompt) == text.replace("\npro\n", "\nprompt = \n")
    docs = await documentation(lsp, prompt)
    assert "custom-commands.md" in docs and "Data describes Gemini CLI v0.55.1" in docs
    # Both keys on an empty line of a file that has none; nothing after `=` or in a comment.
    empty = lsp.open(".gemini/commands/new.toml", "\n# 🙂 a comment\nx = 1\n")
    assert {item.label for item in await complete(lsp, empty, 0)} == {"description", "prompt"}
    assert await complete(lsp, empty, len("\n# 🙂 a")) == []
    assert await complete(lsp, empty, len("\n# 🙂 a comment\nx = ")) == []


async def test_task_markers_complete_inside_the_prompt_only(lsp) -> None:
    text = 'description = "["\nprompt = """\n🙂 Fix the bug.\n[te\n"""\n'
    uri = lsp.open(PATH, text)
    labels = [item.label for item in await complete(lsp, uri, offset_after(text, "\n[te"))]
    assert "[test]" in labels and "[plan]" in labels
    marker = next(i for i in await complete(lsp, uri, offset_after(text, "\n[te")) if i.label == "[test]")
    assert accepted(lsp, uri, marker) == text.replace("\n[te\n", "\n[test]\n")
    assert await complete(lsp, uri, offset_after(text, 'description = "[')) == []  # not the prompt


async def test_unknown_key_with_did_you_mean_quick_fix(lsp) -> None:
    text = 'descripton = "🚀 ships"\nprompt = "Plan the release."\n'
    uri = lsp.open(PATH, text)
    [unknown] = await published(lsp, uri)
    assert unknown.code == "frontmatter-unknown-key" and covered(lsp, uri, unknown) == "descripton"
    assert unknown.severity == types.DiagnosticSeverity.Warning
    assert "not a key of a Gemini CLI command: did you mean `description`?" in unknown.message
    assert "Gemini CLI v0.55.1" in unknown.message  # a newer version may read more keys
    fix = (await lsp.actions(uri, 2, diagnostics=[unknown]))["RouteSmith: Change to description"]
    assert lsp.applied(uri, fix) == text.replace("descripton", "description")


async def test_a_model_key_is_unknown_in_a_command(lsp) -> None:
    """Gemini CLI commands have no model key (the file's subagents do)."""
    text = 'model = "pro"\nprompt = "Fix the bug."\n'
    uri = lsp.open(PATH, text)
    [unknown] = await published(lsp, uri)
    assert covered(lsp, uri, unknown) == "model" and "it reads: description, prompt" in unknown.message


async def test_wrong_value_types(lsp) -> None:
    text = 'description = ["🚀", "b"]\nprompt = 42\n'
    uri = lsp.open(PATH, text)
    found = {covered(lsp, uri, d): d for d in await published(lsp, uri)}
    assert set(found) == {'["🚀", "b"]', "42"}, found
    assert all(d.code == "frontmatter-wrong-type" for d in found.values())
    assert "`prompt` in a Gemini CLI command expects a string, got an integer" in found["42"].message
    assert "expects a string, got an array" in found['["🚀", "b"]'].message


async def test_missing_prompt_on_the_first_line(lsp) -> None:
    text = 'description = "🚀 ships"\n'
    uri = lsp.open(PATH, text)
    [missing] = await published(lsp, uri)
    assert missing.code == "frontmatter-missing-key"
    assert "a Gemini CLI command needs `prompt = ...`" in missing.message
    assert covered(lsp, uri, missing) == 'description = "🚀 ships"'


async def test_malformed_toml_names_its_line_and_the_server_carries_on(lsp) -> None:
    text = 'description = "d"\n\nprompt = "🙂 unclosed\n'
    uri = lsp.open(PATH, text)
    [broken] = await published(lsp, uri)
    assert broken.code == "frontmatter" and broken.severity == types.DiagnosticSeverity.Warning
    assert broken.message.startswith("TOML: line 3: the string opened here is never closed")
    assert covered(lsp, uri, broken) == 'prompt = "🙂 unclosed'
    # What only the standard reader finds (a bad escape) is reported at its line too.
    lsp.edit(uri, 0, len(text), 'description = "d"\nprompt = """\n🙂 Fix it.\nThen \\q.\n"""\n')
    await lsp.hints(uri)

    def escapes() -> list[types.Diagnostic]:
        return [d for d in lsp.diagnostics_for(uri) if d.code == "frontmatter" and "\\" in d.message]

    await wait_until(escapes, "the bad escape reported")
    [escape] = escapes()
    assert escape.message.startswith("TOML: line 4: ") and escape.range.start.line == 3
    await alive(lsp)


async def test_rewriting_actions_keep_the_toml_valid(lsp) -> None:
    """The route table goes inside a multi-line `prompt` (not after the TOML), and a one-line prompt gets
    neither the table nor the split, whose line breaks would end its string."""
    one_line = 'prompt = "🙂 Plan this feature, implement it, add tests, and write docs."\n'
    uri = lsp.open(PATH, one_line)
    await lsp.hints(uri)
    titles = set(await lsp.actions(uri, one_line.index("Plan")))
    assert not {SPLIT, TABLE} & titles, titles
    prompt = "🙂 Plan this feature, implement it, add tests, and write docs."
    text = f'description = "d"\nprompt = """\n{prompt}\n"""\n'
    uri = lsp.open(".gemini/commands/two.toml", text)
    await lsp.hints(uri)
    actions = await lsp.actions(uri, text.index("Plan"))
    for title in (SPLIT, TABLE):
        rewritten = tomllib.loads(lsp.applied(uri, actions[title]))
        assert rewritten["description"] == "d"
        assert "rite docs" in rewritten["prompt"], title
    table = tomllib.loads(lsp.applied(uri, actions[TABLE]))["prompt"]
    assert table.index("write docs") < table.index("routesmith")
