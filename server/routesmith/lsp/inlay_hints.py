"""An inlay hint at the end of each step: `task · capability · model` (or `no switch: <strategy>`).

Hints are computed from the cached analysis of the requested version, only for steps ending inside the
requested range. When routes change for another reason than an edit (settings, config, telemetry, host),
the client is asked to re-request them (`workspace/inlayHint/refresh`) where it supports that.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from lsprotocol import types

from routesmith import routing
from routesmith.lsp.documents import HINT_PARTS, Analysis
from routesmith.lsp.server import Prebuilt, RouteSmithServer, guarded
from routesmith.lsp.settings import HintSettings
from routesmith.model import Step
from routesmith.routing import short_strategy

SEPARATOR = " · "
logger = logging.getLogger("routesmith.lsp")


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


_ENCODE = json.JSONEncoder(separators=(",", ":")).encode
# Hints remembered per document across versions, as a multiple of its steps: an edit that renumbers the steps
# after it leaves the old ones behind, so past this the memory starts afresh (~300 bytes a hint).
HINT_PARTS_PER_STEP = 2


def hint_json(place: tuple[int, int], text: str, *, tooltip: str | None, data: dict[str, Any] | None) -> str:
    """An InlayHint at `place` (line, character) as JSON, written straight from a dict: a long document's
    hints after an edit cost a third of what building and converting lsprotocol objects does (tests compare
    it with the converter's)."""
    hint: dict[str, Any] = {
        "position": {"line": place[0], "character": place[1]},
        "label": text,
        "paddingLeft": True,
    }
    if tooltip is not None:
        hint["tooltip"] = {"kind": "markdown", "value": tooltip}
    if data is not None:
        hint["data"] = data
    return _ENCODE(hint)


def lazy_hint_json(analysis: Analysis, place: tuple[int, int], text: str, step_id: int, end: str) -> str:
    """A hint whose tooltip is resolved later, as JSON. An edit moves few steps' hints (the lines after it
    keep their positions, labels and often their ids): what earlier versions of the document wrote for the
    same place, label and step is reused, with this version spliced in (`data` ends with it: `end`, see
    `version_end`)."""
    written = analysis.memo.setdefault(HINT_PARTS, {})
    key = (*place, text, step_id)
    head = written.get(key)
    if head is None:
        if len(written) >= HINT_PARTS_PER_STEP * len(analysis.by_end()):
            written.clear()
        whole = hint_json(place, text, tooltip=None, data={"uri": analysis.uri, "step": step_id})
        head = written[key] = whole[: -len("}}")]
    return head + end


def version_end(analysis: Analysis) -> str:
    """How a lazy hint of this version ends: its `data`'s version, written once per request."""
    return f',"version":{_ENCODE(analysis.version)}}}}}'


def register(server: RouteSmithServer) -> None:
    def lazy_tooltips() -> bool:
        """Tooltips are most of a hint's bytes: send them on inlayHint/resolve where the client asks."""
        resolve = server.client_capabilities.text_document
        support = resolve.inlay_hint.resolve_support if resolve and resolve.inlay_hint else None
        return support is not None and "tooltip" in support.properties

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
    @guarded(list)
    def inlay_hints(ls: RouteSmithServer, params: types.InlayHintParams) -> list[types.InlayHint] | Prebuilt:
        analysis = ls.analysis(params.text_document.uri)
        if analysis is None:
            return []
        if not analysis.folder.settings.hints.enabled:
            return []
        first, last = analysis.ending_bounds(
            analysis.offset(params.range.start), analysis.offset(params.range.end)
        )
        # Each hint is built and serialized once per analysis, and only when a request's range holds it: an
        # editor asks again for each scroll and each refresh of an unchanged document, and for one screen
        # after an edit.
        built: list[str | None] = analysis.memo.get("hints") or []
        if not built:
            built = analysis.memo["hints"] = [None] * len(analysis.by_end())
        steps = analysis.by_end()
        lazy = analysis.memo.get("lazy_tooltips")
        if lazy is None:
            lazy = analysis.memo["lazy_tooltips"] = lazy_tooltips()
        hints = analysis.folder.settings.hints
        end = version_end(analysis)
        routed = routing.counters["routed"]
        for k in range(first, last):
            if built[k] is None:
                step = steps[k][1]
                place, text = analysis.place(step.span[1]), label(step, hints)
                if lazy:
                    built[k] = lazy_hint_json(analysis, place, text, step.id, end)
                else:
                    built[k] = hint_json(place, text, tooltip=tooltip(step).value, data=None)
        if logger.isEnabledFor(logging.DEBUG):
            # What the request cost, as counts a test can check: one screen after an edit builds and routes
            # that screen's steps, not the document's.
            logger.debug(
                "hints for %s version %s: %d in range, steps built %d of %d (routed now %d)",
                analysis.relative,
                analysis.version,
                last - first,
                analysis.built(),
                len(steps),
                routing.counters["routed"] - routed,
            )
        return Prebuilt("[" + ",".join(built[first:last]) + "]")  # type: ignore[arg-type]

    @server.feature(types.INLAY_HINT_RESOLVE)
    @guarded(lambda: None)
    def resolve(ls: RouteSmithServer, hint: types.InlayHint) -> types.InlayHint:
        data = hint.data if isinstance(hint.data, dict) else {}
        uri, step_id = data.get("uri"), data.get("step")
        analysis = ls.analysis(uri) if isinstance(uri, str) else None
        # A hint of an older version keeps its label and gets no tooltip rather than another step's.
        if analysis is not None and analysis.version == data.get("version") and isinstance(step_id, int):
            found = analysis.step(step_id)
            if found is not None:
                hint.tooltip = tooltip(found[1])
        return hint

    async def refresh() -> None:
        if server.supports("workspace.inlay_hint.refresh_support"):
            await server.workspace_inlay_hint_refresh_async(None)

    server.rerouted.append(refresh)
