"""What recorded and imported outcomes cost, and what running the host's strongest model for each of them
would have cost: `routesmith stats --cost`.

A record with token counts (imported turns) is priced from them; one without is priced from the token model
of its task (cost.step_tokens, calibrated like routing's). Success rates sit beside the money, so a saving
bought with failures shows as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import msgspec

from routesmith.contract import HostSpend, SpendGroup
from routesmith.cost import (
    TOKEN_MODEL,
    Tokens,
    charge,
    host_prices,
    model_id,
    plan_of,
    rate_of,
    step_tokens,
    strongest,
)
from routesmith.model import Config, HostProfile, OutcomeRecord, PerformanceSummary, PricePlan


class _Pricing(msgspec.Struct):
    plan: PricePlan
    profile: HostProfile
    strongest: str


def tally(
    batches: Iterable[list[OutcomeRecord]],
    profiles: Mapping[str, HostProfile],
    config: Config | None,
    performance: PerformanceSummary | None,
) -> list[SpendGroup]:
    pricing: dict[str, _Pricing | None] = {}
    estimates: dict[tuple[str, str, str], tuple[float, float] | None] = {}  # records without token counts
    groups: dict[tuple[str, str, str], SpendGroup] = {}
    for batch in batches:
        for r in batch:
            key = (r.host, r.capability, r.model)
            group = groups.get(key)
            if group is None:
                group = groups[key] = SpendGroup(host=r.host, capability=r.capability, model=r.model)
            group.n += 1
            if r.success is not None:
                group.decided += 1
                group.successes += r.success
            if r.host not in pricing:
                pricing[r.host] = _pricing(r.host, profiles, config)
            host = pricing[r.host]
            if host is None:
                continue
            if r.input_tokens and r.output_tokens:
                priced = _price(
                    host, r.model, Tokens(r.input_tokens, r.output_tokens, TOKEN_MODEL[r.task].calls)
                )
            else:
                estimate_key = (r.host, r.model, r.task)
                if estimate_key not in estimates:
                    estimates[estimate_key] = _price(host, r.model, step_tokens(r.task, 0, performance))
                priced = estimates[estimate_key]
            if priced is not None:
                group.priced += 1
                group.spent += priced[0]
                group.baseline += priced[1]
    return sorted(groups.values(), key=lambda g: (g.host, g.capability, g.model))


def _pricing(host: str, profiles: Mapping[str, HostProfile], config: Config | None) -> _Pricing | None:
    prices, profile = host_prices(host, config), profiles.get(host)
    if prices is None or profile is None:
        return None
    plan = plan_of(prices)
    top = strongest(profile, plan)
    return None if top is None else _Pricing(plan, profile, top)


def _price(host: _Pricing, model: str, tokens: Tokens) -> tuple[float, float] | None:
    rate = rate_of(host.plan, host.profile, model)
    if rate is None:
        return None
    return charge(host.plan, rate, tokens), charge(host.plan, host.plan.models[host.strongest], tokens)


def by_host(
    groups: list[SpendGroup], profiles: Mapping[str, HostProfile], config: Config | None
) -> list[HostSpend]:
    totals = []
    for host in sorted({g.host for g in groups}):
        pricing = _pricing(host, profiles, config)
        if pricing is None:
            continue
        mine = [g for g in groups if g.host == host]
        decided = sum(g.decided for g in mine)
        top = [g for g in mine if model_id(pricing.profile, g.model) == pricing.strongest]
        top_decided = sum(g.decided for g in top)
        spent, baseline = sum(g.spent for g in mine), sum(g.baseline for g in mine)
        totals.append(
            HostSpend(
                host=host,
                unit=pricing.plan.unit,
                plan=host_prices(host, config).plan,  # type: ignore[union-attr]
                strongest=pricing.strongest,
                n=sum(g.n for g in mine),
                priced=sum(g.priced for g in mine),
                spent=spent,
                baseline=baseline,
                saving=baseline - spent,
                success_rate=sum(g.successes for g in mine) / decided if decided else None,
                strongest_success_rate=sum(g.successes for g in top) / top_decided if top_decided else None,
                strongest_decided=top_decided,
            )
        )
    return totals
