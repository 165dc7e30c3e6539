"""Resolve decomposed steps against one host: a model where the host can switch, a strategy where not.

`route` is a pure function of (decomposition, host profile, config, performance summary): no I/O, so the
language server can call it on every keystroke. Every decision carries its reasons, in the order a
human would ask "why?": capability rule, then how the model was chosen.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import msgspec

from routesmith import compiled
from routesmith.model import (
    DEFAULT_CAPABILITY,
    Capability,
    Config,
    Decomposition,
    HostProfile,
    ModelInfo,
    PerformanceSummary,
    Preference,
    Route,
    Step,
    SwitchMode,
    TaskType,
)
from routesmith.routing.performance import rank


class _Strategies(msgspec.Struct, frozen=True):
    strategy: dict[TaskType, str]
    short: dict[TaskType, str]
    session: dict[str, str]


_STRATEGIES = compiled.load_toml(
    "strategies", Path(__file__).with_name("strategies.toml"), __file__, _Strategies
)


def strategy_for(task: TaskType) -> str:
    return _STRATEGIES.strategy[task]


def short_strategy(task: TaskType) -> str:
    """A few words of the strategy, for labels that must stay short."""
    return _STRATEGIES.short[task]


DEPENDS_SHOWN = 3  # a table column of dependencies names this many and counts the rest


def short_dependencies(ids: list[int], separator: str = ",") -> str:
    """A step's direct dependencies for a table cell: "-", "2,3", or "4,7,9 +12" past DEPENDS_SHOWN."""
    if not ids:
        return "-"
    shown = separator.join(map(str, ids[:DEPENDS_SHOWN]))
    return shown if len(ids) <= DEPENDS_SHOWN else f"{shown} +{len(ids) - DEPENDS_SHOWN}"


def find_model(profile: HostProfile, name: str) -> ModelInfo | None:
    """The host model whose id or alias is `name`."""
    for model in profile.models:
        if name == model.id or name in model.aliases:
            return model
    return None


def _pick(candidates: list[str], profile: HostProfile, preference: Preference) -> tuple[str, str]:
    """Choose among (already performance-ordered) candidates; returns the model and why it won."""
    if preference is Preference.BALANCED or len(candidates) == 1:
        return candidates[0], "best fit for the capability on this host"
    info = {name: find_model(profile, name) for name in candidates}
    if preference is Preference.COST:
        best = min(candidates, key=lambda name: info[name].cost if info[name] else 3)
        return best, "preference cost: the cheapest fitting model"
    best = max(candidates, key=lambda name: info[name].quality if info[name] else 3)
    return best, "preference quality: the strongest fitting model"


def _evidence_reason(
    profile: HostProfile, capability: Capability, model: str, perf: PerformanceSummary
) -> str:
    for e in perf.evidence:
        if e.host == profile.name and e.capability == capability and e.model == model:
            total = e.successes + e.failures
            tally = f"{e.successes:.0f}/{total:.0f}"
            return f"telemetry: {tally} recent successes for {model} on {capability} ({e.n} runs)"
    return ""


def _choose_model(
    capability: Capability,
    profile: HostProfile,
    config: Config,
    performance: PerformanceSummary,
    preference: Preference,
) -> tuple[str | None, list[str]]:
    pin = config.policy.pin
    if pin and find_model(profile, pin):
        return pin, [f"model {pin}: pinned by policy.pin"]
    override = config.policy.capability_model.get(profile.name, {}).get(capability)
    if override:
        return override, [f"model {override}: policy.capability_model.{profile.name}.{capability}"]
    candidates = profile.capabilities.get(capability, [])
    if not candidates:
        return None, [f"{profile.display} lists no model for {capability}: the host's default model is used"]
    ordered, demotions = rank(profile.name, capability, candidates, performance)
    # Demoted models sit at the end of `ordered`; preference only chooses among the rest.
    eligible = ordered[: len(ordered) - len(demotions)] or ordered
    model, why = _pick(eligible, profile, preference)
    reasons = [f"model {model}: {why}", *demotions]
    if evidence := _evidence_reason(profile, capability, model, performance):
        reasons.append(evidence)
    return model, reasons


