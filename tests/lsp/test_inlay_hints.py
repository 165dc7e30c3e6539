"""Inlay hints over stdio: real labels, at the end of each step, in the encoding each client negotiated."""

from __future__ import annotations

import itertools
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.protocol import default_converter
from tests.lsp.conftest import capabilities, position_at, server_env, start, wait_until

from routesmith.decompose import incremental
from routesmith.lsp.inlay_hints import hint_json

SEED = "Plan this feature, implement it, add tests, and write docs"
# Emoji (astral: 2 UTF-16 units, 4 UTF-8 bytes) and CJK (3 UTF-8 bytes) before the steps on their line.
PROMPT = f"---\ndescription: 機能 🙂\n---\n# 笔记 🚀\n\n😀 日本語: {SEED}\n"
TASKS = ["planning", "coding", "testing", "documentation"]


async def explain(session, uri: str) -> list[dict]:
    result = await session.command("routesmith.explainRoute", {"uri": uri})
    return result["steps"]


async def test_labels_sit_at_the_end_of_each_step_in_every_encoding(claude) -> None:
    uri = claude.open(".claude/agents/feature.md", PROMPT)
    steps = await explain(claude, uri)
    assert [s["task"] for s in steps] == TASKS
    hints = await claude.hints(uri)

    assert [h.label for h in hints] == [
        "planning · deep_reasoning · opus",
        "coding · coding · sonnet",
        "testing · coding · sonnet",
        "documentation · balanced · sonnet",
    ]
    for hint, step in zip(hints, steps, strict=True):
        start_, end = step["span"]
        assert PROMPT[start_:end] == step["text"]  # spans are code points of the editor's text
        assert hint.position == position_at(PROMPT, end, claude.encoding)
        assert hint.padding_left is True
        # Both clients resolve tooltips lazily: the hint carries no tooltip until asked.
        assert hint.tooltip is None
        resolved = await claude.inlay_hint_resolve_async(hint)
        assert isinstance(resolved.tooltip, types.MarkupContent)
        assert f"{step['task']} -> {step['capability']} (default rule)" in resolved.tooltip.value
    assert "Plan this feature" in steps[0]["text"]
    # The same place measured by hand for the first step: after "😀 日本語: Plan this feature".
    line = PROMPT.splitlines()[5]
    head = line[: line.index("Plan this feature") + len("Plan this feature")]
    expected = {
        "utf-8": len(head.encode()),
        "utf-16": len(head.encode("utf-16-le")) // 2,
        "utf-32": len(head),
    }
    assert hints[0].position == types.Position(5, expected[claude.encoding])


async def test_a_host_that_cannot_switch_gets_strategy_labels(lsp) -> None:
    uri = lsp.open("prompts/feature.md", SEED + "\n")
    hints = await lsp.hints(uri)
    assert [h.label for h in hints] == [
        "planning · deep_reasoning · no switch: plan first",
        "coding · coding · no switch: small focused change",
        "testing · coding · no switch: tests that fail first",
        "documentation · balanced · no switch: docs from the code",
    ]
    resolved = await lsp.inlay_hint_resolve_async(hints[0])
    assert "no switch on Generic host: prompt strategy for planning" in resolved.tooltip.value
    assert "Strategy: think before coding" in resolved.tooltip.value


async def test_only_hints_inside_the_requested_range(claude) -> None:
    # Procedures in an instruction file (its standing rules give no hints).
    text = (
        "# Workflow (every task)\n\nPlan the billing feature and implement it\n\n"
        "# Process for every request\n\nWrite the API docs\n"
    )
    uri = claude.open("AGENTS.md", text)
    everything = await claude.hints(uri)
    second = await claude.hints(uri, lines=(4, 7))
    assert len(everything) == 3
    assert [h.label for h in second] == [everything[-1].label]
    assert second[0].position.line == 6


async def test_instruction_files_route_each_section_alone_with_unique_step_ids(claude) -> None:
    text = (
        "# Conventions 📐\n\nUse tabs.\n\n"
        "## Workflow (every task)\n\nPlan the endpoint, implement it and add tests\n\n"
        "## Procedure (every task)\n\nUpdate the changelog and review the diff\n"
    )
    uri = claude.open("CLAUDE.md", text)
    steps = await explain(claude, uri)
    ids = [s["id"] for s in steps]
    assert ids == list(range(1, len(ids) + 1)) and len(ids) >= 5
    first_section_ids = {s["id"] for s in steps if s["span"][0] < text.index("## Procedure")}
    for step in steps:
        if step["id"] not in first_section_ids:  # a later section never waits for an earlier one
            assert not set(step["depends_on"]) & first_section_ids
    hints = await claude.hints(uri)
    assert len(hints) == len(steps)


