"""Reading a prompt or instruction file as a document: which of its blocks ask for work.

A file is more than its sentences. Its frontmatter says what it is for (`description:`), whether it may
edit anything (`mode: ask`, a `tools:` list without edit tools) and where the prompt is (a Gemini CLI
command keeps it in a TOML `prompt` string). Its headings give the blocks under them a role: the ask
(title, description, lead paragraph), the workflow (numbered or headed steps), or what is no work at all:
criteria a result is checked against, standing rules, context, the answer's format, examples and
reference material. Only ask and workflow blocks produce steps. Heading words live in data/*.toml
(`[headings]`), in every language the decomposer reads.

Pure functions of the text, like the rest of the decomposer.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

from routesmith.decompose.frontmatter import Frontmatter, FrontmatterEntry
from routesmith.decompose.lexicon import Kind
from routesmith.model import TaskType
from routesmith.patterns import LazyPattern


class Role(StrEnum):
    ASK = "ask"  # what the file asks for: its title, description, lead paragraph
    WORKFLOW = "workflow"  # the steps that spell the ask out
    CRITERIA = "criteria"  # what a result is checked against ("- [ ] No tokens logged")
    RULES = "rules"  # standing rules and conventions
    CONTEXT = "context"  # background, project facts
    OUTPUT = "output"  # the answer's format or template
    EXAMPLE = "example"
    REFERENCE = "reference"  # commands, links, tables to look things up in


ROLE_REASONS: dict[Role, str] = {
    Role.ASK: "what the file asks for",
    Role.WORKFLOW: "a step of its workflow",
    Role.CRITERIA: "what a result is checked against",
    Role.RULES: "a standing rule",
    Role.CONTEXT: "context",
    Role.OUTPUT: "the answer's format",
    Role.EXAMPLE: "an example",
    Role.REFERENCE: "reference material",
}
HEADING_ROLES: dict[Kind, Role] = {
    Kind.HEADING_CRITERIA: Role.CRITERIA,
    Kind.HEADING_RULES: Role.RULES,
    Kind.HEADING_CONTEXT: Role.CONTEXT,
    Kind.HEADING_OUTPUT: Role.OUTPUT,
    Kind.HEADING_EXAMPLE: Role.EXAMPLE,
    Kind.HEADING_REFERENCE: Role.REFERENCE,
}
QUIET_HEADINGS = frozenset(HEADING_ROLES)

# Tools that change files or run any command (Claude Code, Copilot, Gemini CLI, Cursor, Codex names); an
# agent whose `tools:` list has none of them only reads. "Bash(git diff:*)" runs only what it names.
_EDIT_TOOLS = LazyPattern(
    r"(?:multi|notebook)?edit(?:files?)?|write(?:_?file)?|bash|shell|run_?shell_?command|runcommands|"
    r"runinterminal|runtasks|terminal|create_?file|createfile|new|replace|apply_?patch|edit_?file|"
    r"str_replace_editor|execute|exec",
    re.IGNORECASE,
)
_READ_ONLY_COMMAND = LazyPattern(
    r"(?:git (?:diff|log|status|show|blame|remote|branch|rev-parse)|gh (?:pr|issue) (?:view|diff|list)|"
    r"ls|cat|grep|rg|find|head|tail|wc|tree)\b",
    re.IGNORECASE,
)
_READ_ONLY_MODES = frozenset({"ask", "plan", "read-only", "readonly"})
# Task types that change the repository: what a read-only file cannot ask for.
EDITS = frozenset(
    {TaskType.CODING, TaskType.REFACTOR, TaskType.DOCUMENTATION, TaskType.FORMATTING, TaskType.TESTING}
)


class Bound(NamedTuple):
    task: TaskType
    allows: frozenset[TaskType]


# An ask of one kind whose deliverable bounds its workflow: a plan's workflow describes the code, tests
# and docs the plan is about; a review's workflow reads and checks what it reviews; a refactor's workflow
# reads, restructures and re-runs the tests (its "extract"/"create a module" lines are the refactor); a
# document's workflow reads what it documents.
BOUNDS: dict[TaskType, Bound] = {
    TaskType.PLANNING: Bound(TaskType.PLANNING, frozenset({TaskType.ANALYSIS, TaskType.PLANNING})),
    TaskType.REVIEW: Bound(TaskType.REVIEW, frozenset({TaskType.REVIEW, TaskType.TESTING})),
    TaskType.REFACTOR: Bound(
        TaskType.REFACTOR, frozenset({TaskType.ANALYSIS, TaskType.REFACTOR, TaskType.TESTING})
    ),
    TaskType.DOCUMENTATION: Bound(
        TaskType.DOCUMENTATION, frozenset({TaskType.ANALYSIS, TaskType.DOCUMENTATION})
    ),
}
# A review that fixes what it finds ("Analyze the CodeRabbit feedback and fix legitimate issues"): its
# workflow reads and checks, then fixes and re-runs the tests.
REVIEW_AND_FIX = Bound(TaskType.REVIEW, frozenset({TaskType.REVIEW, TaskType.CODING, TaskType.TESTING}))
# An answer written from what was read (a commit message, a PR description, a report): its workflow reads
# and investigates; the change types and sections it lists are the answer's content.
ANSWER_BOUND = Bound(TaskType.ANALYSIS, frozenset({TaskType.ANALYSIS}))


class Facts(NamedTuple):
    """What the frontmatter says about the file's work."""

    description: tuple[int, int] | None  # span of `description:`'s value: the ask in one line
    read_only: str | None  # why the file cannot edit ("mode: ask"), or None


