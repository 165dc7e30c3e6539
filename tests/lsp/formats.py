"""The fixture files of every host format (tests/lsp/fixtures/formats, laid out as in a project) and what
the tests expect of each: its kind as the data names it, and its steps in the outline."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).with_name("fixtures") / "formats"

# workspace path -> the kind's display name (hosts/data/formats/*.toml)
KINDS = {
    ".claude/agents/planner.md": "Claude Code subagent",
    ".claude/skills/release/SKILL.md": "Claude Code skill",
    ".claude/commands/ship.md": "Claude Code command",
    ".claude/rules/tests.md": "Claude Code rule",
    ".github/prompts/feature.prompt.md": "Copilot prompt file",
    ".github/agents/docs.agent.md": "Copilot custom agent",
    ".github/instructions/python.instructions.md": "Copilot instructions file",
    ".cursor/rules/style.mdc": "Cursor rule",
    ".cursor/agents/reviewer.md": "Cursor subagent",
    ".gemini/agents/helper.md": "Gemini CLI subagent",
}
# Formats whose keys are a TOML file's, not frontmatter
TOML_KINDS = {".gemini/commands/ship.toml": "Gemini CLI command"}
EVERY_KIND = KINDS | TOML_KINDS


def fixture(path: str) -> str:
    return (FIXTURES / path).read_text(encoding="utf-8")


def offset_after(text: str, needle: str, occurrence: int = 0) -> int:
    """The offset just after the `occurrence`-th `needle`."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    return at + len(needle)
