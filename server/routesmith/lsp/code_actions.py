"""Code actions: pin the suggested model in frontmatter, split a run-on prompt into numbered steps, insert
(or update) a route table comment, record an outcome for the step under the cursor, and the quick fix for a
pinned model the host does not offer.

Edits are computed as (code-point span, new text) and converted to the client's encoding only when the
WorkspaceEdit is built, so they are exact in UTF-8, UTF-16 and UTF-32.
"""

from __future__ import annotations

import json
import re

from lsprotocol import types

from routesmith.decompose.frontmatter import FrontmatterEntry
from routesmith.hosts.formats import Syntax
from routesmith.lsp import frontmatter_checks
from routesmith.lsp.diagnostics import SOURCE, UNKNOWN_MODEL
from routesmith.lsp.documents import (
    Analysis,
    PlannedPart,
    body_span,
    model_entries,
    reads_frontmatter,
    suggested_model,
)
from routesmith.lsp.server import RouteSmithServer, guarded
from routesmith.model import Step
from routesmith.routing import short_dependencies, short_strategy

PIN = "RouteSmith: Pin suggested models in frontmatter"
SPLIT = "RouteSmith: Split into numbered steps"
TABLE = "RouteSmith: Insert route table"
RECORD = "RouteSmith: Record outcome: {outcome}"
USE = "RouteSmith: Use {model}"
RECORD_COMMAND = "routesmith.recordOutcome"
# Recording an outcome changes no text: a source action (clients list those apart from fixes and refactors).
RECORD_KIND = f"{types.CodeActionKind.Source.value}.routesmith.recordOutcome"

TABLE_OPEN = "<!-- routesmith route"
TABLE_CLOSE = "-->"
# Text between two steps that only joins them ("and", ", then") and can go when each gets its own line.
_JOIN = r"[\s,;:.!?&\-–—]*"
_CONNECTIVE = re.compile(
    rf"{_JOIN}(?:(?:and|then|also|next|finally|lastly|afterwards|after that|plus)\b{_JOIN})*", re.IGNORECASE
)
_PUNCTUATION = re.compile(r"[\s,;:.!?]*")
_YAML_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/()+-]*")

Edit = tuple[tuple[int, int], str]  # code-point span of the document -> replacement


def _yaml_scalar(value: str) -> str:
    """A model id as a YAML value: plain where that is safe, else double-quoted (JSON is valid YAML)."""
    return value if _YAML_PLAIN.fullmatch(value) and not value.endswith(" ") else json.dumps(value)


def scalar_span(analysis: Analysis, entry: FrontmatterEntry) -> tuple[int, int] | None:
    """What to replace to set `entry` to another scalar: its value with any quotes around it. None for a
    block value (a list or `|` text on the following lines), which a scalar must not half-replace."""
    text = analysis.text
    start, end = entry.value_span
    if start > 0 and text[start - 1] in "\"'" and text[end : end + 1] == text[start - 1]:
        return start - 1, end + 1
    newline = text.find("\n", end)
    line_end = len(text) if newline < 0 else newline
    following = text[line_end + 1 : line_end + 2]
    if not entry.value and (text[end:line_end].strip() or following in (" ", "\t", "-")):
        return None
    return start, end


def pin_edit(analysis: Analysis, model: str) -> Edit | None:
    """Set `model:` in the frontmatter (adding the key, or the frontmatter, where missing)."""
    frontmatter = analysis.frontmatter
    value = _yaml_scalar(model)
    if frontmatter is None:
        return (0, 0), f"---\nmodel: {value}\n---\n"
    if frontmatter.error:
        return None  # rewriting YAML we cannot read could break it
    entries = model_entries(analysis)
    if entries:
        span = scalar_span(analysis, entries[0])
        return None if span is None else (span, value)
    text = analysis.text
    close = text.rfind("---", frontmatter.span[0] + 3, frontmatter.span[1])
    if close < 0:
        return None
    start = text.rfind("\n", 0, close) + 1
    return (start, start), f"model: {value}\n"