async def test_hint_settings_shorten_and_clip_labels(tmp_path: Path) -> None:
    session = await start(
        tmp_path,
        "neovim",
        settings={"host": "claude_code", "hints": {"showCapability": False, "maxLength": 16}},
    )
    try:
        uri = session.open("prompts/a.md", SEED)
        labels = [h.label for h in await session.hints(uri)]
        assert labels[0] == "planning · opus"
        assert labels[3] == "documentation ·…" and len(labels[3]) == 16
    finally:
        await session.shutdown_session()
        await session.stop()


async def test_hints_follow_incremental_edits(claude) -> None:
    uri = claude.open("prompts/edit.md", f"{SEED}\n")
    before = await claude.hints(uri)
    claude.edit(uri, 0, 0, "🙂")  # one character (astral) before everything
    after = await claude.hints(uri)
    width = {"utf-8": 4, "utf-16": 2, "utf-32": 1}[claude.encoding]
    assert [h.position.character - width for h in after] == [h.position.character for h in before]
    claude.edit(uri, len("🙂Plan this feature, implement it, add tests"), len(claude.texts[uri]) - 1, "")
    assert [h.label for h in await claude.hints(uri)] == [h.label for h in before[:3]]


async def test_other_markdown_is_left_alone(lsp) -> None:
    uri = lsp.open("README.md", SEED)
    assert await lsp.hints(uri) == []
    assert await lsp.hover(uri, 3) is None
    assert await lsp.actions(uri, 3) == {}


async def test_disabled_hints_and_refresh_on_settings_change(claude) -> None:
    uri = claude.open("prompts/a.md", SEED)
    assert len(await claude.hints(uri)) == 4
    refreshes = claude.refreshes
    await claude.change_settings({"host": "claude_code", "hints": {"enabled": False}})
    await wait_until(lambda: claude.refreshes > refreshes, "workspace/inlayHint/refresh")
    assert await claude.hints(uri) == []


async def test_clients_without_resolve_get_tooltips_at_once(tmp_path: Path) -> None:
    client = capabilities("neovim")
    client.text_document.inlay_hint.resolve_support = None
    session = await start(tmp_path, "neovim", settings={"host": "claude_code"}, client_capabilities=client)
    try:
        uri = session.open("prompts/a.md", SEED)
        hints = await session.hints(uri)
        assert "planning -> deep_reasoning (default rule)" in hints[0].tooltip.value
        assert hints[0].data is None
    finally:
        await session.shutdown_session()
        await session.stop()


async def test_resolving_a_hint_of_an_older_version_adds_no_tooltip(lsp) -> None:
    uri = lsp.open("prompts/a.md", SEED)
    [old, *_] = await lsp.hints(uri)
    lsp.edit(uri, 0, len(SEED), "Write docs")
    resolved = await lsp.inlay_hint_resolve_async(old)
    assert resolved.tooltip is None and resolved.label == old.label


LONG = "".join(
    f"## Part {n}\n\n1. Plan the export {n} and implement it\n2. Add tests for it, then document it\n"
    f"- Refactor the importer {n} and get it reviewed\n\nContext for part {n}: keep the API stable.\n\n"
    for n in range(1, 41)
)


def seen(hints: list[types.InlayHint]) -> list[tuple[int, int, str]]:
    return [(h.position.line, h.position.character, str(h.label)) for h in hints]


def resolvable(session, uri: str, hints: list[types.InlayHint]) -> list[tuple[int, int, str, int]]:
    """What `seen` compares, and the step each hint resolves to; every hint names this version and uri
    (an edit reuses the JSON earlier versions wrote for unmoved hints: none may keep an old version)."""
    assert all(h.data["uri"] == uri and h.data["version"] == session.versions[uri] for h in hints)
    return [(*place, h.data["step"]) for place, h in zip(seen(hints), hints, strict=True)]


