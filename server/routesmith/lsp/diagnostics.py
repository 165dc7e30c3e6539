"""Diagnostics (pushed, with the document version): a pinned `model:` the host does not offer, a host that
cannot switch while the file pins models, tasks excluded by negation, broken frontmatter, the checks of
the file kind's frontmatter (lsp/frontmatter_checks.py), and config errors on the config file at their line.

Document sync notifications live here too: opening publishes at once, edits publish after the debounce
(one `loop.call_later` per document, cancelled on close and at shutdown).
"""

from __future__ import annotations

import asyncio
import logging
import re

from lsprotocol import types

from routesmith.limits import limit_note
from routesmith.lsp import frontmatter_checks
from routesmith.lsp.documents import Analysis, model_entries, reads_frontmatter, suggested_model
from routesmith.lsp.server import RouteSmithServer, guarded
from routesmith.routing import find_model

logger = logging.getLogger("routesmith.lsp")

SOURCE = "routesmith"
UNKNOWN_MODEL = "unknown-model"  # the code a quick fix looks for


def _diagnostic(
    analysis: Analysis,
    span: tuple[int, int],
    message: str,
    severity: types.DiagnosticSeverity,
    code: str,
    data: object = None,
) -> types.Diagnostic:
    return types.Diagnostic(
        range=analysis.range(span),
        message=message,
        severity=severity,
        source=SOURCE,
        code=code,
        data=data,
    )


def diagnose(analysis: Analysis) -> list[types.Diagnostic]:
    found: list[types.Diagnostic] = []
    frontmatter = analysis.frontmatter
    if frontmatter is not None and frontmatter.error:
        # The error says "line N: problem" (1-based); underline that line.
        match = re.match(r"line (\d+): ", frontmatter.error)
        line = min(int(match.group(1)) - 1, len(analysis.starts) - 1) if match else 0
        line_start = analysis.starts[line]
        line_end = analysis.text.find("\n", line_start)
        span = (line_start, line_end if line_end >= 0 else len(analysis.text))
        found.append(
            _diagnostic(
                analysis,
                span,
                f"{frontmatter_checks.syntax_name(analysis)}: {frontmatter.error}",
                types.DiagnosticSeverity.Warning,
                "frontmatter",
            )
        )
    profile = analysis.folder.ctx.profile
    for entry in model_entries(analysis):
        if not profile.can_switch:
            message = (
                f"{profile.display} cannot switch models: it ignores this `model:`, so the routes show "
                "prompt strategies instead"
            )
            found.append(
                _diagnostic(
                    analysis, entry.value_span, message, types.DiagnosticSeverity.Information, "no-switch"
                )
            )
        elif (
            reads_frontmatter(analysis)
            and entry.value
            and find_model(profile, entry.value) is None
            and not frontmatter_checks.documented_model(analysis, entry.value)
        ):
            offered = ", ".join(model.id for model in profile.models)
            message = f"{profile.display} does not offer model {entry.value!r} (it offers: {offered})"
            suggested = suggested_model(analysis)
            found.append(
                _diagnostic(
                    analysis,
                    entry.value_span,
                    message,
                    types.DiagnosticSeverity.Warning,
                    UNKNOWN_MODEL,
                    {"model": suggested} if suggested else None,
                )
            )
    found += frontmatter_checks.diagnostics(analysis)
    if analysis.routed < len(analysis.text):
        found.append(
            _diagnostic(
                analysis,
                (analysis.routed, analysis.routed),
                limit_note(analysis.text, analysis.routed) + ": nothing from here on gets hints",
                types.DiagnosticSeverity.Information,
                "too-long",
            )
        )
    for exclusion in analysis.excluded():
        found.append(
            _diagnostic(
                analysis,
                exclusion.span,
                f"excluded by negation: {exclusion.task} (cue {exclusion.cue!r}); no step is routed for it",
                types.DiagnosticSeverity.Hint,
                "excluded",
            )
        )
    return found


def register(server: RouteSmithServer) -> None:
    timers: dict[str, asyncio.TimerHandle] = {}
    # URIs showing diagnostics, kept apart so an open config file's own (empty) result never clears the
    # config errors published on it.
    documents: set[str] = set()
    config_files: set[str] = set()

    def send(
        uri: str, diagnostics: list[types.Diagnostic], published: set[str], version: int | None = None
    ) -> None:
        if not diagnostics and uri not in published:
            return
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )
        if diagnostics:
            published.add(uri)
        else:
            published.discard(uri)

    @guarded(lambda: None)
    def publish(uri: str) -> None:
        timers.pop(uri, None)
        document = server.open_document(uri)
        if document is None:
            return
        analysis = server.analyses.get(document)
        send(document.uri, diagnose(analysis) if analysis else [], documents, document.version)

    def publish_config() -> None:
        for root in server.folders.roots():
            server.folders.get(root)
        config: dict[str, list[types.Diagnostic]] = {}
        for folder in server.folders.built():
            for uri, diagnostics in folder.config_diagnostics.items():
                config.setdefault(uri, []).extend(d for d in diagnostics if d not in config.get(uri, []))
        for uri in config_files - set(config):
            send(uri, [], config_files)
        for uri, diagnostics in config.items():
            send(uri, diagnostics, config_files)

    def publish_all() -> None:
        publish_config()
        for document in list(server.workspace.text_documents.values()):
            publish(document.uri)

    def cancel(uri: str) -> None:
        if (timer := timers.pop(uri, None)) is not None:
            timer.cancel()

    def cancel_all() -> None:
        for uri in list(timers):
            cancel(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded(lambda: None)
    def did_open(ls: RouteSmithServer, params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded(lambda: None)
    def did_change(ls: RouteSmithServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        cancel(uri)
        delay = ls.folders.global_settings().debounce_ms / 1000
        timers[uri] = asyncio.get_running_loop().call_later(delay, publish, uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded(lambda: None)
    def did_close(ls: RouteSmithServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        cancel(uri)
        ls.analyses.forget(uri)
        send(uri, [], documents)

    server.rerouted.append(publish_all)
    server.on_shutdown.append(cancel_all)
