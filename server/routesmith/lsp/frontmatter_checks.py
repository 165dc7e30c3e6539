"""Frontmatter checks per host file kind (hosts/formats.py) as diagnostics, and their quick fixes.

Every problem is a warning: the data describes one version of each host, and a newer one may read a key
RouteSmith does not know yet (the message says which version the data describes).
"""

from __future__ import annotations

from lsprotocol import types

from routesmith.hosts import load_profiles
from routesmith.hosts.formats import (
    Code,
    FileKind,
    HostFormats,
    Syntax,
    ValueType,
    check,
    kind_of,
    model_usable,
)
from routesmith.lsp.documents import Analysis, model_entries, reads_frontmatter
from routesmith.model import HostProfile

SOURCE = "routesmith"
CHANGE = "RouteSmith: Change to {replacement}"

Edit = tuple[tuple[int, int], str]


class FileFormat:
    """The host and kind of an analysed file, with the host's profile (None: a host the config removed)."""

    __slots__ = ("formats", "kind", "profile")

    def __init__(self, formats: HostFormats, kind: FileKind, profile: HostProfile | None) -> None:
        self.formats, self.kind, self.profile = formats, kind, profile


def file_format(analysis: Analysis) -> FileFormat | None:
    if "format" not in analysis.memo:
        found = kind_of(analysis.relative)
        analysis.memo["format"] = (
            None
            if found is None
            else FileFormat(found[0], found[1], load_profiles(analysis.folder.ctx.config).get(found[0].host))
        )
    return analysis.memo["format"]


def syntax_name(analysis: Analysis) -> str:
    """What the keys of the file are, for messages: "frontmatter", or "TOML" for a TOML command file."""
    found = file_format(analysis)
    return "TOML" if found is not None and found.kind.syntax is Syntax.TOML else "frontmatter"


def documented_model(analysis: Analysis, value: str) -> bool:
    """Is `value` a `model:` the file's kind documents beyond the host's models (`inherit`, a full id)?"""
    found = file_format(analysis)
    spec = found.kind.keys.get("model") if found else None
    return spec is not None and spec.type is ValueType.MODEL and model_usable(None, spec, value)


def diagnostics(analysis: Analysis) -> list[types.Diagnostic]:
    found = file_format(analysis)
    if found is None:
        return []
    problems = check(analysis.text, analysis.frontmatter, found.formats, found.kind, found.profile)
    # The routed host's own check of a pinned model (diagnostics.UNKNOWN_MODEL, with the route's model as
    # its fix) already covers a scalar `model:` of a file that host reads.
    covered = (
        {entry.value_span for entry in model_entries(analysis)}
        if analysis.folder.ctx.profile.name == found.formats.host and reads_frontmatter(analysis)
        else set()
    )
    return [
        types.Diagnostic(
            range=analysis.range(problem.span),
            message=problem.message,
            severity=types.DiagnosticSeverity.Warning,
            source=SOURCE,
            code=str(problem.code),
            data={"replacement": problem.replacement} if problem.replacement else None,
        )
        for problem in problems
        if not (problem.code is Code.UNUSABLE_MODEL and problem.span in covered)
    ]


def _key(diagnostic: types.Diagnostic) -> tuple[object, ...]:
    start, end = diagnostic.range.start, diagnostic.range.end
    return (start.line, start.character, end.line, end.character, diagnostic.code, diagnostic.message)


def fixes(analysis: Analysis, sent: list[types.Diagnostic]) -> list[tuple[str, types.Diagnostic, Edit]]:
    """(title, diagnostic, edit) of each quick fix for the diagnostics the client `sent`: the did-you-mean
    key or value, the newer name of a key. Only diagnostics of the current version count, so a fix never
    edits text that moved since."""
    current = {_key(d): d for d in diagnostics(analysis) if d.data}
    found = []
    for diagnostic in sent:
        ours = current.get(_key(diagnostic))
        if ours is None or diagnostic.source != SOURCE:
            continue
        replacement = ours.data["replacement"]  # type: ignore[index]
        span = (analysis.offset(ours.range.start), analysis.offset(ours.range.end))
        found.append((CHANGE.format(replacement=replacement), diagnostic, (span, replacement)))
    return found