async def test_hints_after_edits_equal_a_fresh_open(claude) -> None:
    """Edits anywhere (a character, a new step, a removed line, a heading) leave the server with exactly
    the hints, step ids and dependencies that opening the final text from scratch gives."""
    uri = claude.open("prompts/long.md", LONG)
    assert len(await claude.hints(uri)) > 200
    edits = [
        ("Plan the export 20", "x"),  # one character inside a step
        ("Context for part 7", "Then write the changelog.\n\n"),  # a new step between blocks
        ("- Refactor the importer 30 and get it reviewed\n", ""),  # a step removed
        ("## Part 2\n", "## Tests for part 2\n"),  # a heading that changes what follows
    ]
    for anchor, new in edits:
        at = claude.texts[uri].index(anchor)
        end = at + len(anchor) if new == "" or anchor.startswith("##") else at
        claude.edit(uri, at, end, new)
        screen = claude.texts[uri][:at].count("\n")
        await claude.hints(uri, lines=(max(screen - 50, 0), screen + 50))  # one screen around the edit
    edited = await claude.hints(uri)
    fresh_uri = claude.open("prompts/fresh.md", claude.texts[uri])
    assert seen(edited) == seen(await claude.hints(fresh_uri))
    middle = await claude.hints(uri, lines=(100, 160))
    assert seen(middle) == seen(await claude.hints(fresh_uri, lines=(100, 160)))
    assert await explain(claude, uri) == await explain(claude, fresh_uri)


async def test_a_document_routed_again_after_others_gives_the_same_hints(claude) -> None:
    """The server keeps only the documents in use routed: one it dropped is routed again, unchanged."""
    uris = [claude.open(f"prompts/tab{n}.md", LONG.replace("export", f"export{n}")) for n in range(7)]
    first = [seen(await claude.hints(uri)) for uri in uris]
    again = [seen(await claude.hints(uri)) for uri in uris]
    assert again == first and all(len(hints) > 200 for hints in first)
    assert await explain(claude, uris[0]) == await explain(claude, uris[0])


RANDOM_PIECES = ["x", " then ", "\n", "\n\n", "- ", "1. ", "## ", "Add tests for it", "review ", "é🙂"]


def random_edit(
    session, uri: str, rng: random.Random, pieces: list[str], longest_cut: int, cut_share: float
) -> int:
    """One edit at a random place: a cut of up to `longest_cut` characters (`cut_share` of the edits) or one
    of `pieces` typed; the line it is on."""
    text = session.texts[uri]
    at = rng.randrange(len(text) + 1)
    end = min(at + rng.randint(1, longest_cut), len(text)) if rng.random() < cut_share else at
    session.edit(uri, at, end, "" if end > at else rng.choice(pieces))
    return session.texts[uri][:at].count("\n")


@pytest.mark.parametrize("seed", [1, 2])
async def test_hints_and_outline_after_random_edits_equal_a_fresh_open(
    claude, seed: int, tmp_path: Path
) -> None:
    """Random edits, each followed by one screen's hints (what an editor asks for while typing): after each,
    the route equals what `routesmith explain` gives for the text in a new process (no document is opened
    beside it, so each edit takes the rest of its own run before); at the end the hints, the outline and the
    route equal a fresh copy's."""
    rng = random.Random(seed)
    uri = claude.open("prompts/typed.md", LONG[:4000])
    await claude.hints(uri)
    for _ in range(30):
        line = random_edit(claude, uri, rng, RANDOM_PIECES, longest_cut=20, cut_share=0.3)
        assert await claude.hints(uri, (max(line - 10, 0), line + 10)) is not None
        route = [(s["id"], s["task"], s["span"], s["depends_on"]) for s in await explain(claude, uri)]
        assert route == routed_afresh(claude.texts[uri], tmp_path)
    # "é🙂" typed between two steps of a line ("Plan the export 3é🙂 and implement it"): the second one's
    # hint counts it in the client's units.
    spans = sorted(step["span"] for step in await explain(claude, uri))
    text = claude.texts[uri]
    at = next(a[1] for a, b in itertools.pairwise(spans) if "\n" not in text[a[1] : b[1]])
    claude.edit(uri, at, at, "é🙂")
    fresh_uri = claude.open("prompts/fresh.md", claude.texts[uri])
    hints = await claude.hints(uri)
    assert resolvable(claude, uri, hints) == resolvable(claude, fresh_uri, await claude.hints(fresh_uri))
    # Each hint sits at its step's end as the test client (not pygls) counts it in its encoding.
    ends = {step["id"]: step["span"][1] for step in await explain(claude, uri)}
    assert [h.position for h in hints] == [claude.position(uri, ends[h.data["step"]]) for h in hints]
    assert any("é🙂" in claude.texts[uri][: ends[h.data["step"]]].rsplit("\n", 1)[-1] for h in hints)
    outline = types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    fresh_outline = types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=fresh_uri))
    edited_symbols = await claude.text_document_document_symbol_async(outline)
    assert edited_symbols == await claude.text_document_document_symbol_async(fresh_outline)
    assert edited_symbols and await explain(claude, uri) == await explain(claude, fresh_uri)


