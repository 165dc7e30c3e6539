"""What a route costs in the unit the host bills, against the host's strongest model for every step.

Prices are data (hosts/prices/<host>.toml: each figure with its source and date; `[prices.<host>]` in config
overrides them). Tokens per step come from a documented model per task type (README, "What a route costs"):
a step makes `calls` model calls, each reading `context` tokens plus the step's text and writing `output`
tokens. Where imported session logs have token counts, the typical turn of that task replaces the model's
defaults (`calibrated` in the summary). The estimate is a list price without prompt caching: an upper bound
in absolute terms; the ratio between route and baseline is what it is for.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import msgspec

from routesmith import compiled
from routesmith.errors import UserError
from routesmith.model import (
    Config,
    HostPrices,
    HostProfile,
    ModelRate,
    PerformanceSummary,
    PriceBasis,
    PricePlan,
    Route,
    TaskType,
)

_DATA = Path(__file__).parent / "hosts" / "prices"
CHARS_PER_TOKEN = 4  # English prose and code average about four characters a token
CALIBRATION_MIN = 5  # imported turns of a task with token counts before they replace the defaults


class TaskTokens(NamedTuple):
    calls: int  # model calls a step of this task makes (agent turns: read, edit, run, ...)
    context: int  # input tokens each call reads besides the step's text (system prompt, tools, files)
    output: int  # output tokens each call writes


# Defaults from published agent traces (shared reference "pricing.md", section 6: a Claude Code session reads
# ~48K tokens of context and writes ~200 tokens per call; one medium task is ~115K tokens): work that edits
# and runs code makes more calls than work that reads and writes prose.
TOKEN_MODEL: dict[TaskType, TaskTokens] = {
    TaskType.ANALYSIS: TaskTokens(calls=6, context=12_000, output=300),
    TaskType.PLANNING: TaskTokens(calls=4, context=12_000, output=600),
    TaskType.CODING: TaskTokens(calls=12, context=16_000, output=500),
    TaskType.TESTING: TaskTokens(calls=10, context=16_000, output=500),
    TaskType.REFACTOR: TaskTokens(calls=12, context=16_000, output=400),
    TaskType.DOCUMENTATION: TaskTokens(calls=4, context=10_000, output=600),
    TaskType.FORMATTING: TaskTokens(calls=2, context=6_000, output=300),
    TaskType.REVIEW: TaskTokens(calls=5, context=14_000, output=300),
}


class Tokens(NamedTuple):
    input: float
    output: float
    calls: int


def step_tokens(task: TaskType, text_chars: int, performance: PerformanceSummary | None = None) -> Tokens:
    """Estimated tokens of one step: the task's model (or its calibration), plus its text in every call."""
    model = TOKEN_MODEL[task]
    text = text_chars / CHARS_PER_TOKEN
    calibrated = _calibration(performance, task)
    if calibrated is not None:
        base_input, base_output = calibrated
    else:
        base_input, base_output = model.calls * model.context, model.calls * model.output
    return Tokens(base_input + model.calls * text, base_output, model.calls)


def _calibration(performance: PerformanceSummary | None, task: TaskType) -> tuple[float, float] | None:
    if performance is None:
        return None
    for tokens in performance.tokens:
        if tokens.task == task and tokens.n >= CALIBRATION_MIN:
            return math.exp(tokens.log_input / tokens.n), math.exp(tokens.log_output / tokens.n)
    return None


# -- price data ----------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def builtin_price_tables() -> dict[str, dict[str, Any]]:
    """The raw TOML table of each host's built-in prices (config.py merges `[prices.<host>]` over these)."""
    return compiled.load_toml_tables("prices", _DATA, "hosts/prices", "host")


@lru_cache(maxsize=1)
def builtin_prices() -> dict[str, HostPrices]:
    prices = {}
    for host, table in builtin_price_tables().items():
        try:
            prices[host] = msgspec.convert(table, HostPrices)
        except msgspec.ValidationError as exc:
            raise UserError(f"hosts/prices/{host}.toml: {exc}") from exc
    return prices


def host_prices(host: str, config: Config | None = None) -> HostPrices | None:
    """The host's price data: config's `[prices.<host>]` (already merged over the built-in data) or the
    built-in file."""
    if config is not None and host in config.prices:
        return config.prices[host]
    return builtin_prices().get(host)


def plan_of(prices: HostPrices) -> PricePlan:
    return prices.plans[prices.plan]  # config.py checked that the plan exists


def model_id(profile: HostProfile, name: str) -> str:
    """The profile's id for a model named by id or alias (routes may name `opus`)."""
    for model in profile.models:
        if name == model.id or name in model.aliases:
            return model.id
    return name


def rate_of(plan: PricePlan, profile: HostProfile, name: str) -> ModelRate | None:
    return plan.models.get(model_id(profile, name))


