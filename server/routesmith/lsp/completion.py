"""`textDocument/completion` (with resolve) in prompt and agent files.

- In the frontmatter, the keys the file's host reads in that kind of file (hosts/formats.py), and their
  values: `model:` from the host's profile (the model this file's route needs first, then aliases, then
  ids; the detail shows capability, relative cost and telemetry evidence), enum values such as
  `agent:`, documented list items such as `tools:`, and booleans.
- In the body, the explicit task markers (`[plan]`, `[test]`, ...) at the start of a line or list item.
- In a TOML command file (Gemini CLI), its keys at the start of a line, and the markers in its `prompt`.

Items carry a short detail; their documentation comes with `completionItem/resolve`. Edits replace what
was typed, in the client's position encoding.
"""

from __future__ import annotations

import re
from typing import Any

from lsprotocol import types

from routesmith.decompose.frontmatter import FrontmatterEntry
from routesmith.hosts.formats import FileKind, KeySpec, Syntax, ValueType, model_names
from routesmith.lsp.documents import Analysis, body_span, most_demanding
from routesmith.lsp.frontmatter_checks import FileFormat, file_format
from routesmith.lsp.outline import in_fence
from routesmith.lsp.server import RouteSmithServer, guarded
from routesmith.model import DEFAULT_CAPABILITY, TASK_MARKERS, Capability, HostProfile, ModelEvidence, Step
from routesmith.routing import find_model

TRIGGERS = ["[", ":", ","]
_KEY_TYPED = re.compile(r"[A-Za-z_][\w.-]*|")
_VALUE_TYPED = re.compile(r"(?P<key>[A-Za-z_][\w.-]*)[ \t]*:[ \t]*(?P<value>.*)")
_ITEM_TYPED = re.compile(r"[ \t]*-[ \t]*(?P<value>.*)")
# Markers open a line or a list item, one after another ("[plan] [test] build it"); a `[` in running
# text is a link more often than not.
_MARKER_TYPED = re.compile(
    r"[ \t]*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?(?:\[[A-Za-z]+\][ \t]*)*\[(?P<word>[A-Za-z]*)"
)
BOOLEANS = ["true", "false"]


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _typed(text: str, start: int, offset: int) -> tuple[int, str]:
    """The part of a value being typed: after the last comma or `[`, without an opening quote."""
    value = text[start:offset]
    cut = max(value.rfind(","), value.rfind("[")) + 1
    while cut < len(value) and value[cut] in " \t\"'":
        cut += 1
    return start + cut, value[cut:]


# -- what each item says ---------------------------------------------------------------------------------


def _evidence(analysis: Analysis, host: str, names: set[str]) -> list[ModelEvidence]:
    """Recorded outcomes (per capability) of a model known as any of `names` on `host`."""
    return [e for e in analysis.folder.ctx.performance.evidence if e.host == host and e.model in names]


def _evidence_line(e: ModelEvidence) -> str:
    total = e.successes + e.failures
    return f"{e.n} outcome(s) on {e.capability}: " + (
        f"{e.successes / total:.0%} success" if total else "n/a"
    )


def _serves(profile: HostProfile, names: set[str]) -> list[Capability]:
    return [cap for cap, candidates in profile.capabilities.items() if names & set(candidates)]


class ModelFacts:
    """What the detail and documentation of one model value say."""

    def __init__(self, analysis: Analysis, found: FileFormat, name: str) -> None:
        profile = found.profile
        self.name = name
        self.model = find_model(profile, name) if profile else None
        names = {name} | ({self.model.id, *self.model.aliases} if self.model else set())
        self.capabilities = _serves(profile, names) if profile else []
        self.evidence = _evidence(analysis, found.formats.host, names)

    def detail(self) -> str:
        if self.model is None:
            return "documented value"
        parts = [] if self.model.id == self.name else [self.model.id]
        parts.append(", ".join(self.capabilities) or "no capability class")
        parts.append(f"cost {self.model.cost}/5")
        outcomes = sum(e.n for e in self.evidence)
        parts.append(f"{outcomes} outcome(s)" if outcomes else "no outcomes yet")
        return " · ".join(parts)