def facts(text: str, frontmatter: Frontmatter | None) -> Facts:
    if frontmatter is None:
        return Facts(None, None)
    description = frontmatter.get("description")
    span = _ask_of(text, _value_span(text, frontmatter, description)) if description is not None else None
    return Facts(span, _read_only(text, frontmatter))


def _value_span(text: str, frontmatter: Frontmatter, entry: FrontmatterEntry) -> tuple[int, int]:
    """The span of a key's value, a block value (`description: >-`, a `- item` list) included."""
    if entry.value:
        return entry.value_span
    start = text.find("\n", entry.value_span[0])
    if start < 0:
        return entry.value_span
    end = start + 1
    limit = frontmatter.body_start
    for line in _LINE.finditer(text, start + 1, limit):
        if line.group().strip() and line.group()[:1] not in (" ", "\t", "-"):
            break
        end = line.end()
    return (start + 1, end)


_LINE = LazyPattern(r"[^\n]*\n?")
# "Use this agent when you need to review ...": what it is used for is the ask.
_PURPOSE = LazyPattern(
    r"\s*(?:use|invoke|call|run|trigger)(?:\s+(?:this|the))?(?:\s+(?:agent|skill|command|prompt|subagent|tool|"
    r"mode|workflow))?(?:\s+proactively)?\s+(?:when(?:ever)?|to|for|if|after|before|on)\s+"
    r"(?:(?:you|the user|users|someone|they)\s+)?(?:(?:needs?|wants?|asks?|requests?|would like)\s+)?"
    r"(?:to\s+)?",
    re.IGNORECASE,
)


def without_purpose(lowered: str) -> str:
    """A paragraph with its opening "Use this command to" blanked out, at the same length so offsets carry
    over: what the file is used for is what it asks ("Use this command to scaffold a new component")."""
    found = _PURPOSE.match(lowered)
    return lowered if found is None else " " * found.end() + lowered[found.end() :]


_SENTENCE_END = LazyPattern(r"[.!?](?:\s|$)|[。！？]|\n\s*\n")


# What kind of file it is, said after the work it names ("Architecture Review Command", "Code review mode").
_FILE_KIND = LazyPattern(
    r"[ \t]+(?:slash[ \t]+)?(?:command|prompt|agent|sub-?agent|skill|chat[ \t]?mode|mode|workflow)s?"
    r"[\s.'\"]*\Z",
    re.IGNORECASE,
)


def without_kind(lowered: str) -> str:
    """A description with the kind of file it ends on blanked out ("architecture review command"), at the
    same length so offsets carry over: the noun before it names the work."""
    found = _FILE_KIND.search(lowered)
    return lowered if found is None else lowered[: found.start()].ljust(len(lowered))


