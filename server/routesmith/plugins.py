"""Policy plugins: Python callables that adjust a finished Route, from the entry-point group
`routesmith.policies`.

A plugin runs code, so it is loaded only when the *user-level* config names it (`policy.plugins`);
`routesmith.config` drops the key from workspace files, which are untrusted. A plugin is
`def adjust(route: Route, profile: HostProfile, config: Config) -> Route`; it must return a Route.
"""

from __future__ import annotations

from collections.abc import Callable

from routesmith.errors import UserError
from routesmith.model import Config, HostProfile, Route

GROUP = "routesmith.policies"
Policy = Callable[[Route, HostProfile, Config], Route]


def load_policies(names: list[str]) -> tuple[Policy, ...]:
    if not names:
        return ()
    from importlib.metadata import entry_points  # only when plugins are enabled: it is slow to import

    available = {ep.name: ep for ep in entry_points(group=GROUP)}
    policies = []
    for name in names:
        if name not in available:
            known = ", ".join(sorted(available)) or "none installed"
            raise UserError(f"policy.plugins: no plugin {name!r} in entry-point group {GROUP} ({known})")
        try:
            policies.append(available[name].load())
        except Exception as exc:  # a third party's import error must not become our traceback
            raise UserError(f"policy.plugins: plugin {name!r} failed to load: {exc!r}") from exc
    return tuple(policies)


def apply_policies(policies: tuple[Policy, ...], route: Route, profile: HostProfile, config: Config) -> Route:
    for policy in policies:
        try:
            adjusted = policy(route, profile, config)
        except Exception as exc:
            raise UserError(f"policy plugin {policy!r} failed: {exc!r}") from exc
        if not isinstance(adjusted, Route):
            raise UserError(f"policy plugin {policy!r} returned {type(adjusted).__name__}, not a Route")
        route = adjusted
    return route