def needed(analysis: Analysis, found: FileFormat) -> tuple[str, Step] | None:
    """The model this file's route needs (its most demanding step's), as the file's host names it."""
    step = most_demanding(analysis)
    if step is None:
        return None
    if analysis.folder.ctx.profile.name == found.formats.host and step.model:
        return step.model, step
    candidates = found.profile.capabilities.get(step.capability, []) if found.profile else []
    return (candidates[0], step) if candidates else None


def _markdown(lines: list[str]) -> types.MarkupContent:
    return types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n".join(lines))


def key_documentation(found: FileFormat, key: str, spec: KeySpec) -> types.MarkupContent:
    lines = [
        f"**{key}** ({spec.type}{', required' if spec.required else ''}) in a {found.kind.display}",
        "",
        spec.doc,
    ]
    if spec.values:
        lines += [
            "",
            "Values: " + ", ".join(f"`{v}`" for v in spec.values) + (" (and others)" if spec.open else ""),
        ]
    if spec.replaced_by:
        lines += ["", f"Older name of `{spec.replaced_by}`."]
    if spec.ignored:
        lines += ["", f"Not read here: {spec.ignored}."]
    lines += [
        "",
        f"Source: {found.formats.sources[spec.source]}",
        f"Data describes {found.formats.describes}.",
    ]
    return _markdown(lines)


def model_documentation(analysis: Analysis, found: FileFormat, name: str) -> types.MarkupContent:
    facts = ModelFacts(analysis, found, name)
    host = found.profile.display if found.profile else found.formats.host
    if facts.model is None:
        spec = found.kind.keys.get("model")
        return _markdown([f"**{name}** in a {found.kind.display}", "", spec.doc if spec else ""])
    model = facts.model
    lines = [f"**{name}** on {host}", ""]
    if model.aliases:
        lines.append(f"- id `{model.id}`, also: " + ", ".join(f"`{a}`" for a in model.aliases))
    lines.append(
        f"- capability: {', '.join(facts.capabilities) or 'none (not a default choice for any class)'}"
    )
    lines.append(f"- relative cost {model.cost}/5, quality {model.quality}/5 (within {host})")
    lines += [f"- evidence: {_evidence_line(e)}" for e in facts.evidence] or [
        "- evidence: no outcomes recorded yet"
    ]
    route = needed(analysis, found)
    if route is not None and route[0] == name:
        step = route[1]
        lines += ["", f"This file's route needs it: step {step.id} ({step.task}) wants {step.capability}."]
    return _markdown(lines)


def marker_documentation(analysis: Analysis, marker: str) -> types.MarkupContent:
    task = TASK_MARKERS[marker]
    capability = analysis.folder.ctx.config.policy.task_capability.get(task, DEFAULT_CAPABILITY[task])
    profile = analysis.folder.ctx.profile
    candidates = profile.capabilities.get(capability, []) if profile.can_switch else []
    target = (
        f"`{candidates[0]}` on {profile.display}"
        if candidates
        else f"a prompt strategy ({profile.display} cannot switch)"
    )
    return _markdown(
        [f"**[{marker}]**: the step after it is {task}", "", f"{task} → {capability} → {target}"]
    )


# -- items -------------------------------------------------------------------------------------------------


def _edit(analysis: Analysis, span: tuple[int, int], text: str) -> types.TextEdit:
    return types.TextEdit(range=analysis.range(span), new_text=text)


def key_items(
    analysis: Analysis, found: FileFormat, span: tuple[int, int], line: int
) -> list[types.CompletionItem]:
    present = (
        {e.key for e in analysis.frontmatter.entries if e.line != line} if analysis.frontmatter else set()
    )
    separator = " = " if found.kind.syntax is Syntax.TOML else ": "
    items = []
    for index, (key, spec) in enumerate(found.kind.keys.items()):
        if key in present or spec.ignored or spec.replaced_by:
            continue
        items.append(
            types.CompletionItem(
                label=key,
                kind=types.CompletionItemKind.Property,
                detail=f"{spec.type}{' · required' if spec.required else ''} · {found.kind.display}",
                sort_text=f"{0 if spec.required else 1}{index:03}",
                text_edit=_edit(analysis, span, f"{key}{separator}"),
                data={"uri": analysis.uri, "version": analysis.version, "key": key},
            )
        )
    return items


