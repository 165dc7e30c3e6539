"""Performance-aware reordering of a host's candidate models, from recorded outcomes.

Each (host, capability, model) gets a Beta posterior on its success rate: a weak prior (worth
`PRIOR_WEIGHT` observations) plus the time-decayed successes and failures in the summary. A model is
moved down only when another candidate the host offers is better beyond doubt: that candidate's lower
credible bound is above this model's upper bound, and both have at least `MIN_EVIDENCE` (decayed)
observations. So a few unlucky failures flip nothing, a sustained failure rate does, and because the
evidence decays (see `routesmith.telemetry.summary.HALF_LIFE_DAYS`) a demoted model is retried
once its bad record has faded, and wins its place back if it was fixed.
"""

from __future__ import annotations

from routesmith.model import Capability, ModelEvidence, PerformanceSummary, TeamEvidence
from routesmith.telemetry.beta import credible_interval

PRIOR_MEAN = 0.5
PRIOR_WEIGHT = 4.0  # pseudo-observations: 3 failures of 4 cannot outweigh it alone
MIN_EVIDENCE = 8.0  # decayed observations each side needs before a comparison counts
CREDIBLE_MASS = 0.8  # central interval: compare the 10% bound of one with the 90% bound of the other
TEAM_DISCOUNT = 0.1  # a teammate's outcome weighs a tenth of one of this machine's
TEAM_WEIGHT_CAP = 20.0  # and all of a model's team outcomes together at most twenty


class _Posterior:
    """Credible bounds for one candidate, computed once per `rank` call. Team outcomes (telemetry.merge)
    replace the weak prior: their rate, worth TEAM_DISCOUNT of a local observation each, at most
    TEAM_WEIGHT_CAP in all, so this machine's own evidence always has the last word."""

    __slots__ = ("high", "local", "low", "mean", "model", "successes", "team", "weight")

    def __init__(self, model: str, evidence: ModelEvidence | None, team: TeamEvidence | None) -> None:
        self.model, self.team = model, team
        successes = evidence.successes if evidence else 0.0
        failures = evidence.failures if evidence else 0.0
        self.successes, self.local = successes, successes + failures
        prior_mean, prior_weight, team_weight = PRIOR_MEAN, PRIOR_WEIGHT, 0.0
        if team is not None and team.decided:
            prior_mean = (team.successes + 0.5) / (team.decided + 1.0)
            prior_weight = team_weight = min(team.decided * TEAM_DISCOUNT, TEAM_WEIGHT_CAP)
        a = prior_mean * prior_weight + successes
        b = (1.0 - prior_mean) * prior_weight + failures
        self.mean = a / (a + b)
        self.low, self.high = credible_interval(a, b, CREDIBLE_MASS)
        self.weight = self.local + team_weight

    def tally(self) -> str:
        """`12/20`, `team: 412/450`, or both."""
        local = f"{self.successes:.0f}/{self.local:.0f}" if self.local else ""
        team = f"team: {self.team.successes}/{self.team.decided}" if self.team and self.team.decided else ""
        return ", ".join(part for part in (local, team) if part)


def rank(
    profile_name: str, capability: Capability, candidates: list[str], performance: PerformanceSummary
) -> tuple[list[str], list[str]]:
    """Reorder `candidates` (best fit first) so models that clearly do worse than another candidate
    on this host come last; returns the new order and one reason per demotion."""
    local = {
        e.model: e
        for e in performance.evidence
        if e.host == profile_name and e.capability == capability and e.model in candidates
    }
    team = {
        t.model: t
        for t in performance.team
        if t.host == profile_name and t.capability == capability and t.model in candidates
    }
    posteriors = {}
    for model in candidates:
        if model in local or model in team:
            posterior = _Posterior(model, local.get(model), team.get(model))
            if posterior.weight >= MIN_EVIDENCE:
                posteriors[model] = posterior
    if len(posteriors) < 2:
        return list(candidates), []
    kept: list[str] = []
    demoted: list[tuple[str, _Posterior, _Posterior]] = []
    for model in candidates:
        mine = posteriors.get(model)
        better = (
            max(
                (p for other, p in posteriors.items() if other != model and p.low > mine.high),
                key=lambda p: p.low,
                default=None,
            )
            if mine
            else None
        )
        if mine and better:
            demoted.append((model, mine, better))
        else:
            kept.append(model)
    # Demoted models stay available as fallbacks, the least bad first.
    demoted.sort(key=lambda item: -item[1].mean)
    reasons = [
        f"{model} de-prioritised for {capability}: {mine.tally()} successes vs {better.tally()} "
        f"for {better.model}"
        for model, mine, better in demoted
    ]
    return kept + [model for model, _, _ in demoted], reasons