TYPED = ["x", "\n", "\n\n", " then ", "- ", "Add tests for it", "review ", "1. "]


async def a_second_server_agrees(session, uri: str, tmp_path: Path) -> None:
    """A second server, which never saw the edits, gives the same hints (over 200) and route for the final
    text of `uri`."""
    other = await start(tmp_path / "other", session.name, settings={"host": "claude_code"})
    try:
        other_uri = other.open("prompts/typed.md", session.texts[uri])
        edited = resolvable(session, uri, await session.hints(uri))
        assert len(edited) > 200
        assert edited == resolvable(other, other_uri, await other.hints(other_uri))
        assert await explain(session, uri) == await explain(other, other_uri)
    finally:
        await other.shutdown_session()
        await other.stop()


async def test_typing_in_a_long_prompt_equals_another_server_opening_the_text(claude, tmp_path: Path) -> None:
    """Typing all over a long prompt (each edit reads up to where the reading is back in step with the one
    before and takes the rest of it, moved) leaves hints, step ids and routes equal to what a second server,
    which never saw the edits, gives for the final text."""
    rng = random.Random(13)
    uri = claude.open("prompts/typed.md", LONG)
    await claude.hints(uri)
    for _ in range(40):
        line = random_edit(claude, uri, rng, TYPED, longest_cut=12, cut_share=0.2)
        await claude.hints(uri, (max(line - 50, 0), line + 50))
    await a_second_server_agrees(claude, uri, tmp_path)


def routed_afresh(text: str, tmp_path: Path) -> list[tuple[int, str, list[int], list[int]]]:
    """(id, task, span, depends_on) of each step `routesmith explain` gives for `text` in a new process."""
    path = tmp_path / "afresh.md"
    path.write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "routesmith", "explain", "--json", "--host", "claude_code", "--file"]
    done = subprocess.run([*command, str(path)], env=server_env(tmp_path), capture_output=True, check=True)
    return [(s["id"], s["task"], s["span"], s["depends_on"]) for s in json.loads(done.stdout)["steps"]]


async def test_typing_letter_by_letter_equals_routing_the_text_afresh(claude, tmp_path: Path) -> None:
    """Letters typed one by one at the same places, one screen's hints after each (each keystroke reads up
    to the next checkpoint and takes the rest of the run before): under the first heading, in the verb of a
    list's only planning item, in a step's text. After each, the route equals what `routesmith explain`
    gives for the text in a new process (no run before to take from); at the end, so do the hints and the
    route of a second server that opens the text."""
    # A paragraph that names the work of the list after it is no step while the list asks for that work
    # (planning: the list's first item, which the first letter typed turns into no verb).
    summed_up = "## Part 9\n\nPlan the export 9.\n\n1. Plan the export 9 and"
    text = "---\ndescription: carry out every item below\n---\n\n" + LONG.replace(
        "## Part 9\n\n1. Plan the export 9 and", summed_up
    )
    uri = claude.open("prompts/typed.md", text)
    await claude.hints(uri)
    # (the text before the letters, where they go in it)
    places = [
        ("## Part 1\n", len("## Part 1\n")),
        ("1. Plan the export 9", 3),
        ("Refactor the importer 20", 13),
    ]
    for anchor, into in places:
        at = claude.texts[uri].index(anchor) + into
        for k, letter in enumerate("xyz"):
            claude.edit(uri, at + k, at + k, letter)
            line = claude.texts[uri][:at].count("\n")
            assert await claude.hints(uri, (max(line - 50, 0), line + 50))
            route = [(s["id"], s["task"], s["span"], s["depends_on"]) for s in await explain(claude, uri)]
            assert route == routed_afresh(claude.texts[uri], tmp_path), (anchor, letter)
    await a_second_server_agrees(claude, uri, tmp_path)


@pytest.mark.parametrize("lazy", [True, False])
def test_a_hint_written_as_json_is_what_the_converter_writes(lazy: bool) -> None:
    """Hints are written to JSON straight from dicts (see hint_json): the same fields and values as
    lsprotocol's converter gives the InlayHint, in ASCII (the response's Content-Length counts bytes)."""
    position = types.Position(line=3, character=7)
    tip = "**RouteSmith step 2**: coding → coding\n\n- coding: cue “implement” 🙂"
    data = {"uri": "file:///w/p%20q.md", "version": 4, "step": 2} if lazy else None
    markup = None if lazy else types.MarkupContent(kind=types.MarkupKind.Markdown, value=tip)
    hint = types.InlayHint(
        position=position, label="coding · sonnet", padding_left=True, tooltip=markup, data=data
    )
    written = hint_json((3, 7), "coding · sonnet", tooltip=None if lazy else tip, data=data)
    assert written.isascii()
    assert json.loads(written) == default_converter().unstructure(hint)


