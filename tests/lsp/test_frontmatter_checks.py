"""Frontmatter checks per host file kind, end to end: the warning sits on the offending text in the client's
encoding (an emoji earlier on the line moves it in UTF-8 and UTF-16), and its quick fix edits exactly that."""

from __future__ import annotations

from lsprotocol import types
from tests.lsp.conftest import Session, offset_at
from tests.lsp.formats import EVERY_KIND, fixture

FRONTMATTER = "frontmatter-"


async def settled(session: Session, uri: str) -> list[types.Diagnostic]:
    """The diagnostics published on opening `uri`: the server publishes them before it answers the next
    request, so one round trip is enough."""
    await session.hints(uri)
    return [d for d in session.diagnostics_for(uri) if str(d.code).startswith(FRONTMATTER)]


def covered(session: Session, uri: str, diagnostic: types.Diagnostic) -> str:
    text = session.texts[uri]
    start = offset_at(text, diagnostic.range.start, session.encoding)
    return text[start : offset_at(text, diagnostic.range.end, session.encoding)]


async def test_every_host_format_fixture_is_clean(lsp) -> None:
    for path in EVERY_KIND:
        uri = lsp.open(path, fixture(path))
        assert await settled(lsp, uri) == [], path


async def test_unknown_key_says_the_host_version_and_fixes_the_typo(lsp) -> None:
    text = "---\nname: 🙂\ndescripton: Plans work\n---\nPlan the feature.\n"
    uri = lsp.open(".claude/agents/typo.md", text)
    diagnostics = await settled(lsp, uri)
    unknown = next(d for d in diagnostics if d.code == "frontmatter-unknown-key")
    assert unknown.severity == types.DiagnosticSeverity.Warning
    assert covered(lsp, uri, unknown) == "descripton"
    assert "Claude Code subagent" in unknown.message and "Claude Code v2.1.240" in unknown.message
    assert "did you mean `description`?" in unknown.message
    # The misspelt key also leaves the required one missing, on the opening fence.
    missing = next(d for d in diagnostics if d.code == "frontmatter-missing-key")
    assert "needs `description:`" in missing.message and covered(lsp, uri, missing) == "---"
    fix = (await lsp.actions(uri, text.index("descripton"), diagnostics=[unknown]))[
        "RouteSmith: Change to description"
    ]
    assert isinstance(fix, types.CodeAction) and fix.kind == types.CodeActionKind.QuickFix
    assert lsp.applied(uri, fix) == text.replace("descripton", "description")


async def test_a_quick_fix_is_only_offered_for_the_current_text(lsp) -> None:
    text = "---\ndescripton: x\n---\nPlan it.\n"
    uri = lsp.open(".gemini/agents/a.md", text)
    [unknown] = [d for d in await settled(lsp, uri) if d.code == "frontmatter-unknown-key"]
    lsp.edit(uri, 0, 0, "\n\n")  # the frontmatter is no frontmatter any more
    actions = await lsp.actions(uri, 5, diagnostics=[unknown])
    assert not [title for title in actions if title.startswith("RouteSmith: Change to")]


async def test_wrong_types_and_enum_values(lsp) -> None:
    text = "---\ndescription: 🙂 docs\ntarget: vscod\nuser-invocable: maybe\n---\nWrite docs.\n"
    uri = lsp.open(".github/agents/x.agent.md", text)
    diagnostics = {covered(lsp, uri, d): d for d in await settled(lsp, uri)}
    assert set(diagnostics) == {"vscod", "maybe"}, diagnostics
    assert "expects true or false, got 'maybe'" in diagnostics["maybe"].message
    assert "is one of vscode, github-copilot" in diagnostics["vscod"].message
    actions = await lsp.actions(uri, text.index("vscod"), diagnostics=list(diagnostics.values()))
    assert lsp.applied(uri, actions["RouteSmith: Change to vscode"]) == text.replace("vscod\n", "vscode\n")