def value_items(
    analysis: Analysis, found: FileFormat, key: str, spec: KeySpec, span: tuple[int, int]
) -> list[types.CompletionItem]:
    if spec.type is ValueType.MODEL:
        return model_items(analysis, found, span)
    values = BOOLEANS if spec.type is ValueType.BOOLEAN else spec.values
    kind = (
        types.CompletionItemKind.Value
        if spec.type is ValueType.BOOLEAN
        else types.CompletionItemKind.EnumMember
    )
    return [
        types.CompletionItem(
            label=value,
            kind=kind,
            detail=f"{key} · {found.kind.display}",
            sort_text=f"{index:03}",
            text_edit=_edit(analysis, span, value),
        )
        for index, value in enumerate(values)
    ]


def model_items(analysis: Analysis, found: FileFormat, span: tuple[int, int]) -> list[types.CompletionItem]:
    spec = found.kind.keys["model"]
    route = needed(analysis, found)
    first = route[0] if route else None
    items = []
    for index, name in enumerate(model_names(found.profile, spec)):
        facts = ModelFacts(analysis, found, name)
        detail = facts.detail()
        if name == first and route is not None:
            detail = f"needed by step {route[1].id} ({route[1].capability}) · {detail}"
        items.append(
            types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.EnumMember,
                detail=detail,
                sort_text=f"{0 if name == first else 1}{index:03}",
                preselect=name == first or None,
                filter_text=name,
                text_edit=_edit(analysis, span, name),
                data={"uri": analysis.uri, "version": analysis.version, "model": name},
            )
        )
    return items


def marker_items(analysis: Analysis, span: tuple[int, int]) -> list[types.CompletionItem]:
    return [
        types.CompletionItem(
            label=f"[{marker}]",
            kind=types.CompletionItemKind.Keyword,
            detail=f"task marker: {task}",
            sort_text=f"{index:03}",
            filter_text=f"[{marker}]",
            text_edit=_edit(analysis, span, f"[{marker}]"),
            data={"uri": analysis.uri, "version": analysis.version, "marker": marker},
        )
        for index, (marker, task) in enumerate(TASK_MARKERS.items())
    ]


def _owner(entries: list[FrontmatterEntry], line: int) -> FrontmatterEntry | None:
    """The key whose block value holds `line` (the last key above it)."""
    above = [entry for entry in entries if entry.line < line]
    return above[-1] if above else None


def frontmatter_items(analysis: Analysis, found: FileFormat, offset: int) -> list[types.CompletionItem]:
    text = analysis.text
    start = _line_start(text, offset)
    before = text[start:offset]
    line = text.count("\n", 0, start)
    after = re.match(r"[\w.-]*", text[offset:])
    word_end = offset + (after.end() if after else 0)
    if _KEY_TYPED.fullmatch(before):
        return key_items(analysis, found, (start, word_end), line)
    kind: FileKind = found.kind
    match = _VALUE_TYPED.fullmatch(before)
    if match is not None:
        key = match.group("key")
        value_start = start + match.start("value")
    elif (item := _ITEM_TYPED.fullmatch(before)) is not None and analysis.frontmatter is not None:
        owner = _owner(analysis.frontmatter.entries, line)
        if owner is None:
            return []
        key, value_start = owner.key, start + item.start("value")
    else:
        return []
    spec = kind.keys.get(key)
    if spec is None or spec.type in (ValueType.STRING, ValueType.OBJECT, ValueType.GLOBS):
        return []
    typed_start, _ = _typed(text, value_start, offset)
    return value_items(analysis, found, key, spec, (typed_start, word_end))