def split_edit(analysis: Analysis, part: PlannedPart) -> Edit | None:
    """One numbered line per step (in execution order) for a paragraph that runs several steps together.
    Text between steps that is more than a connective stays, after the step it follows."""
    steps = sorted(part.route.steps, key=lambda s: s.span)
    if len(steps) < 2:
        return None
    text = analysis.text
    start, end = steps[0].span[0], steps[-1].span[1]
    if re.search(r"\n[ \t]*\n", text[start:end]):
        return None  # steps in several paragraphs: not a run-on prompt
    if len({text.count("\n", 0, s.span[0]) for s in steps}) == len(steps):
        return None  # already one step per line
    lines: dict[int, str] = {}
    for step, following in zip(steps, [*steps[1:], None], strict=True):
        extra = text[step.span[1] : following.span[0]] if following else ""
        body = step.text.strip()
        if extra and not _CONNECTIVE.fullmatch(extra):
            body += " " + " ".join(extra.split())
        lines[step.id] = body[:1].upper() + body[1:]
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    tail = text[end:line_end]
    if _PUNCTUATION.fullmatch(tail):
        end = line_end  # a full stop after the last step goes with the run-on sentence
    else:
        end += len(tail) - len(tail.lstrip())  # what follows starts its own line, without the blank
    ordered = [lines[s.id] for s in part.route.steps]  # execution order
    head = text[text.rfind("\n", 0, start) + 1 : start]
    prefix = "\n" if head.strip() else ""  # "Please " before the first step keeps a line of its own
    start -= len(head) - len(head.rstrip()) if prefix else 0
    suffix = "\n" if end < line_end else ""
    numbered = "\n".join(f"{i}. {line}" for i, line in enumerate(ordered, start=1))
    return (start, end), prefix + numbered + suffix


def _table_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("--", "- -")  # nothing may close the comment early


def route_table(part: PlannedPart) -> str:
    route = part.route
    switching = "switches models" if route.can_switch else "cannot switch models"
    rows = [
        f"{TABLE_OPEN} (host: {route.host}; {switching})",
        "| # | task | capability | model / strategy | after |",
        "|---|---|---|---|---|",
    ]
    for step in route.steps:
        target = step.model or f"no switch: {short_strategy(step.task)}"
        after = short_dependencies(step.depends_on, ", ")
        rows.append(f"| {step.id} | {step.task} | {step.capability} | {_table_cell(target)} | {after} |")
    rows.append(TABLE_CLOSE)
    return "\n".join(rows)


def rewritable(analysis: Analysis) -> tuple[int, int] | None:
    """Where the split and table actions may write lines: the whole file, or in a TOML command only its
    multi-line `prompt` string (a line break in a one-line string would break the TOML)."""
    found = frontmatter_checks.file_format(analysis)
    if found is None or found.kind.syntax is not Syntax.TOML:
        return (0, len(analysis.text))
    start, end = body_span(analysis)
    multi_line = analysis.text[max(start - 3, 0) : start] in ('"""', "'''")
    return (start, end) if multi_line else None


def table_edit(analysis: Analysis, part: PlannedPart, end: int) -> Edit:
    """Replace this part's route table if it has one; else add one after the part (at `end`, the end of a
    prompt file or of a TOML command's prompt)."""
    text = analysis.text
    low, high = (0, end) if part.title is None else part.span
    opening = text.find(TABLE_OPEN, low, high)
    if opening >= 0 and (closing := text.find(TABLE_CLOSE, opening)) >= 0:
        return (opening, closing + len(TABLE_CLOSE)), route_table(part)
    at = end if part.title is None else high
    before = "" if at == 0 or text[at - 1] == "\n" else "\n"
    if at and not text[:at].endswith("\n\n"):
        before += "\n"
    after = "\n" if at == end else "\n\n"
    return (at, at), before + route_table(part) + after


def _record_command(analysis: Analysis, step: Step, success: bool) -> types.Command:
    argument = {"uri": analysis.uri, "step": step.id, "success": success}
    title = RECORD.format(outcome="success" if success else "failure")
    return types.Command(title=title, command=RECORD_COMMAND, arguments=[argument])


def _kind(kind: str) -> str:
    return str(getattr(kind, "value", kind))


