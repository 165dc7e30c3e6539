"""An inlay hint at the end of each step: `task · capability · model` (or `no switch: <strategy>`).

Hints are computed from the cached analysis of the requested version, only for steps ending inside the
requested range. When routes change for another reason than an edit (settings, config, telemetry, host),
the client is asked to re-request them (`workspace/inlayHint/refresh`) where it supports that.
"""

from __future__ import annotations

from lsprotocol import types

from routesmith.lsp.server import RouteSmithServer, guarded
from routesmith.lsp.settings import HintSettings
from routesmith.model import Step
from routesmith.routing import short_strategy

SEPARATOR = " · "


def label(step: Step, hints: HintSettings) -> str:
    parts = [str(step.task)]
    if hints.show_capability:
        parts.append(str(step.capability))
    if hints.show_model:
        parts.append(step.model or f"no switch: {short_strategy(step.task)}")
    text = SEPARATOR.join(parts)
    if step.optional:
        text += f"{SEPARATOR}optional"
    if step.approval_gate:
        text += f"{SEPARATOR}wait for OK"
    return text if len(text) <= hints.max_length else text[: hints.max_length - 1] + "…"


def tooltip(step: Step) -> types.MarkupContent:
    lines = [f"**RouteSmith step {step.id}**: {step.task} → {step.capability}", ""]
    lines += [f"- {reason}" for reason in step.reasons]
    if step.strategy:
        lines += ["", f"Strategy: {step.strategy}"]
    return types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n".join(lines))


def register(server: RouteSmithServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
    @guarded(list)
    def inlay_hints(ls: RouteSmithServer, params: types.InlayHintParams) -> list[types.InlayHint]:
        analysis = ls.analysis(params.text_document.uri)
        if analysis is None:
            return []
        hints = analysis.folder.settings.hints
        if not hints.enabled:
            return []
        low, high = analysis.offset(params.range.start), analysis.offset(params.range.end)
        return [
            types.InlayHint(
                position=analysis.position(step.span[1]),
                label=label(step, hints),
                padding_left=True,
                tooltip=tooltip(step),
            )
            for _, step in analysis.steps()
            if low <= step.span[1] <= high
        ]

    async def refresh() -> None:
        if server.supports("workspace.inlay_hint.refresh_support"):
            await server.workspace_inlay_hint_refresh_async(None)

    server.rerouted.append(refresh)