def _ask_of(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """The ask in a description: its first sentence, after "Use this agent when you need to"."""
    start, end = span
    while start < end and text[start] in " \t\r\n\"'":
        start += 1
    purpose = _PURPOSE.match(text, start, end)
    if purpose is not None:
        start = purpose.end()
    sentence = _SENTENCE_END.search(text, start, end)
    if sentence is not None:
        end = sentence.start() + (1 if text[sentence.start()] in ".!?。！？" else 0)
    while end > start and text[end - 1] in " \t\r\n\"'":
        end -= 1
    return (start, end) if end > start else None


# Frontmatter keys of files that apply rules to matching files (Copilot `.instructions.md`, Cursor rules,
# Windsurf rules' `trigger: always_on | model_decision | glob | manual`).
_RULE_KEYS = ("applyTo", "globs", "alwaysApply", "trigger")


def rule_keys(frontmatter: Frontmatter | None) -> bool:
    """Whether the frontmatter is a rules file's (`applyTo:`, `globs:`, `alwaysApply:`, `trigger:`)."""
    return frontmatter is not None and any(frontmatter.get(key) is not None for key in _RULE_KEYS)


def requested_by_agent(frontmatter: Frontmatter | None) -> bool:
    """Whether a rules file is one the agent pulls in for a kind of task (Cursor's "agent requested": a
    `description:`, `alwaysApply: false`, no `globs:`; Windsurf's `trigger: model_decision` or `manual`):
    its text is the prompt for that task, not a standing rule."""
    if frontmatter is None or not (description := frontmatter.get("description")) or not description.value:
        return False
    trigger = frontmatter.get("trigger")
    if trigger is not None:
        return trigger.value.strip(" '\"").lower() in ("model_decision", "manual")
    always, globs = frontmatter.get("alwaysApply"), frontmatter.get("globs")
    return (
        always is not None
        and always.value.strip(" '\"").lower() == "false"
        and (globs is None or not globs.value.strip(" '\"[]"))
    )


# Frontmatter keys of prompt, command and agent files (Copilot, Claude Code, Cursor, Codex).
_PROMPT_KEYS = ("mode", "agent", "tools", "allowed-tools", "argument-hint", "model")
# Where a host puts the user's request into a prompt: Claude Code and Codex `$ARGUMENTS`, Gemini CLI
# `{{args}}`, Copilot `${input:name}`, mustache `{{{ diff }}}`. Instruction files take no request.
_PLACEHOLDER = LazyPattern(r"\$ARGUMENTS\b|\{\{\s*args\s*\}\}|\$\{input:|\{\{\{")


def prompt_keys(frontmatter: Frontmatter | None) -> bool:
    """Whether the frontmatter is a prompt's, a command's or an agent's (`mode:`, `tools:`)."""
    return frontmatter is not None and any(frontmatter.get(key) is not None for key in _PROMPT_KEYS)


# "Target feature (optional): {{args}}", "Feature file: $ARGUMENTS": a line that labels the request's slot.
_INPUT_LINE = re.compile(
    r"[ \t>*_-]*[^\n:：]{1,80}[:：][ \t*_]*(?:\$ARGUMENTS|\{\{\s*args\s*\}\}|\$\{input:[^}\n]*\}|\$[A-Z_]+)"
    r"[ \t*_.]*"
)


def labels_input(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] only labels where the user's request goes ("Target feature: {{args}}")."""
    return all(_INPUT_LINE.fullmatch(line) for line in text[start:end].splitlines() if line.strip())


def has_placeholder(text: str) -> bool:
    """Whether the text has a slot for the user's request (`$ARGUMENTS`, `{{args}}`)."""
    return _PLACEHOLDER.search(text) is not None


def _read_only(text: str, frontmatter: Frontmatter) -> str | None:
    mode = frontmatter.get("mode") or frontmatter.get("agent")
    if mode is not None and mode.value.strip().lower() in _READ_ONLY_MODES:
        return f"{mode.key}: {mode.value.strip()}"
    if mode is not None and mode.value.strip(" '\"").lower() == "agent":
        return None  # Copilot agent mode edits; its `tools:` adds to what the agent has
    for key in ("tools", "allowed-tools", "allowed_tools"):
        entry = frontmatter.get(key)
        if entry is None:
            continue
        start, end = _value_span(text, frontmatter, entry)
        value = text[start:end].strip()
        if not value or value in ("[]", "*", "all"):
            continue
        names = [n.strip(" '\"[]-") for n in _TOOL_SPLIT.findall(value) if n.strip(" '\"[]-")]
        if names and not any(_edits(name) for name in names):
            return f"{key}: {' '.join(value.split())} (no tool that edits)"
    return None


_TOOL_SPLIT = LazyPattern(r"[^,\s(]+(?:\([^)]*\))?")


def _edits(tool: str) -> bool:
    name, _, argument = tool.partition("(")
    if argument:  # "Bash(git diff:*)": only the command it names
        return bool(_EDIT_TOOLS.fullmatch(name)) and not _READ_ONLY_COMMAND.match(argument)
    return bool(_EDIT_TOOLS.fullmatch(name.split("/")[-1].split(".")[-1]))


_TOML_STRING = "[ \t]*=[ \t]*(\"\"\"|'''|\"|')"
_TOML_PROMPT = LazyPattern("^prompt" + _TOML_STRING, re.MULTILINE)
_TOML_DESCRIPTION = LazyPattern("^description" + _TOML_STRING, re.MULTILINE)


def toml_prompt_span(text: str) -> tuple[int, int] | None:
    """The span of a Gemini CLI command's `prompt` string (`.gemini/commands/*.toml`), or None."""
    return _toml_string(text, _TOML_PROMPT)


# Gemini CLI injects a shell command's output (`!{git diff --staged}`) or a file (`@{docs/rules.md}`) into the
# prompt: what they name is content for the model, not words that ask for work. One level of braces nests
# (`-exec echo {} \;`).
_INJECTION = LazyPattern(r"[!@]\{[^{}\n]*(?:\{[^{}\n]*\}[^{}\n]*)*\}")


def blank_injections(lowered: str, span: tuple[int, int]) -> str:
    """`lowered` with the Gemini CLI injections in text[span] blanked out, at the same length."""
    found = list(_INJECTION.finditer(lowered, *span))
    if not found:
        return lowered
    parts, at = [], 0
    for injection in found:
        parts += [lowered[at : injection.start()], " " * (injection.end() - injection.start())]
        at = injection.end()
    return "".join([*parts, lowered[at:]])


def toml_description_span(text: str) -> tuple[int, int] | None:
    """The span of the ask in a Gemini CLI command's `description` string, or None."""
    found = _toml_string(text, _TOML_DESCRIPTION)
    return _ask_of(text, found) if found is not None else None


def _toml_string(text: str, key: LazyPattern) -> tuple[int, int] | None:
    found = key.search(text)
    if found is None:
        return None
    quote = found.group(1)
    start = found.end()
    if len(quote) == 3:
        end = text.find(quote, start)
    else:  # a one-line string; a backslash escapes the quote
        end = start
        while end < len(text) and text[end] not in (quote, "\n"):
            end += 2 if text[end] == "\\" and quote == '"' else 1
    return (start, len(text) if end < 0 else min(end, len(text)))


# A check or a cross mark opening a block ("✅ Always write tests first", "❌ **NO hacer:**", "### ❌ Wrong"):
# what to do and not to do, or a good and a bad example, never a step.
_MARK = LazyPattern(r"[ \t*_>]*(?:✅|❌|✔|✖|✗|✓|☑|❎|🚫|⛔|👍|👎)")


def marked(text: str, start: int) -> bool:
    """Whether the block at `start` opens with a check or a cross mark."""
    return _MARK.match(text, start) is not None


# An agent instruction file's own name in a title ("# CLAUDE.md", "# AGENTS Instructions"): what the file is.
_INSTRUCTION_NAMES = LazyPattern(
    r"(?i:\b(?:agents?|claude|gemini|copilot-instructions|conventions)\.md\b|\.(?:cursor|windsurf|cline)rules\b|"
    r"copilot[- ]instructions)|\b(?:AGENTS|CLAUDE|GEMINI)\b"
)


def names_instructions(title: str) -> bool:
    """Whether a title names an agent instruction file ("# CLAUDE.md", "# GEMINI.md - Guidelines")."""
    return _INSTRUCTION_NAMES.search(title) is not None
