"""Which files RouteSmith routes, and how: prompt files as one request, agent instruction files section by
section. Shared by the CLI (`explain --file`) and the language server, whose settings can change the globs.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

DEFAULT_PROMPT_GLOBS = (
    "**/*.prompt.md",
    "**/*.prompt",
    "**/.github/prompts/**/*.md",
    "**/.github/agents/**/*.md",
    "**/.claude/commands/**/*.md",
    "**/.claude/agents/**/*.md",
    "**/.claude/skills/**/SKILL.md",
    "**/.gemini/agents/**/*.md",
    "**/.gemini/commands/**/*.toml",
    "**/.cursor/commands/**/*.md",
    "**/.codex/prompts/**/*.md",
    "**/.github/chatmodes/**/*.chatmode.md",
    "**/.windsurf/workflows/**/*.md",
    "**/.clinerules/workflows/**/*.md",
    "**/.cursor/agents/**/*.md",
    "**/prompts/**/*.md",
)
DEFAULT_INSTRUCTION_GLOBS = (
    "**/AGENTS.md",
    "**/AGENTS.override.md",
    "**/CLAUDE.md",
    "**/CLAUDE.local.md",
    "**/.claude/rules/**/*.md",
    "**/GEMINI.md",
    "**/copilot-instructions.md",  # also misplaced under .github/instructions/
    "**/*.instructions.md",
    "**/.cursorrules",
    "**/.cursor/rules/**/*.mdc",
    "**/CONVENTIONS.md",
    "**/.clinerules",
    "**/.clinerules/*.md",  # its workflows/ folder holds prompts Cline runs on demand
    "**/.windsurfrules",
    "**/.windsurf/rules/**/*.md",
    "**/.kiro/steering/**/*.md",
)


class DocumentKind(StrEnum):
    PROMPT = "prompt"  # one prompt: the whole file is routed as one request
    INSTRUCTION = "instruction"  # agent instructions: each section is routed on its own


def _translate(glob: str) -> str:
    """A VS Code-style glob (`**`, `*`, `?`, `[...]`, `{a,b}`) as a regular expression over `/` paths."""
    out: list[str] = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[" and (close := glob.find("]", i + 1)) > i + 1:
            body = glob[i + 1 : close]
            out.append("[" + ("^" + re.escape(body[1:]) if body[0] == "!" else re.escape(body)) + "]")
            i = close + 1
        elif glob[i] == "{" and (close := glob.find("}", i)) > i:
            out.append("(?:" + "|".join(_translate(alt) for alt in glob[i + 1 : close].split(",")) + ")")
            i = close + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


@lru_cache(maxsize=64)
def glob_matcher(globs: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all `globs`; a glob that matches nothing (`(?!)`) when the tuple is empty."""
    return re.compile("|".join(f"(?:{_translate(g)})" for g in globs) or "(?!)")


def classify(
    path: str,
    prompt_globs: tuple[str, ...] = DEFAULT_PROMPT_GLOBS,
    instruction_globs: tuple[str, ...] = DEFAULT_INSTRUCTION_GLOBS,
) -> DocumentKind | None:
    """Instruction globs first: they name files exactly (AGENTS.md), prompt globs name whole directories."""
    path = path.replace("\\", "/")
    if glob_matcher(instruction_globs).fullmatch(path):
        return DocumentKind.INSTRUCTION
    if glob_matcher(prompt_globs).fullmatch(path):
        return DocumentKind.PROMPT
    return None
