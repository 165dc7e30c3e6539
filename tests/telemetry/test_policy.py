"""The performance-aware policy: flips on evidence, not on noise, and lets a fixed model back in."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from routesmith.model import (
    Capability,
    ModelEvidence,
    OutcomeRecord,
    PerformanceSummary,
    Source,
    TaskType,
    TeamEvidence,
)
from routesmith.routing.performance import rank
from routesmith.telemetry import summarize
from routesmith.telemetry.beta import beta_cdf, beta_ppf, credible_interval
from routesmith.telemetry.summary import HALF_LIFE_DAYS

SIMULATION = Path(__file__).resolve().parents[2] / "bench" / "simulate_routing.py"
HOST, FAST = "claude_code", Capability.FAST
CANDIDATES = ["claude-haiku-4-5", "claude-sonnet-4-6"]
DAY = 86400.0


def evidence(model: str, successes: int, total: int, host: str = HOST) -> ModelEvidence:
    return ModelEvidence(
        host=host, capability=FAST, model=model, successes=successes, failures=total - successes, n=total
    )


def test_beta_quantiles_invert_the_cdf_and_match_closed_forms() -> None:
    assert beta_ppf(0.3, 1, 1) == pytest.approx(0.3, abs=1e-9)  # uniform
    assert beta_ppf(0.2, 3, 1) == pytest.approx(0.2 ** (1 / 3), abs=1e-9)  # CDF x**3
    for a, b, q in [(2, 5, 0.1), (0.5, 0.5, 0.9), (30, 3, 0.05), (400, 60, 0.95)]:
        assert beta_cdf(beta_ppf(q, a, b), a, b) == pytest.approx(q, abs=1e-9)
    low, high = credible_interval(12.5, 28.5, 0.95)  # Jeffreys interval for 12/40
    assert (round(low, 3), round(high, 3)) == (0.176, 0.452)


def test_three_failures_of_four_flip_nothing() -> None:
    summary = PerformanceSummary(evidence=[evidence(CANDIDATES[0], 1, 4), evidence(CANDIDATES[1], 40, 40)])
    assert rank(HOST, FAST, CANDIDATES, summary) == (CANDIDATES, [])


def test_forty_failures_of_fifty_flip_with_the_evidence_in_the_reason() -> None:
    summary = PerformanceSummary(evidence=[evidence(CANDIDATES[0], 10, 50), evidence(CANDIDATES[1], 37, 40)])
    order, reasons = rank(HOST, FAST, CANDIDATES, summary)
    assert order == CANDIDATES[::-1]
    assert reasons == [
        "claude-haiku-4-5 de-prioritised for fast: 10/50 successes vs 37/40 for claude-sonnet-4-6"
    ]


def test_a_close_race_flips_nothing() -> None:
    summary = PerformanceSummary(evidence=[evidence(CANDIDATES[0], 34, 40), evidence(CANDIDATES[1], 37, 40)])
    assert rank(HOST, FAST, CANDIDATES, summary)[0] == CANDIDATES


def test_only_models_the_host_offers_count() -> None:
    elsewhere = [
        evidence(CANDIDATES[0], 10, 50),
        evidence("gpt-5.4", 50, 50),  # better, but not a candidate on this host
        evidence(CANDIDATES[1], 50, 50, host="cursor"),  # same model, another host
    ]
    assert rank(HOST, FAST, CANDIDATES, PerformanceSummary(evidence=elsewhere)) == (CANDIDATES, [])


def outcomes(model: str, end: float, count: int, every: int) -> list[OutcomeRecord]:
    """`count` hourly outcomes up to `end`; every `every`-th one a failure (every=0: all succeed)."""
    return [
        OutcomeRecord(
            time=end - i * 3600,
            host=HOST,
            model=model,
            task=TaskType.FORMATTING,
            capability=FAST,
            success=not every or i % every != 0,
            source=Source.RUN,
        )
        for i in range(count)
    ]


def test_a_fixed_model_wins_its_place_back_as_old_failures_decay() -> None:
    then = 1_790_000_000.0
    bad_week = outcomes(CANDIDATES[0], then, 50, every=1) + outcomes(CANDIDATES[0], then, 12, every=0)
    steady = outcomes(CANDIDATES[1], then, 50, every=10)
    assert rank(HOST, FAST, CANDIDATES, summarize(bad_week + steady, now=then))[0] == CANDIDATES[::-1]

    # Four half-lives on: haiku was fixed and got a few tries; sonnet kept working as before.
    later = then + 4 * HALF_LIFE_DAYS * DAY
    recent = outcomes(CANDIDATES[0], later, 15, every=0) + outcomes(CANDIDATES[1], later, 50, every=10)
    history = bad_week + steady + recent
    assert rank(HOST, FAST, CANDIDATES, summarize(history, now=later)) == (CANDIDATES, [])
    # Without the decay the old failures would still outweigh the fix.
    assert rank(HOST, FAST, CANDIDATES, summarize(history, now=then + 1))[0] == CANDIDATES[::-1]


def test_simulation_regret_ranks_routesmith_first() -> None:
    result = subprocess.run(
        [sys.executable, str(SIMULATION), "--days", "60", "--seeds", "1", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    regret = {row["policy"]: row["regret"] for row in json.loads(result.stdout)}
    assert regret["routesmith"] < regret["static"]
    assert regret["routesmith"] < regret["threshold"]


def team(model: str, successes: int, decided: int) -> TeamEvidence:
    return TeamEvidence(host=HOST, capability=FAST, model=model, successes=successes, decided=decided)


def test_team_evidence_is_a_prior_that_local_evidence_outweighs() -> None:
    haiku, sonnet = CANDIDATES
    # The team saw haiku fail on fast work and sonnet succeed; this machine has seen nothing yet.
    by_team = PerformanceSummary(team=[team(haiku, 90, 450), team(sonnet, 412, 450)])
    order, [reason] = rank(HOST, FAST, CANDIDATES, by_team)
    assert order == [sonnet, haiku]
    assert reason == f"{haiku} de-prioritised for fast: team: 90/450 successes vs team: 412/450 for {sonnet}"
    # Few team outcomes are not enough to move anything on their own (10 outcomes weigh 1).
    assert (
        rank(HOST, FAST, CANDIDATES, PerformanceSummary(team=[team(haiku, 1, 10), team(sonnet, 10, 10)]))[0]
        == CANDIDATES
    )
    # Here haiku does well: 100 local successes of 100 outweigh the team's 450 (worth 20 at most).
    local = PerformanceSummary(
        evidence=[evidence(haiku, 100, 100)], team=[team(haiku, 90, 450), team(sonnet, 412, 450)]
    )
    assert rank(HOST, FAST, CANDIDATES, local) == (CANDIDATES, [])
