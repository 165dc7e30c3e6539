"""Hover on a step: why it is routed this way (cue, capability rule, host switching, the model and why it won,
telemetry evidence, dependencies). Hover on an excluded task says what excluded it."""

from __future__ import annotations

from lsprotocol import types

from routesmith.cost import step_line
from routesmith.lsp.documents import Analysis, PlannedPart
from routesmith.lsp.server import RouteSmithServer, guarded
from routesmith.model import Step

TEXT_WIDTH = 50
AFTER_SHOWN = 5  # the direct dependencies named with their text; the rest are counted


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1] + '…'}”"


def evidence(analysis: Analysis, step: Step) -> str:
    ctx = analysis.folder.ctx
    if not step.model:
        return "no model is chosen on this host, so outcomes do not change this step's route"
    team = next(
        (
            f"; team: {t.successes}/{t.decided} (a prior, weighed below this machine's outcomes)"
            for t in ctx.performance.team
            if t.host == ctx.profile.name and t.capability == step.capability and t.model == step.model
        ),
        "",
    )
    for e in ctx.performance.evidence:
        if e.host == ctx.profile.name and e.capability == step.capability and e.model == step.model:
            total = e.successes + e.failures
            rate = f"{e.successes / total:.0%}" if total else "n/a"
            timing = f", p50 {e.p50_ms:.0f} ms" if e.p50_ms is not None else ""
            imported = f", from {e.imported} imported turns" if e.imported else ""
            return (
                f"{e.n} recorded outcome(s) for {step.model} on {step.capability}{imported}: success rate "
                f"{rate} (recent outcomes weigh more){timing}{team}"
            )
    return f"no outcomes recorded yet for {step.model} on {step.capability} ({ctx.profile.display}){team}"


def cost_line(analysis: Analysis, step: Step) -> str | None:
    """The step's estimated cost and its share of the document's route."""
    cost = analysis.cost()
    return None if cost is None else step_line(cost, step.id)


def explain_step(analysis: Analysis, part: PlannedPart, step: Step) -> str:
    """The hover text (Markdown) for one step."""
    route = part.route
    target = f"`{step.model}`" if step.model else "no switch: prompt strategy"
    lines = [
        f"**RouteSmith step {step.id}**: {step.task} · {step.capability} · {target}",
        "",
        f"- **task** {step.task}: set by the cue {_quote(step.cue)}",
        f"- **host** {route.notes[0]}" if route.notes else f"- **host** {route.host}",
    ]
    lines += [f"- {reason}" for reason in step.reasons]
    if step.strategy:
        lines.append(f"- **strategy** {step.strategy}")
    lines.append(f"- **evidence** {evidence(analysis, step)}")
    if priced := cost_line(analysis, step):
        lines.append(f"- **cost** {priced}")
    if step.depends_on:
        named = []
        for dep in step.depends_on[:AFTER_SHOWN]:
            found = analysis.step(dep)
            named.append(f"step {dep} {_quote(found[1].text)}" if found else f"step {dep}")
        more = len(step.depends_on) - AFTER_SHOWN
        lines.append(f"- **after** {', '.join(named)}" + (f" and {more} more" if more > 0 else ""))
    else:
        lines.append("- **after** nothing: this step can start first")
    if part.title:
        lines.append(f"- **section** {_quote(part.title)} (routed on its own)")
    return "\n".join(lines)


def _plain(markdown: str) -> str:
    return markdown.replace("**", "").replace("`", "")


def register(server: RouteSmithServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded(lambda: None)
    def hover(ls: RouteSmithServer, params: types.HoverParams) -> types.Hover | None:
        analysis = ls.analysis(params.text_document.uri)
        if analysis is None:
            return None
        offset = analysis.offset(params.position)
        found = analysis.step_at(offset)
        if found is not None:
            part, step = found
            text, span = explain_step(analysis, part, step), step.span
        else:
            exclusion = next((e for e in analysis.excluded() if e.span[0] <= offset <= e.span[1]), None)
            if exclusion is None:
                return None
            text = (
                f"**RouteSmith**: {exclusion.task} is excluded by negation (cue {_quote(exclusion.cue)}); "
                "no step is routed for it"
            )
            span = exclusion.span
        formats = ls.client_capabilities.text_document
        markdown = (
            formats is None
            or formats.hover is None
            or not formats.hover.content_format
            or types.MarkupKind.Markdown in formats.hover.content_format
        )
        content = types.MarkupContent(
            kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText,
            value=text if markdown else _plain(text),
        )
        return types.Hover(contents=content, range=analysis.range(span))