async def test_an_older_key_name_is_renamed_and_a_list_is_no_single_model(lsp) -> None:
    text = "---\nmode: ask\nmodel: [🙂, b]\n---\nWrite docs.\n"
    uri = lsp.open(".github/prompts/x.prompt.md", text)
    diagnostics = {str(d.code): d for d in await settled(lsp, uri)}
    assert set(diagnostics) == {"frontmatter-renamed-key", "frontmatter-wrong-type"}, diagnostics
    renamed = diagnostics["frontmatter-renamed-key"]
    assert covered(lsp, uri, renamed) == "mode" and "older name of `agent`" in renamed.message
    assert "expects one model, got a list" in diagnostics["frontmatter-wrong-type"].message
    actions = await lsp.actions(uri, 5, diagnostics=[renamed])
    assert lsp.applied(uri, actions["RouteSmith: Change to agent"]) == text.replace("mode:", "agent:")


async def test_a_model_the_files_host_cannot_use(lsp) -> None:
    """The routed host is generic; the file is Gemini CLI's, so its models are the ones that count."""
    text = "---\ndescription: 🐞 bugs\nmodel: flsh\n---\nFix the bug.\n"
    uri = lsp.open(".gemini/agents/bug.md", text)
    [model] = await settled(lsp, uri)
    assert model.code == "frontmatter-unusable-model" and covered(lsp, uri, model) == "flsh"
    assert "Gemini CLI cannot use model 'flsh'" in model.message and "pro, flash" in model.message
    fix = (await lsp.actions(uri, text.index("flsh"), diagnostics=[model]))["RouteSmith: Change to flash"]
    assert lsp.applied(uri, fix) == text.replace("flsh", "flash")


async def test_documented_model_values_are_no_unknown_models(claude) -> None:
    """`inherit` and full ids are what Claude Code subagents document; the routed host's own check of a
    pinned model must not call them unknown, and a model it lacks is reported once, not twice."""
    text = "---\ndescription: d\nmodel: inherit\n---\nPlan it.\n"
    uri = claude.open(".claude/agents/a.md", text)
    await settled(claude, uri)
    assert not [d for d in claude.diagnostics_for(uri) if "model" in str(d.code)]
    claude.edit(uri, text.index("inherit"), text.index("inherit") + len("inherit"), "gpt-4o")
    await claude.hints(uri)
    from tests.lsp.conftest import wait_until

    await wait_until(lambda: claude.diagnostics_for(uri), "diagnostics after the edit")
    codes = [str(d.code) for d in claude.diagnostics_for(uri) if "model" in str(d.code)]
    assert codes == ["unknown-model"]


async def test_impossible_globs_are_underlined_one_by_one(lsp) -> None:
    text = '---\napplyTo: "🙂/**, /abs/*.py, ../up/*.md, src/"\n---\nFormat the code.\n'
    uri = lsp.open(".github/instructions/py.instructions.md", text)
    diagnostics = {covered(lsp, uri, d): d.message for d in await settled(lsp, uri)}
    assert set(diagnostics) == {"/abs/*.py", "../up/*.md", "src/"}
    assert "absolute path" in diagnostics["/abs/*.py"]
    assert "`..` leaves the workspace" in diagnostics["../up/*.md"]
    assert "names a directory" in diagnostics["src/"]


async def test_a_key_the_host_ignores_in_this_kind_of_file(lsp) -> None:
    text = "---\nname: ship\n---\nShip it.\n"
    uri = lsp.open(".claude/commands/ship.md", text)
    [ignored] = await settled(lsp, uri)
    assert ignored.code == "frontmatter-ignored-key" and covered(lsp, uri, ignored) == "name"
    assert "commands ignore `name`" in ignored.message


async def test_files_of_no_known_kind_get_no_frontmatter_checks(lsp) -> None:
    uri = lsp.open("prompts/free.md", "---\nanything: goes\n---\nPlan it.\n")
    assert await settled(lsp, uri) == []
