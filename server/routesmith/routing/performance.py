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

from routesmith.model import Capability, ModelEvidence, PerformanceSummary
from routesmith.telemetry.beta import credible_interval

PRIOR_MEAN = 0.5
PRIOR_WEIGHT = 4.0  # pseudo-observations: 3 failures of 4 cannot outweigh it alone
MIN_EVIDENCE = 8.0  # decayed observations each side needs before a comparison counts
CREDIBLE_MASS = 0.8  # central interval: compare the 10% bound of one with the 90% bound of the other


class _Posterior:
    """Credible bounds for one candidate, computed once per `rank` call."""

    __slots__ = ("evidence", "high", "low", "mean")

    def __init__(self, evidence: ModelEvidence) -> None:
        self.evidence = evidence
        a = PRIOR_MEAN * PRIOR_WEIGHT + evidence.successes
        b = (1.0 - PRIOR_MEAN) * PRIOR_WEIGHT + evidence.failures
        self.mean = a / (a + b)
        self.low, self.high = credible_interval(a, b, CREDIBLE_MASS)

    @property
    def weight(self) -> float:
        return self.evidence.successes + self.evidence.failures

    def tally(self) -> str:
        return f"{self.evidence.successes:.0f}/{self.weight:.0f}"


def rank(
    profile_name: str, capability: Capability, candidates: list[str], performance: PerformanceSummary
) -> tuple[list[str], list[str]]:
    """Reorder `candidates` (best fit first) so models that clearly do worse than another candidate
    on this host come last; returns the new order and one reason per demotion."""
    posteriors = {
        e.model: _Posterior(e)
        for e in performance.evidence
        if e.host == profile_name
        and e.capability == capability
        and e.model in candidates
        and e.successes + e.failures >= MIN_EVIDENCE
    }
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
        f"for {better.evidence.model}"
        for model, mine, better in demoted
    ]
    return kept + [model for model, _, _ in demoted], reasons
