"""A code lens at the top of a prompt file: `3 steps · plan → code → test · opus, sonnet · ~$0.42 vs $0.61`
(the estimate against the strongest model, where the host has prices), whose command
(routesmith.explainRoute) explains the route. Off with the setting `codeLens.enabled`.

Built from the cached analysis; when routes change for another reason than an edit, clients that support
it are asked to re-request lenses (`workspace/codeLens/refresh`).
"""

from __future__ import annotations

from lsprotocol import types

from routesmith.cost import RouteCost, amount
from routesmith.files import DocumentKind
from routesmith.lsp.commands import EXPLAIN_ROUTE
from routesmith.lsp.documents import Analysis
from routesmith.lsp.server import RouteSmithServer, guarded
from routesmith.model import TASK_SHORT

SEPARATOR = " · "


def title(analysis: Analysis) -> str | None:
    """The lens text of a routed prompt (steps in execution order), or None when it has no steps."""
    steps = [step for _, step in analysis.steps()]
    if not steps:
        return None
    count = f"{len(steps)} step" + ("" if len(steps) == 1 else "s")
    tasks = " → ".join(TASK_SHORT[step.task] for step in steps)
    models = list(dict.fromkeys(step.model for step in steps if step.model))
    target = ", ".join(models) if models else f"no switch on {analysis.folder.ctx.profile.display}"
    cost = analysis.cost()
    return SEPARATOR.join([count, tasks, target] + ([estimate(cost)] if cost is not None else []))


def estimate(cost: RouteCost) -> str:
    """`~$0.42 vs $0.61` (the route against the strongest model for every step), or the route's share of
    the strongest model's usage where the plan's prices are only relative."""
    if cost.relative:
        share = cost.route / cost.baseline if cost.baseline else 1.0
        return f"~{share:.0%} of {cost.strongest}'s {cost.unit}"
    return f"~{amount(cost.route, cost.unit)} vs {amount(cost.baseline, cost.unit)}"


def lenses(analysis: Analysis) -> list[types.CodeLens]:
    if analysis.kind is not DocumentKind.PROMPT or not analysis.folder.settings.code_lens.enabled:
        return []
    text = title(analysis)
    if text is None:
        return []
    top = types.Range(types.Position(0, 0), types.Position(0, 0))
    command = types.Command(title=text, command=EXPLAIN_ROUTE, arguments=[{"uri": analysis.uri}])
    return [types.CodeLens(range=top, command=command)]


def register(server: RouteSmithServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
    @guarded(list)
    def code_lens(ls: RouteSmithServer, params: types.CodeLensParams) -> list[types.CodeLens]:
        analysis = ls.analysis(params.text_document.uri)
        return [] if analysis is None else lenses(analysis)

    async def refresh() -> None:
        if server.supports("workspace.code_lens.refresh_support"):
            await server.workspace_code_lens_refresh_async(None)

    server.rerouted.append(refresh)
