"""Beta-distribution bounds in pure Python (no SciPy): the routing policy's credible bounds and the
`stats` confidence intervals both come from here."""

from __future__ import annotations

import functools
import math


def _continued_fraction(a: float, b: float, x: float) -> float:
    """Lentz's evaluation of the incomplete-beta continued fraction (Numerical Recipes `betacf`)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1.0) < 1e-12:
            break
    return result


def beta_cdf(x: float, a: float, b: float) -> float:
    """Regularised incomplete beta I_x(a, b): P(p <= x) for p ~ Beta(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    # The fraction converges fast only on one side of the mean; use the symmetry relation on the other.
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _continued_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _continued_fraction(b, a, 1.0 - x) / b


def beta_ppf(q: float, a: float, b: float) -> float:
    """The q-quantile of Beta(a, b): Newton steps from a normal guess, kept inside a shrinking bracket
    (bisection when a step would leave it), so it converges in a handful of CDF evaluations."""
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    mean, var = a / (a + b), a * b / ((a + b) ** 2 * (a + b + 1))
    low, high = 0.0, 1.0
    x = min(max(mean + _normal_ppf(q) * math.sqrt(var), 1e-9), 1 - 1e-9)
    for _ in range(100):
        error = beta_cdf(x, a, b) - q
        if error == 0:
            return x
        if error < 0:
            low = x
        else:
            high = x
        density = math.exp(log_norm + (a - 1) * math.log(x) + (b - 1) * math.log1p(-x))
        candidate = x - error / density if density > 0 else -1.0
        following = candidate if low < candidate < high else (low + high) / 2
        if abs(following - x) < 1e-10:
            return following
        x = following
    return x


def _normal_ppf(q: float) -> float:
    """Standard normal quantile, good to ~1e-3 (only a starting point for Newton)."""
    t = math.sqrt(-2 * math.log(min(q, 1 - q)))
    z = t - (2.30753 + 0.27061 * t) / (1 + 0.99229 * t + 0.04481 * t * t)
    return z if q >= 0.5 else -z


@functools.lru_cache(maxsize=4096)  # one `explain` asks the same question for every step of a capability
def credible_interval(a: float, b: float, mass: float = 0.9) -> tuple[float, float]:
    """Central interval holding `mass` of Beta(a, b)."""
    tail = (1.0 - mass) / 2
    return beta_ppf(tail, a, b), beta_ppf(1.0 - tail, a, b)
