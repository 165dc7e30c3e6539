"""Completion end to end: frontmatter keys per host file kind, `model:` from the file's host (the route's
model first, aliases before ids, evidence in the detail), other values, and task markers in the body.
Every item's edit is applied the way the editor would, in its position encoding."""

from __future__ import annotations

from lsprotocol import types
from tests.lsp.conftest import Session, apply_edits
from tests.lsp.formats import KINDS, fixture, offset_after

from routesmith.hosts import builtin_profiles
from routesmith.hosts.formats import kind_of, model_names


async def complete(session: Session, uri: str, offset: int) -> list[types.CompletionItem]:
    result = await session.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=session.position(uri, offset)
        )
    )
    if result is None:
        return []
    return list(result.items if isinstance(result, types.CompletionList) else result)


def accepted(session: Session, uri: str, item: types.CompletionItem) -> str:
    assert isinstance(item.text_edit, types.TextEdit), item
    return apply_edits(session.texts[uri], [item.text_edit], session.encoding)


async def documentation(session: Session, item: types.CompletionItem) -> str:
    """The item's documentation, resolved where the client resolves it lazily (VS Code)."""
    if item.documentation is None:
        item = await session.completion_item_resolve_async(item)
    assert isinstance(item.documentation, types.MarkupContent), item
    return item.documentation.value


async def test_keys_of_every_host_format_with_their_documentation(lsp) -> None:
    for path, display in KINDS.items():
        text = fixture(path)
        at = text.index("\n---", 3) + 1  # a new line before the closing fence
        uri = lsp.open(path, text[:at] + "\n" + text[at:])
        items = await complete(lsp, uri, at)
        labels = [item.label for item in items]
        _, kind = kind_of(path)
        present = {line.split(":")[0] for line in text[4:at].splitlines() if ":" in line and line[0] != " "}
        expected = {k for k, spec in kind.keys.items() if not (spec.ignored or spec.replaced_by)} - present
        assert set(labels) == expected, path
        assert all(display in (item.detail or "") for item in items), path
        if items:  # a Claude Code rule has one key, and it is set
            docs = await documentation(lsp, items[0])
            assert "Source: " in docs and "Data describes " in docs, docs


async def test_a_key_replaces_what_was_typed(lsp) -> None:
    text = "---\ndescription: 🙂 d\ndesc\n---\nPlan it.\n"
    uri = lsp.open(".gemini/agents/a.md", text)
    items = {item.label: item for item in await complete(lsp, uri, offset_after(text, "\ndes", 1))}
    assert "description" not in items  # already set
    assert items["max_turns"].detail == "integer · Gemini CLI subagent"
    assert accepted(lsp, uri, items["model"]) == text.replace("\ndesc\n", "\nmodel: \n")


async def test_model_values_are_the_hosts_with_the_routes_model_first(claude) -> None:
    text = "---\ndescription: 🧭 plans\nmodel: so\n---\nPlan the feature, then implement it.\n"
    uri = claude.open(".claude/agents/p.md", text)
    items = await complete(claude, uri, offset_after(text, "model: so"))
    labels = [item.label for item in sorted(items, key=lambda i: i.sort_text or "")]
    _, kind = kind_of(".claude/agents/p.md")
    names = model_names(builtin_profiles()["claude_code"], kind.keys["model"])
    assert labels == ["opus", *[n for n in names if n != "opus"]]  # planning needs opus
    assert names[:3] == ["opus", "sonnet", "haiku"] and "inherit" in names  # aliases first
    by_label = {item.label: item for item in items}
    assert by_label["opus"].detail.startswith("needed by step 1 (deep_reasoning) · claude-opus-4-7")
    assert "cost 5/5" in by_label["opus"].detail and "no outcomes yet" in by_label["opus"].detail
    assert (
        by_label["sonnet"].detail
        == "claude-sonnet-4-6 · deep_reasoning, coding, balanced, fast · cost 3/5 · no outcomes yet"
    )
    assert accepted(claude, uri, by_label["sonnet"]) == text.replace("model: so", "model: sonnet")
    docs = await documentation(claude, by_label["opus"])
    assert "relative cost 5/5" in docs and "This file's route needs it" in docs