ROUTED_LOG = re.compile(
    r"routed prompts/parts\.md version (\d+): (\d+) steps .* "
    r"\(blocks read (\d+), reused (\d+), spliced (\d+)\)"
)
HINTS_LOG = re.compile(
    r"hints for prompts/parts\.md version (\d+): (\d+) in range, "
    r"steps built (\d+) of (\d+) \(routed now (\d+)\)"
)


async def test_an_edit_reads_again_only_the_blocks_near_it_and_routes_only_the_steps_it_changed(
    tmp_path: Path,
) -> None:
    """The debug log counts what each routing and each hint request did. Opening a 500-block prompt reads
    every block, and its first whole-document request builds every step; once
    an edit made the reading keep checkpoints, turning one step's verb into another reads again only the
    blocks from the checkpoint before the edit to the one after it and takes the rest from the run before
    (moved). A request for that line then builds the two steps it holds and routes the one the edit
    changed; one screen around it builds that screen's steps only, and routes none (the others' routes are
    remembered). That the hints then equal a fresh routing's is what the random-edit tests show."""
    options = {"host": "claude_code", "logLevel": "debug"}
    session = await start(tmp_path, "vscode", init_options=options, settings=options)
    try:
        text = "".join(
            f"## Part {n}\n\n1. Plan the export {n} and implement it\n2. Add tests for it, then document it\n"
            f"- Refactor the importer {n}\n\nContext for part {n}: keep the API stable.\n\n"
            for n in range(1, 101)
        )
        uri = session.open("prompts/parts.md", text)
        await session.hints(uri)
        # An opened document keeps no copies of the reading's state (memory); its first edit makes them.
        at = text.index("keep the API stable")
        session.edit(uri, at, at, "x")
        text = text[:at] + "x" + text[at:]
        await session.hints(uri)
        at = text.index("Plan the export 50")
        session.edit(uri, at, at + len("Plan"), "Test")
        line = text[:at].count("\n")
        labels = [str(h.label).split(" · ")[0] for h in await session.hints(uri, (line, line + 1))]
        assert labels == ["testing", "coding"]
        screen = await session.hints(uri, (line - 50, line + 50))
        await wait_until(lambda: len(hint_requests(session)) >= 4, "the last request's log line")
        opened, edited = routings(session)[0], routings(session)[-1]
        blocks = 500  # five a part: the heading, two items, a bullet and a paragraph (a rule under a topic)
        assert opened["read"] == blocks and opened["steps"] == 500
        assert edited["read"] + edited["reused"] + edited["spliced"] == blocks
        assert edited["read"] <= 2 * incremental.CHECKPOINT_BLOCKS
        assert edited["steps"] == 500
        first, *_, one_line, one_screen = hint_requests(session)
        assert first["in_range"] == first["built"] == first["steps"] == 500
        assert one_line["version"] == one_screen["version"] == edited["version"]
        assert (one_line["in_range"], one_line["built"], one_line["steps"]) == (2, 2, 500)
        assert 1 <= one_line["routed"] <= 2
        # The screen holds the line: what it builds is its own steps, the line's two among them.
        assert one_screen["in_range"] == one_screen["built"] == len(screen) < 100
        assert one_screen["routed"] == 0
    finally:
        await session.shutdown_session()
        await session.stop()


def routings(session) -> list[dict[str, int]]:
    """The counts of each routing of prompts/parts.md the server logged, in order."""
    names = ("version", "steps", "read", "reused", "spliced")
    return _logged(session, ROUTED_LOG, names)


def hint_requests(session) -> list[dict[str, int]]:
    """The counts of each hint request on prompts/parts.md the server logged, in order."""
    return _logged(session, HINTS_LOG, ("version", "in_range", "built", "steps", "routed"))


def _logged(session, line: re.Pattern[str], names: tuple[str, ...]) -> list[dict[str, int]]:
    found = (line.match(m.message) for m in session.log_messages)
    return [dict(zip(names, map(int, match.groups()), strict=True)) for match in found if match]