def toml_items(analysis: Analysis, found: FileFormat, offset: int) -> list[types.CompletionItem]:
    """In a TOML command file: the task markers inside a string value (the prompt), the keys at the start
    of a line outside every value."""
    body = body_span(analysis)
    if body[0] < body[1] and body[0] <= offset <= body[1]:
        return marker_completion(analysis, offset)
    entries = analysis.frontmatter.entries if analysis.frontmatter else []
    if any(e.value_span[0] <= offset <= e.value_span[1] for e in entries):
        return []  # in another value
    text = analysis.text
    start = _line_start(text, offset)
    if not _KEY_TYPED.fullmatch(text[start:offset]):
        return []
    after = re.match(r"[\w.-]*", text[offset:])
    line = text.count("\n", 0, start)
    return key_items(analysis, found, (start, offset + (after.end() if after else 0)), line)


def complete(analysis: Analysis, offset: int) -> list[types.CompletionItem]:
    frontmatter = analysis.frontmatter
    text = analysis.text
    found = file_format(analysis)
    if found is not None and found.kind.syntax is Syntax.TOML:
        return toml_items(analysis, found, offset)
    if frontmatter is not None and offset < frontmatter.body_start:
        start = _line_start(text, offset)
        if start == 0 or text.startswith(("---", "..."), start):
            return []  # on a fence
        return [] if found is None else frontmatter_items(analysis, found, offset)
    return marker_completion(analysis, offset)


def marker_completion(analysis: Analysis, offset: int) -> list[types.CompletionItem]:
    """The task markers, where a line or list item opens with `[` (outside code fences)."""
    text = analysis.text
    start = _line_start(text, offset)
    match = _MARKER_TYPED.fullmatch(text[start:offset])
    if match is None or in_fence(analysis, offset):
        return []
    end = offset + 1 if text[offset : offset + 1] == "]" else offset  # an editor's closing bracket
    return marker_items(analysis, (start + match.start("word") - 1, end))


def document(analysis: Analysis, item: types.CompletionItem) -> types.CompletionItem:
    """`item` with its documentation (what `completionItem/resolve` adds)."""
    data: dict[str, Any] = item.data if isinstance(item.data, dict) else {}
    found = file_format(analysis)
    key, model, marker = data.get("key"), data.get("model"), data.get("marker")
    if isinstance(marker, str) and marker in TASK_MARKERS:
        item.documentation = marker_documentation(analysis, marker)
    elif found is None:
        return item
    elif isinstance(key, str) and key in found.kind.keys:
        item.documentation = key_documentation(found, key, found.kind.keys[key])
    elif isinstance(model, str):
        item.documentation = model_documentation(analysis, found, model)
    return item


def register(server: RouteSmithServer) -> None:
    options = types.CompletionOptions(trigger_characters=TRIGGERS, resolve_provider=True)

    def lazy_documentation() -> bool:
        """Documentation is most of an item's bytes: send it on resolve where the client asks for that."""
        capabilities = server.client_capabilities.text_document
        completion = capabilities.completion if capabilities else None
        item = completion.completion_item if completion else None
        support = item.resolve_support if item else None
        return support is not None and "documentation" in support.properties

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, options)
    @guarded(lambda: None)
    def completion(ls: RouteSmithServer, params: types.CompletionParams) -> types.CompletionList | None:
        analysis = ls.analysis(params.text_document.uri)
        if analysis is None:
            return None
        items = complete(analysis, analysis.offset(params.position))
        if not lazy_documentation():
            items = [document(analysis, item) for item in items]
        return types.CompletionList(is_incomplete=False, items=items) if items else None

    @server.feature(types.COMPLETION_ITEM_RESOLVE)
    @guarded(lambda: None)
    def resolve(ls: RouteSmithServer, item: types.CompletionItem) -> types.CompletionItem:
        data = item.data if isinstance(item.data, dict) else {}
        uri = data.get("uri")
        analysis = ls.analysis(uri) if isinstance(uri, str) else None
        # An item of an older version keeps what it has rather than another version's documentation.
        if analysis is None or analysis.version != data.get("version"):
            return item
        return document(analysis, item)
