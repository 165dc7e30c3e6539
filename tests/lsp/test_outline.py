"""Document symbols (sections, and the steps routed in each as `task · model`) and folding ranges, end to
end. Ranges are read back in the client's encoding: the selection of a step covers exactly its text."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from lsprotocol import types
from pygls.protocol import default_converter
from tests.lsp.conftest import CLIENTS, Session, offset_at, start
from tests.lsp.formats import EVERY_KIND, fixture

SECTIONS = (
    "---\ndescription: d\n---\n# 计划 🧭\n\n1. Implement the export command.\n\n"
    "## 测试 🧪\n\n1. Write unit tests for the export command.\n"
)


async def symbols(session: Session, uri: str) -> list[types.DocumentSymbol] | list[types.SymbolInformation]:
    result = await session.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    return list(result or [])


def covered(session: Session, uri: str, span: types.Range) -> str:
    text = session.texts[uri]
    return text[offset_at(text, span.start, session.encoding) : offset_at(text, span.end, session.encoding)]


def tree(session: Session, uri: str, found: list) -> list:
    """(name, text of the selection range, children) of each symbol."""
    return [
        (s.name, covered(session, uri, s.selection_range), tree(session, uri, s.children or []))
        for s in found
    ]


async def test_sections_hold_their_steps_as_task_and_model(claude) -> None:
    """Each step the route has (routesmith.explainRoute, the oracle) sits once under the innermost heading
    whose section holds it, named `task · model`, its selection covering exactly its text."""
    uri = claude.open(".claude/agents/builder.md", SECTIONS)
    full = claude.texts[uri]
    steps = (await claude.command("routesmith.explainRoute", {"uri": uri}))["steps"]
    assert {s["task"] for s in steps} >= {"coding", "testing"}, steps
    build = full.index("## 测试")

    def entry(step: dict) -> tuple[str, str, list]:
        return (f"{step['task']} · {step['model']}", full[step["span"][0] : step["span"][1]], [])

    ordered = sorted(steps, key=lambda s: s["span"][0])
    assert tree(claude, uri, await symbols(claude, uri)) == [
        (
            "计划 🧭",
            "# 计划 🧭",
            [
                *[entry(s) for s in ordered if s["span"][0] < build],
                ("测试 🧪", "## 测试 🧪", [entry(s) for s in ordered if s["span"][0] > build]),
            ],
        )
    ]


async def test_every_host_format_has_an_outline(lsp) -> None:
    """Generic host: every step says it gets no model switch; every fixture has a section or a step."""
    for path in EVERY_KIND:
        uri = lsp.open(path, fixture(path))
        found = await symbols(lsp, uri)
        assert found, path
        names = [name for name, _, _ in tree(lsp, uri, found)]
        steps = [s for s in _walk(found) if s.kind == types.SymbolKind.Function]
        assert all(s.name.endswith(" · no switch") for s in steps), (path, names)


def _walk(found: list[types.DocumentSymbol]) -> list[types.DocumentSymbol]:
    return [s for symbol in found for s in (symbol, *_walk(symbol.children or []))]


async def test_a_prompt_without_headings_lists_its_steps(lsp) -> None:
    text = "🙂 Plan this feature, implement it, add tests, and write docs.\n"
    uri = lsp.open("prompts/flat.md", text)
    assert [(name, sel) for name, sel, _ in tree(lsp, uri, await symbols(lsp, uri))] == [
        ("planning · no switch", "Plan this feature"),
        ("coding · no switch", "implement it"),
        ("testing · no switch", "add tests"),
        ("documentation · no switch", "write docs"),
    ]


async def test_headings_in_fenced_code_are_no_sections(lsp) -> None:
    text = "# Real\n\n```md\n# Not a heading\n```\n\nWrite the docs.\n"
    uri = lsp.open("prompts/fenced.md", text)
    assert [(n, [c[0] for c in kids]) for n, _, kids in tree(lsp, uri, await symbols(lsp, uri))] == [
        ("Real", ["documentation · no switch"])
    ]


async def test_a_client_without_hierarchical_symbols_gets_them_flat(tmp_path: Path) -> None:
    raw = json.loads((CLIENTS / "vscode.json").read_text(encoding="utf-8"))["capabilities"]
    raw = copy.deepcopy(raw)
    raw["textDocument"]["documentSymbol"]["hierarchicalDocumentSymbolSupport"] = False
    capabilities = default_converter().structure(raw, types.ClientCapabilities)
    session = await start(
        tmp_path, "vscode", settings={"host": "claude_code"}, client_capabilities=capabilities
    )
    try:
        uri = session.open(".claude/agents/builder.md", SECTIONS)
        found = await symbols(session, uri)
        steps = (await session.command("routesmith.explainRoute", {"uri": uri}))["steps"]
        names = {s["task"]: f"{s['task']} · {s['model']}" for s in steps}
        assert all(isinstance(s, types.SymbolInformation) for s in found)
        assert [(s.name, s.container_name) for s in found] == [
            ("计划 🧭", None),
            (names["coding"], "计划 🧭"),
            ("测试 🧪", "计划 🧭"),
            (names["testing"], "测试 🧪"),
        ]
    finally:
        await session.shutdown_session()
        await session.stop()


async def test_folding_ranges_for_frontmatter_and_sections(lsp) -> None:
    path = ".claude/agents/planner.md"
    text = fixture(path)
    uri = lsp.open(path, text)
    result = await lsp.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    lines = text.splitlines()
    ranges = [(r.start_line, r.end_line) for r in result or []]
    closing = lines.index("---", 1)
    first = lines.index("# 计划 🧭")
    checks = lines.index("## Checks")
    last = len(lines) - 1
    assert ranges == [(0, closing), (first, last), (checks, last)]
    assert all(r.kind == types.FoldingRangeKind.Region for r in result or [])
