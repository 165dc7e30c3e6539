"""The per-host frontmatter data (hosts/data/formats/*.toml): it loads, names its sources and host versions,
and every kind of file it describes is one the language server serves by default. And the task markers the
language server completes are ones the decomposer reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from routesmith.decompose import decompose
from routesmith.errors import UserError
from routesmith.files import DocumentKind, classify
from routesmith.hosts import builtin_profiles, formats
from routesmith.hosts.formats import ValueType, host_formats, kind_of
from routesmith.model import TASK_MARKERS

DATA = Path(formats.__file__).with_name("data") / "formats"


def test_every_host_file_names_a_host_a_version_and_sources() -> None:
    loaded = host_formats()
    assert set(loaded) == {p.stem for p in DATA.glob("*.toml")}
    for host, data in loaded.items():
        assert host in builtin_profiles(), host
        assert any(ch.isdigit() for ch in data.describes), f"{host}: describes names no version"
        for kind in data.kinds:
            assert kind.source in data.sources
            assert all(spec.source in data.sources for spec in kind.keys.values()), kind.id
            model = kind.keys.get("model")
            assert model is None or model.type is ValueType.MODEL, kind.id


@pytest.mark.parametrize(
    "path",
    [
        ".claude/agents/a.md",
        ".claude/skills/s/SKILL.md",
        ".claude/commands/c.md",
        ".claude/rules/r.md",
        ".github/prompts/p.prompt.md",
        "docs/p.prompt.md",
        ".github/agents/a.agent.md",
        ".github/chatmodes/m.chatmode.md",
        ".github/instructions/i.instructions.md",
        ".cursor/rules/r.mdc",
        ".cursor/agents/a.md",
        ".gemini/agents/a.md",
        ".gemini/commands/git/commit.toml",
    ],
)
def test_every_described_file_is_served_and_has_its_kind(path: str) -> None:
    assert classify(path) in (DocumentKind.PROMPT, DocumentKind.INSTRUCTION)
    assert kind_of(path) is not None
    assert kind_of("sub/project/" + path) == kind_of(path)


@pytest.mark.parametrize("host", sorted(builtin_profiles()))
def test_every_file_a_host_reads_is_served_with_its_kind(host: str) -> None:
    """The language server watches what the hosts read: each profile's instruction files are instruction
    documents and each file whose `model:` frontmatter it honours is a prompt (a file named by a glob is
    tried with a name of its own, at the top and in a sub-project)."""
    profile = builtin_profiles()[host]
    cases = [(glob, DocumentKind.INSTRUCTION) for glob in profile.instruction_files]
    cases += [(glob, DocumentKind.PROMPT) for glob in profile.frontmatter_globs]
    assert profile.instruction_files, f"{host} lists no instruction files"
    for glob, kind in cases:
        path = glob.replace("**/", "").replace("*", "name")
        assert classify(path) is kind, (host, glob)
        assert classify("sub/project/" + path) is kind, (host, glob)


@pytest.mark.parametrize(
    "path",
    [
        ".github/copilot-instructions.md",
        ".github/instructions/copilot-instructions.md",
        "copilot-instructions.md",
    ],
)
def test_copilot_instructions_are_instructions_wherever_they_sit(path: str) -> None:
    """Repositories put the file beside their `.instructions.md` files too: it is still standing rules."""
    assert classify(path) is DocumentKind.INSTRUCTION
    assert classify(".github/prompts/copilot-instructions.prompt.md") is DocumentKind.PROMPT


def test_a_directory_kind_wins_over_an_extension_kind() -> None:
    found = kind_of(".claude/commands/x.prompt.md")
    assert found is not None and found[1].id == "claude_command"


def test_a_broken_data_file_names_itself_and_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "formats"
    shutil.copytree(DATA, copy)
    path = copy / "cursor.toml"
    path.write_text(path.read_text().replace('source = "CU-sub"\n', 'source = "nowhere"\n', 1))
    monkeypatch.setattr(formats, "_DATA", copy)
    with pytest.raises(UserError, match=r"hosts/data/formats/cursor.toml: kinds\.cursor_agent.*'nowhere'"):
        formats._read()


@pytest.mark.parametrize("marker", list(TASK_MARKERS))
def test_every_completed_task_marker_is_one_the_decomposer_honours(marker: str) -> None:
    """The language server offers these markers; the decomposer must read each as its task."""
    steps = decompose(f"[{marker}] the export feature").steps
    assert [step.task for step in steps] == [TASK_MARKERS[marker]]


def test_a_cline_workflow_is_a_prompt_and_a_cline_rule_an_instruction_file() -> None:
    """Cline runs `.clinerules/workflows/*.md` on demand (`/commit.md`): prompts, not standing rules."""
    assert classify(".clinerules/workflows/commit.md") is DocumentKind.PROMPT
    assert classify("app/.clinerules/workflows/release/notes.md") is DocumentKind.PROMPT
    assert classify(".clinerules/coding.md") is DocumentKind.INSTRUCTION
    assert classify(".clinerules") is DocumentKind.INSTRUCTION
