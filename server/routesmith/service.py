"""The one place that gathers what routing needs (config, host, telemetry summary) and routes a prompt.

`build_context` does all the I/O; `route_text` is pure, so the CLI, the MCP server and the language server
share one code path and the language server can re-route on every keystroke from a cached Context.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import msgspec

from routesmith.config import load_config
from routesmith.cost import RouteCost
from routesmith.decompose import decompose, plan_span, reads_as_instructions, sections
from routesmith.decompose.planned import StepPlan
from routesmith.files import DocumentKind
from routesmith.hosts import detect, load_profiles
from routesmith.model import (
    Config,
    Decomposition,
    Detection,
    ExplainCost,
    ExplainOutput,
    ExplainStep,
    HostProfile,
    PerformanceSummary,
    Preference,
    Route,
    Step,
)
from routesmith.plugins import Policy, apply_policies, load_policies
from routesmith.routing import RouteMemo, route, route_step
from routesmith.telemetry import load_summary
from routesmith.telemetry.log import Warn, warn_to_stderr


class Context(msgspec.Struct, kw_only=True, frozen=True):
    config: Config
    origins: dict[str, str]
    warnings: list[str]
    detection: Detection
    profile: HostProfile
    performance: PerformanceSummary
    preference: Preference
    policies: tuple[Policy, ...] = ()


def build_context(
    cwd: Path,
    env: Mapping[str, str],
    *,
    host: str | None = None,
    preference: Preference | None = None,
    config: Config | None = None,
    warn: Warn = warn_to_stderr,
) -> Context:
    """Everything routing needs for a workspace. `config` skips loading (callers that already hold one)."""
    if config is None:
        loaded = load_config(cwd, env, host_flag=host)
        config, origins, warnings = loaded.config, loaded.origins, loaded.warnings
    else:
        origins, warnings = {}, []
    detection = detect(env, workspace=cwd, config=config, flag=host)
    profile = load_profiles(config)[detection.host]
    return Context(
        config=config,
        origins=origins,
        warnings=warnings,
        detection=detection,
        profile=profile,
        performance=_with_team(load_summary(config.telemetry, warn=warn), config, warn),
        preference=preference or config.preference,
        policies=load_policies(config.policy.plugins),
    )


def _with_team(performance: PerformanceSummary, config: Config, warn: Warn) -> PerformanceSummary:
    if not config.telemetry.merge:
        return performance
    from routesmith.telemetry.team import load_team

    return msgspec.structs.replace(performance, team=load_team(config.telemetry.merge, warn))


def route_decomposition(decomposition: Decomposition, ctx: Context, memo: RouteMemo | None = None) -> Route:
    routed = route(decomposition, ctx.profile, ctx.config, ctx.performance, ctx.preference, memo)
    return apply_policies(ctx.policies, routed, ctx.profile, ctx.config) if ctx.policies else routed


def route_text(text: str, ctx: Context, memo: RouteMemo | None = None) -> Route:
    return route_decomposition(decompose(text), ctx, memo)


class Part(msgspec.Struct, frozen=True):
    """One routed prompt of a document: the whole prompt file, or one section of an instruction file."""

    title: str | None
    span: tuple[int, int]
    route: Route


class PlannedPart:
    """One part of a document (see `Part`) whose steps are routed when asked for: after an edit the language
    server routes one screen's. `route` routes them all; `part()` is the `Part`. Once every step is routed
    the plan (the builder's units and text behind it) is let go."""

    __slots__ = ("_left", "_route", "_steps", "ctx", "excluded", "first_id", "memo", "plan", "span", "title")

    def __init__(
        self, title: str | None, span: tuple[int, int], plan: StepPlan, ctx: Context, memo: RouteMemo | None
    ) -> None:
        self.title, self.span, self.ctx = title, span, ctx
        self.plan: StepPlan | None = plan
        self.first_id, self.excluded = plan.first_id, plan.excluded
        self.memo: RouteMemo = {} if memo is None else memo
        self._steps: list[Step | None] = [None] * len(plan)  # by rank, routed when first asked for
        self._left = len(plan)  # steps not routed yet
        self._route: Route | None = None

    def __len__(self) -> int:
        return len(self._steps)

    def built(self) -> int:
        """How many of its steps were routed so far."""
        return len(self._steps) - self._left

    def step(self, rank: int) -> Step:
        """The routed step of id `first_id + rank`."""
        step = self._steps[rank]
        if step is None and self.ctx.policies:  # a policy reads the whole route
            return self.route.steps[rank]
        if step is None:
            assert self.plan is not None  # kept while a step is left
            ctx = self.ctx
            step = self._steps[rank] = route_step(
                self.plan.step(rank), ctx.profile, ctx.config, ctx.performance, ctx.preference, self.memo
            )
            self._left -= 1
            if not self._left:
                self.plan = None
        return step

    def ranks_by_end(self) -> tuple[list[int], list[int]]:
        """See StepPlan.ranks_by_end."""
        if self.plan is not None:
            return self.plan.ranks_by_end()
        ranks = sorted(range(len(self)), key=lambda rank: (self.step(rank).span[1], rank))
        return ranks, [self.step(rank).span[1] for rank in ranks]

    @property
    def route(self) -> Route:
        if self._route is None:
            if self.ctx.policies:
                assert self.plan is not None  # no step is routed alone
                self._route = route_decomposition(self.plan.decomposition(), self.ctx, self.memo)
                self._steps, self._left, self.plan = list(self._route.steps), 0, None
            else:
                frame = route_decomposition(Decomposition(steps=[], excluded=self.excluded), self.ctx)
                self._route = msgspec.structs.replace(frame, steps=list(map(self.step, range(len(self)))))
        return self._route

    def part(self) -> Part:
        return Part(title=self.title, span=self.span, route=self.route)


def plan_document(
    text: str, kind: DocumentKind | None, ctx: Context, memo: RouteMemo | None = None
) -> list[PlannedPart]:
    """A prompt file as one part; an instruction file as one part per section that asks for work (its
    standing rules, "always add tests", are no steps), with step ids unique across the file; `kind` None:
    a text with no path, read as whichever it reads like. `memo`: see routing.route."""
    if kind is None:
        kind = DocumentKind.INSTRUCTION if reads_as_instructions(text) else DocumentKind.PROMPT
    if kind is DocumentKind.PROMPT:
        return [PlannedPart(None, (0, len(text)), plan_span(text, (0, len(text))), ctx, memo)]
    parts: list[PlannedPart] = []
    next_id = 1
    for section in sections(text):
        planned = plan_span(text, section.span, first_id=next_id, instructions=True)
        if not len(planned) and not planned.excluded:
            continue
        parts.append(PlannedPart(section.title, section.span, planned, ctx, memo))
        next_id += len(planned)  # ids run on from one part to the next
    return parts


def route_document(
    text: str, kind: DocumentKind | None, ctx: Context, memo: RouteMemo | None = None
) -> list[Part]:
    """`plan_document`'s parts, routed."""
    return [part.part() for part in plan_document(text, kind, ctx, memo)]


def merged(parts: list[Part], ctx: Context) -> Route:
    """The parts of a document as one route (for `explain`): steps and exclusions in document order."""
    if len(parts) == 1:
        return parts[0].route
    base = parts[0].route if parts else route_decomposition(Decomposition(steps=[]), ctx)
    return msgspec.structs.replace(
        base,
        steps=[step for part in parts for step in part.route.steps],
        excluded=[excluded for part in parts for excluded in part.route.excluded],
    )


def route_cost(routed: Route, ctx: Context) -> RouteCost | None:
    """The route's estimated cost against the strongest model for every step (None: nothing to compare)."""
    from routesmith.cost import route_cost as estimate  # deferred: the price data loads only when asked

    return estimate(routed, ctx.profile, ctx.config, ctx.performance)


def route_json(routed: Route, host_source: str, cost: RouteCost | None = None) -> dict[str, object]:
    """The stable `explain --json` shape (model.ExplainOutput) as plain JSON-ready data."""
    return msgspec.to_builtins(explain_output(routed, host_source, cost))


def explain_output(routed: Route, host_source: str, cost: RouteCost | None = None) -> ExplainOutput:
    """The stable `explain --json` shape, for encoding straight to JSON (no plain-data copy between)."""
    steps = [
        ExplainStep(
            id=s.id,
            task=s.task,
            capability=s.capability,
            model=s.model,
            strategy=s.strategy,
            depends_on=s.depends_on,
            span=s.span,
            text=s.text,
            reasons=s.reasons,
            optional=s.optional,
            condition=s.condition,
            approval_gate=s.approval_gate,
            section=s.section,
            number=s.number,
        )
        for s in routed.steps
    ]
    priced = (
        ExplainCost(
            unit=cost.unit,
            route=_rounded(cost.route),
            baseline=_rounded(cost.baseline),
            saving=_rounded(cost.saving),
        )
        if cost is not None
        else None
    )
    return ExplainOutput(
        host=routed.host,
        steps=steps,
        host_source=host_source,
        can_switch=routed.can_switch,
        excluded=routed.excluded,
        notes=routed.notes,
        cost=priced,
    )


def _rounded(value: float) -> float:
    return float(f"{value:.4g}")  # an estimate: four significant digits say all it knows
