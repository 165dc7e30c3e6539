"""Regret of routing policies on synthetic models whose true success rates are known.

One host offers three models for one capability, best fit first:
  alpha  the default pick: 90% success, degrades to 45% on days 20-45, then recovers to 92%; 3 s
  beta   a steady 85%, but slow (6 s) — the old rule's latency cut-off throws it away
  gamma  a steady 70%, fast (1 s)
Each day brings `--per-day` requests. A policy picks a model, an outcome is drawn from that model's true
rate, and the policy learns from it. Like real users who pin or pick a model by hand now and then, a
share of requests (`--override`, 10%) runs on another candidate, the same for every policy: that is the
only way any policy hears about models it does not pick. Regret is the expected successes lost against
always picking the model that was truly best at that moment (summed over requests, averaged over seeds).

Policies:
  static      the host profile's fixed order: always alpha
  threshold   the original routesmith rule: after 5 samples, drop a model whose success rate is < 70% or
              whose mean latency is > 5 s; it never comes back
  routesmith  `routesmith.routing.performance.rank` on the decayed summary of the outcomes so far

Run: python bench/simulate_routing.py [--days 90] [--per-day 40] [--seeds 5] [--override 0.1] [--json]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable

import msgspec

from routesmith.model import Capability, OutcomeRecord, Source, TaskType
from routesmith.routing.performance import rank
from routesmith.telemetry.summary import ANCHOR, Fold

DAY = 86400.0
HOST, CAPABILITY = "sim", Capability.FAST
CANDIDATES = ["alpha", "beta", "gamma"]
LATENCY_S = {"alpha": 3.0, "beta": 6.0, "gamma": 1.0}


def true_rate(model: str, day: float) -> float:
    if model == "alpha":
        return 0.90 if day < 20 else 0.45 if day < 45 else 0.92
    return {"beta": 0.85, "gamma": 0.70}[model]


class Static:
    def pick(self, now: float) -> str:
        return CANDIDATES[0]

    def learn(self, model: str, success: bool, latency_s: float, now: float) -> None:
        pass


class Threshold:
    """The original rule: judged on all-time averages after a few samples, and dropped for good."""

    def __init__(self) -> None:
        self.samples: dict[str, list[tuple[bool, float]]] = {m: [] for m in CANDIDATES}
        self.dropped: set[str] = set()

    def pick(self, now: float) -> str:
        return next((m for m in CANDIDATES if m not in self.dropped), CANDIDATES[-1])

    def learn(self, model: str, success: bool, latency_s: float, now: float) -> None:
        samples = self.samples[model]
        samples.append((success, latency_s))
        if len(samples) >= 5:
            rate = sum(ok for ok, _ in samples) / len(samples)
            latency = sum(s for _, s in samples) / len(samples)
            if rate < 0.70 or latency > 5.0:
                self.dropped.add(model)


class RouteSmith:
    """The shipped policy, fed exactly as in production: records -> decayed summary -> rank."""

    def __init__(self) -> None:
        self.fold = Fold()

    def pick(self, now: float) -> str:
        order, _ = rank(HOST, CAPABILITY, CANDIDATES, self.fold.summary(now))
        return order[0]

    def learn(self, model: str, success: bool, latency_s: float, now: float) -> None:
        record = OutcomeRecord(
            time=now,
            host=HOST,
            model=model,
            task=TaskType.FORMATTING,
            capability=CAPABILITY,
            success=success,
            source=Source.RUN,
            duration_ms=latency_s * 1000,
        )
        self.fold.add([record])


POLICIES: dict[str, Callable[[], Static | Threshold | RouteSmith]] = {
    "static": Static,
    "threshold": Threshold,
    "routesmith": RouteSmith,
}


class Result(msgspec.Struct):
    policy: str
    regret: float
    success_rate: float
    picks: dict[str, float]  # share of requests per model


def simulate(
    policy_name: str, days: int, per_day: int, seed: int, override: float
) -> tuple[float, int, dict[str, int]]:
    rng = random.Random(seed)
    policy = POLICIES[policy_name]()
    regret, successes = 0.0, 0
    picks = dict.fromkeys(CANDIDATES, 0)
    for request in range(days * per_day):
        day = request / per_day
        now = ANCHOR + day * DAY
        model = policy.pick(now)
        if rng.random() < override:
            model = rng.choice([m for m in CANDIDATES if m != model])
        picks[model] += 1
        rate = true_rate(model, day)
        regret += max(true_rate(m, day) for m in CANDIDATES) - rate
        success = rng.random() < rate
        successes += success
        policy.learn(model, success, rng.lognormvariate(0, 0.3) * LATENCY_S[model], now)
    return regret, successes, picks


def run(days: int, per_day: int, seeds: int, override: float = 0.1) -> list[Result]:
    results = []
    for name in POLICIES:
        regret, successes, picks = 0.0, 0, dict.fromkeys(CANDIDATES, 0)
        for seed in range(seeds):
            r, s, p = simulate(name, days, per_day, seed, override)
            regret, successes = regret + r, successes + s
            picks = {m: picks[m] + p[m] for m in CANDIDATES}
        total = days * per_day * seeds
        results.append(
            Result(
                policy=name,
                regret=round(regret / seeds, 1),
                success_rate=round(successes / total, 4),
                picks={m: round(picks[m] / total, 3) for m in CANDIDATES},
            )
        )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--per-day", type=int, default=40)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--override", type=float, default=0.1, help="share of requests users route by hand")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = run(args.days, args.per_day, args.seeds, args.override)
    if args.json:
        sys.stdout.write(msgspec.json.encode(results).decode() + "\n")
        return 0
    print(
        f"{args.days} days x {args.per_day} requests/day, {args.override:.0%} routed by hand, "
        f"mean over {args.seeds} seeds"
    )
    print(f"{'policy':<12}{'regret':>9}{'success':>9}   picks alpha/beta/gamma")
    for r in results:
        shares = "/".join(f"{r.picks[m]:.0%}" for m in CANDIDATES)
        print(f"{r.policy:<12}{r.regret:>9.1f}{r.success_rate:>9.1%}   {shares}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