def charge(plan: PricePlan, rate: ModelRate, tokens: Tokens) -> float:
    """What one step costs on `plan` with `rate`, in the plan's unit."""
    if plan.basis is PriceBasis.TOKENS:
        return (tokens.input * rate.input + tokens.output * rate.output) / 1_000_000
    if plan.basis is PriceBasis.CALLS:
        return tokens.calls * rate.per_request
    return rate.per_request  # PROMPTS: the step is one prompt


def strongest(profile: HostProfile, plan: PricePlan) -> str | None:
    """The baseline model: the host's highest-quality priced model; among equals, the dearest."""
    priced = [m for m in profile.models if m.id in plan.models]
    if not priced:
        return None

    def dearness(model_id: str) -> float:
        rate = plan.models[model_id]
        return rate.input + rate.output + rate.per_request

    return max(priced, key=lambda m: (m.quality, dearness(m.id))).id


# -- a route's cost ------------------------------------------------------------------------------------------


class StepCost(msgspec.Struct, kw_only=True, frozen=True):
    step_id: int
    cost: float | None  # None: the step's model has no price in this plan
    baseline: float


class RouteCost(msgspec.Struct, kw_only=True, frozen=True):
    unit: str
    plan: str
    description: str
    relative: bool
    strongest: str  # the baseline model
    route: float  # priced steps only
    baseline: float  # the same steps on the strongest model
    steps: list[StepCost]
    unpriced: list[str]  # models of the route without a price in the plan

    @property
    def saving(self) -> float:
        return self.baseline - self.route

    def by_step(self) -> Mapping[int, StepCost]:
        return {s.step_id: s for s in self.steps}


def route_cost(
    route: Route, profile: HostProfile, config: Config | None, performance: PerformanceSummary | None
) -> RouteCost | None:
    """The route's estimate and the strongest-model baseline; None where there is nothing to compare (the
    host cannot switch models, has no prices, or the route has no steps)."""
    prices = host_prices(profile.name, config)
    if not route.can_switch or prices is None or not route.steps:
        return None
    plan = plan_of(prices)
    baseline_model = strongest(profile, plan)
    if baseline_model is None:
        return None
    baseline_rate = plan.models[baseline_model]
    steps, unpriced = [], []
    total = base = 0.0
    for step in route.steps:
        tokens = step_tokens(step.task, len(step.text), performance)
        rate = rate_of(plan, profile, step.model) if step.model else baseline_rate
        if rate is None:
            unpriced.append(step.model or "")
            steps.append(StepCost(step_id=step.id, cost=None, baseline=charge(plan, baseline_rate, tokens)))
            continue
        cost, baseline = charge(plan, rate, tokens), charge(plan, baseline_rate, tokens)
        total += cost
        base += baseline
        steps.append(StepCost(step_id=step.id, cost=cost, baseline=baseline))
    return RouteCost(
        unit=plan.unit,
        plan=prices.plan,
        description=plan.description,
        relative=plan.relative,
        strongest=baseline_model,
        route=total,
        baseline=base,
        steps=steps,
        unpriced=sorted(set(unpriced)),
    )


def amount(value: float, unit: str) -> str:
    """`$0.42`, `1.3 premium requests`, `37 credits`."""
    if unit == "USD":
        return f"${value:.2f}" if value >= 0.995 or value == 0 else f"${value:.3f}"
    shown = f"{value:.0f}" if value >= 100 else f"{value:.3g}"
    return f"{shown} {unit}"


def summary_line(cost: RouteCost) -> str:
    """One line for `explain`: the route's estimate, the baseline and the saving."""
    share = cost.route / cost.baseline if cost.baseline else 1.0
    if cost.relative:
        text = (
            f"cost (estimate, {cost.unit}, plan {cost.plan}): the route uses {share:.0%} of what "
            f"{cost.strongest} for every step would"
        )
    else:
        text = (
            f"cost (estimate, plan {cost.plan}): {amount(cost.route, cost.unit)} vs "
            f"{amount(cost.baseline, cost.unit)} with {cost.strongest} for every step"
        )
        if cost.saving > 0:
            text += f": saves {amount(cost.saving, cost.unit)} ({1 - share:.0%})"
    if cost.unpriced:
        text += f"; no price for {', '.join(cost.unpriced)} (left out)"
    return text


def step_line(cost: RouteCost, step_id: int) -> str | None:
    """One step's estimate and its share of the route (hover), or None when the step is not in `cost`."""
    step = cost.by_step().get(step_id)
    if step is None:
        return None
    if step.cost is None:
        return f"no price for this step's model in plan {cost.plan} ({cost.unit})"
    share = step.cost / cost.route if cost.route else 0.0
    on_top = f"{cost.strongest} would take {step.baseline / step.cost:.1f}×" if step.cost else ""
    if cost.relative:
        return f"{share:.0%} of the route's {cost.unit} (plan {cost.plan}); {on_top}".rstrip("; ")
    return (
        f"≈ {amount(step.cost, cost.unit)}, {share:.0%} of the route's {amount(cost.route, cost.unit)} "
        f"(plan {cost.plan}); {cost.strongest} for every step: {amount(cost.baseline, cost.unit)}"
    )