def _parents(kind: str) -> list[str]:
    parts = _kind(kind).split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def register(server: RouteSmithServer) -> None:
    def workspace_edit(analysis: Analysis, edits: list[Edit]) -> types.WorkspaceEdit:
        text_edits = [types.TextEdit(range=analysis.range(span), new_text=new) for span, new in edits]
        if server.supports("workspace.workspace_edit.document_changes"):
            document = types.OptionalVersionedTextDocumentIdentifier(
                uri=analysis.uri, version=analysis.version
            )
            return types.WorkspaceEdit(
                document_changes=[types.TextDocumentEdit(text_document=document, edits=text_edits)]
            )
        return types.WorkspaceEdit(changes={analysis.uri: text_edits})

    def editing(title: str, kind: types.CodeActionKind, analysis: Analysis, edit: Edit) -> types.CodeAction:
        return types.CodeAction(title=title, kind=kind, edit=workspace_edit(analysis, [edit]))

    def quick_fixes(analysis: Analysis, params: types.CodeActionParams) -> list[types.CodeAction]:
        fixes = []
        entries = model_entries(analysis)
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != SOURCE or diagnostic.code != UNKNOWN_MODEL or not entries:
                continue
            model = diagnostic.data.get("model") if isinstance(diagnostic.data, dict) else None
            span = scalar_span(analysis, entries[0])
            if not isinstance(model, str) or span is None:
                continue
            action = editing(
                USE.format(model=model), types.CodeActionKind.QuickFix, analysis, (span, _yaml_scalar(model))
            )
            action.diagnostics = [diagnostic]
            action.is_preferred = True
            fixes.append(action)
        for title, diagnostic, edit in frontmatter_checks.fixes(analysis, params.context.diagnostics):
            action = editing(title, types.CodeActionKind.QuickFix, analysis, edit)
            action.diagnostics = [diagnostic]
            action.is_preferred = True
            fixes.append(action)
        return fixes

    def actions(analysis: Analysis, params: types.CodeActionParams) -> list[types.CodeAction]:
        offset = analysis.offset(params.range.start)
        found: list[types.CodeAction] = quick_fixes(analysis, params)
        model = suggested_model(analysis)
        current = [e.value for e in model_entries(analysis)]
        pin = (
            pin_edit(analysis, model)
            if model and reads_frontmatter(analysis) and current[:1] != [model]
            else None
        )
        if pin is not None:
            found.append(editing(PIN, types.CodeActionKind.RefactorRewrite, analysis, pin))
        part = analysis.part_at(offset) or (analysis.parts[0] if len(analysis.parts) == 1 else None)
        writable = rewritable(analysis)
        if part is not None and part.route.steps and writable is not None:
            if (split := split_edit(analysis, part)) is not None:
                found.append(editing(SPLIT, types.CodeActionKind.RefactorRewrite, analysis, split))
            table = table_edit(analysis, part, writable[1])
            found.append(editing(TABLE, types.CodeActionKind.Refactor, analysis, table))
        at = analysis.step_at(offset)
        if at is not None and at[1].model:
            for success in (True, False):
                command = _record_command(analysis, at[1], success)
                found.append(types.CodeAction(title=command.title, kind=RECORD_KIND, command=command))
        return found

    options = types.CodeActionOptions(
        code_action_kinds=[
            types.CodeActionKind.QuickFix,
            types.CodeActionKind.Refactor,
            types.CodeActionKind.RefactorRewrite,
            RECORD_KIND,
        ]
    )

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)
    @guarded(list)
    def code_action(
        ls: RouteSmithServer, params: types.CodeActionParams
    ) -> list[types.CodeAction | types.Command]:
        analysis = ls.analysis(params.text_document.uri)
        if analysis is None:
            return []
        found = actions(analysis, params)
        if params.context.only:
            # Kinds are hierarchical: asking for "refactor" includes "refactor.rewrite".
            wanted = [_kind(k) for k in params.context.only]
            found = [
                a for a in found if a.kind and any(k in (_kind(a.kind), *_parents(a.kind)) for k in wanted)
            ]
        if ls.supports("text_document.code_action.code_action_literal_support"):
            return list(found)
        # A client that takes only Commands gets the actions that are one: edits cannot be sent that way.
        return [action.command for action in found if action.command is not None and action.edit is None]