def _switch_note(profile: HostProfile) -> str:
    if SwitchMode.INVOCATION in profile.switch_modes:
        return f"{profile.display} switches models per invocation (routesmith run passes the model per step)"
    if SwitchMode.FRONTMATTER in profile.switch_modes:
        return f"{profile.display} switches models through `model:` frontmatter of prompt/agent files"
    if SwitchMode.SESSION in profile.switch_modes:
        return (
            f"{profile.display} cannot switch models per step: one model runs the whole prompt "
            "(the model picker is manual); each step gets a prompt strategy instead"
        )
    return f"{profile.display} cannot switch models: each step gets a prompt strategy instead"


class _Routed(NamedTuple):
    """What routing adds to one decomposed step."""

    capability: Capability
    model: str | None
    strategy: str | None
    reasons: tuple[str, ...]


# What a step's route depends on besides the context: a step equal in these (wherever it sits, whatever its
# id and dependencies) routes the same.
_Key = tuple[TaskType, tuple[str, ...], bool, str | None, bool]
RouteMemo = dict[_Key, _Routed]
MEMO_LIMIT = 50_000  # distinct steps remembered per context; then it starts afresh
# Steps routed, not taken from a memo, since the start: the language server logs how many an edit routed.
counters = {"routed": 0}


def route(
    decomposition: Decomposition,
    profile: HostProfile,
    config: Config,
    performance: PerformanceSummary,
    preference: Preference | None = None,
    memo: RouteMemo | None = None,
) -> Route:
    """`memo`: routes of earlier steps under this same context (the language server keeps one per context,
    so an edit routes only the steps it changed)."""
    preference = preference or config.preference
    notes = [_switch_note(profile), *profile.notes]
    pin = config.policy.pin
    if pin and profile.can_switch and not find_model(profile, pin):
        notes.append(f"policy.pin {pin!r} is not a {profile.display} model: ignored")
    memo = {} if memo is None else memo
    steps = [route_step(step, profile, config, performance, preference, memo) for step in decomposition.steps]
    return Route(
        host=profile.name,
        can_switch=profile.can_switch,
        switch_modes=list(profile.switch_modes),
        preference=preference,
        steps=steps,
        excluded=list(decomposition.excluded),
        notes=notes,
    )


def route_step(
    step: Step,
    profile: HostProfile,
    config: Config,
    performance: PerformanceSummary,
    preference: Preference,
    memo: RouteMemo,
) -> Step:
    """One decomposed step routed (what `route` does to each; the language server routes the steps of the
    range a request asks for)."""
    key = (step.task, tuple(step.reasons), step.optional, step.condition, step.approval_gate)
    routed = memo.get(key)
    if routed is None:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        routed = memo[key] = _route_step(step, profile, config, performance, preference)
        counters["routed"] += 1
    return msgspec.structs.replace(
        step,
        capability=routed.capability,
        model=routed.model,
        strategy=routed.strategy,
        reasons=list(routed.reasons),
    )


def _route_step(
    step: Step, profile: HostProfile, config: Config, performance: PerformanceSummary, preference: Preference
) -> _Routed:
    overrides = config.policy.task_capability
    capability = overrides.get(step.task, DEFAULT_CAPABILITY[step.task])
    source = "policy.task_capability" if step.task in overrides else "default rule"
    reasons = [*step.reasons, f"{step.task} -> {capability} ({source})"]
    model = strategy = None
    if profile.can_switch:
        model, why = _choose_model(capability, profile, config, performance, preference)
        reasons += why
    else:
        strategy = strategy_for(step.task)
        reasons.append(f"no switch on {profile.display}: prompt strategy for {step.task}")
        if SwitchMode.SESSION in profile.switch_modes:
            reasons.append(_STRATEGIES.session["hint"].format(capability=capability))
    if step.optional:
        reasons.append(f"optional: only if {step.condition}" if step.condition else "optional step")
    if step.approval_gate:
        reasons.append("approval gate: stop for the user's OK after this step")
    return _Routed(capability, model, strategy, tuple(reasons))