async def test_model_detail_shows_telemetry_evidence(claude) -> None:
    text = "---\ndescription: d\nmodel: \n---\nImplement the parser.\n"
    uri = claude.open(".claude/agents/c.md", text)
    recorded = await claude.command(
        "routesmith.recordOutcome", {"success": True, "model": "sonnet", "task": "coding"}
    )
    assert recorded["recorded"] is True

    async def sonnet_detail() -> str:
        items = {i.label: i for i in await complete(claude, uri, offset_after(text, "model: "))}
        return items["sonnet"].detail or ""

    from tests.lsp.conftest import eventually

    detail = await eventually(sonnet_detail, lambda d: "1 outcome(s)" in d, "evidence in the detail")
    assert detail.startswith("needed by step 1 (coding)")


async def test_model_values_of_a_host_that_is_not_the_routed_one(lsp) -> None:
    """Generic routing, a Copilot agent file: Copilot's display names (its aliases) come first, also as
    items of a fallback list."""
    text = "---\ndescription: d\nmodel:\n  - \n---\nWrite docs.\n"
    uri = lsp.open(".github/agents/d.agent.md", text)
    items = await complete(lsp, uri, offset_after(text, "  - "))
    labels = [item.label for item in sorted(items, key=lambda i: i.sort_text or "")]
    copilot = builtin_profiles()["copilot"]
    # Documentation (balanced) is the most demanding step: Copilot's first balanced model leads.
    assert labels[0] == copilot.capabilities["balanced"][0]
    assert labels[1:6] == [alias for m in copilot.models for alias in m.aliases]


async def test_enum_boolean_and_list_values(lsp) -> None:
    text = "---\nagent: \ntools: [codebase, ]\n---\nPlan it.\n"
    uri = lsp.open(".github/prompts/p.prompt.md", text)
    assert [i.label for i in await complete(lsp, uri, offset_after(text, "agent: "))] == [
        "agent",
        "ask",
        "edit",
    ]
    text2 = "---\nalwaysApply: t\n---\n# Style\n"
    uri2 = lsp.open(".cursor/rules/s.mdc", text2)
    items = {i.label: i for i in await complete(lsp, uri2, offset_after(text2, "alwaysApply: t"))}
    assert set(items) == {"true", "false"}
    assert accepted(lsp, uri2, items["true"]) == text2.replace(": t\n", ": true\n")
    text3 = "---\ndescription: d\ntools: Read, Gr\n---\nReview it.\n"
    uri3 = lsp.open(".claude/agents/r.md", text3)
    items = {i.label: i for i in await complete(lsp, uri3, offset_after(text3, "Gr"))}
    assert {"Read", "Grep", "Bash"} <= set(items)
    assert accepted(lsp, uri3, items["Grep"]) == text3.replace("Read, Gr", "Read, Grep")


async def test_task_markers_in_the_body(claude) -> None:
    text = "# 计划 🧭\n\n[\n- [pl]\nsee [docs](x)\n```\n[\n```\n[plan] [t build it\n"
    uri = claude.open("prompts/m.md", text)
    items = {i.label: i for i in await complete(claude, uri, offset_after(text, "\n\n["))}
    assert list(items)[:8] == [
        "[plan]",
        "[analyse]",
        "[code]",
        "[test]",
        "[refactor]",
        "[docs]",
        "[format]",
        "[review]",
    ]
    assert "[testing]" in items and "[documentation]" in items
    assert accepted(claude, uri, items["[test]"]).startswith("# 计划 🧭\n\n[test]\n")
    # An editor's auto-closed bracket is replaced too, not doubled.
    listed = {i.label: i for i in await complete(claude, uri, offset_after(text, "- [pl"))}
    assert accepted(claude, uri, listed["[plan]"]).count("- [plan]\n") == 1
    docs = await documentation(claude, listed["[plan]"])
    assert "planning → deep_reasoning → `opus` on Claude Code" in docs
    second = {i.label: i for i in await complete(claude, uri, offset_after(text, "[plan] [t"))}
    assert accepted(claude, uri, second["[test]"]).endswith("[plan] [test] build it\n")
    assert await complete(claude, uri, offset_after(text, "see [")) == []  # a link, not a marker
    assert await complete(claude, uri, offset_after(text, "```\n[")) == []  # inside fenced code


async def test_nothing_to_complete_in_plain_prose(lsp) -> None:
    text = "Plan the feature: then code it.\n"
    uri = lsp.open("prompts/p.md", text)
    assert await complete(lsp, uri, offset_after(text, "feature:")) == []
