"""The router as a pure function: hand-built decompositions and profiles, no I/O."""

from __future__ import annotations

import msgspec
import pytest

from routesmith.model import (
    DEFAULT_CAPABILITY,
    Capability,
    Config,
    Decomposition,
    HostProfile,
    ModelEvidence,
    ModelInfo,
    PerformanceSummary,
    PolicySettings,
    Preference,
    Step,
    SwitchMode,
    TaskType,
)
from routesmith.routing import route, strategy_for

NO_EVIDENCE = PerformanceSummary()

SWITCHER = HostProfile(
    name="switcher",
    display="Switcher",
    switch_modes=[SwitchMode.INVOCATION],
    models=[
        ModelInfo(id="big", quality=5, cost=5, aliases=["b"]),
        ModelInfo(id="mid", quality=4, cost=3),
        ModelInfo(id="small", quality=2, cost=1),
    ],
    capabilities={
        Capability.DEEP_REASONING: ["big", "mid"],
        Capability.CODING: ["mid", "big", "small"],
        Capability.BALANCED: ["mid", "small"],
        Capability.FAST: ["small", "mid"],
    },
)
PICKER_ONLY = HostProfile(name="picker", display="Picker", switch_modes=[SwitchMode.SESSION])


def decomposition(*tasks: TaskType, optional: int | None = None) -> Decomposition:
    steps, start = [], 0
    for i, task in enumerate(tasks, start=1):
        text = f"do {task}"
        steps.append(
            Step(
                id=i,
                task=task,
                capability=DEFAULT_CAPABILITY[task],
                span=(start, start + len(text)),
                text=text,
                cue=str(task),
                depends_on=[i - 1] if i > 1 else [],
                optional=i == optional,
                condition="behaviour changes" if i == optional else None,
            )
        )
        start += len(text) + 2
    return Decomposition(steps=steps)


def models(config: Config | None = None, **kwargs) -> list[str | None]:
    plan = decomposition(TaskType.PLANNING, TaskType.CODING, TaskType.DOCUMENTATION, TaskType.FORMATTING)
    return [s.model for s in route(plan, SWITCHER, config or Config(), NO_EVIDENCE, **kwargs).steps]


def test_balanced_takes_the_best_fit_per_capability() -> None:
    assert models() == ["big", "mid", "mid", "small"]


@pytest.mark.parametrize(
    ("preference", "expected"),
    [
        (Preference.COST, ["mid", "small", "small", "small"]),
        (Preference.QUALITY, ["big", "big", "mid", "mid"]),
    ],
)
def test_preference_changes_the_pick_within_the_capability(preference, expected) -> None:
    assert models(preference=preference) == expected
    assert models(Config(preference=preference)) == expected  # from config when no flag is given


def test_policy_overrides_and_pin_win_and_say_so() -> None:
    policy = PolicySettings(
        task_capability={TaskType.DOCUMENTATION: Capability.DEEP_REASONING},
        capability_model={"switcher": {Capability.FAST: "mid"}},
    )
    routed = route(
        decomposition(TaskType.DOCUMENTATION, TaskType.FORMATTING),
        SWITCHER,
        Config(policy=policy),
        NO_EVIDENCE,
    )
    docs, fmt = routed.steps
    assert (docs.capability, docs.model) == (Capability.DEEP_REASONING, "big")
    assert any("policy.task_capability" in r for r in docs.reasons)
    assert fmt.model == "mid" and any("policy.capability_model.switcher.fast" in r for r in fmt.reasons)

    pinned = models(Config(policy=PolicySettings(pin="b")))  # an alias of a host model
    assert pinned == ["b"] * 4
    unknown = route(
        decomposition(TaskType.CODING), SWITCHER, Config(policy=PolicySettings(pin="gpt-9")), NO_EVIDENCE
    )
    assert unknown.steps[0].model == "mid"
    assert any("gpt-9" in note and "ignored" in note for note in unknown.notes)


def test_a_host_that_cannot_switch_gets_strategies_and_says_so() -> None:
    routed = route(decomposition(TaskType.PLANNING, TaskType.TESTING), PICKER_ONLY, Config(), NO_EVIDENCE)
    assert not routed.can_switch
    assert [s.model for s in routed.steps] == [None, None]
    assert [s.strategy for s in routed.steps] == [
        strategy_for(TaskType.PLANNING),
        strategy_for(TaskType.TESTING),
    ]
    assert "cannot switch" in routed.notes[0]
    assert all(any("no switch on Picker" in r for r in s.reasons) for s in routed.steps)


def test_performance_evidence_demotes_only_with_enough_evidence_and_shows_it() -> None:
    def evidence(s_mid: float, f_mid: float, s_big: float, f_big: float) -> PerformanceSummary:
        return PerformanceSummary(
            evidence=[
                ModelEvidence(
                    host="switcher",
                    capability=Capability.CODING,
                    model="mid",
                    successes=s_mid,
                    failures=f_mid,
                    n=int(s_mid + f_mid),
                ),
                ModelEvidence(
                    host="switcher",
                    capability=Capability.CODING,
                    model="big",
                    successes=s_big,
                    failures=f_big,
                    n=int(s_big + f_big),
                ),
            ]
        )

    plan = decomposition(TaskType.CODING)
    noisy = route(plan, SWITCHER, Config(), evidence(1, 3, 4, 0)).steps[0]
    assert noisy.model == "mid"  # 1 of 4 is noise, not a verdict
    bad = route(plan, SWITCHER, Config(), evidence(12, 28, 37, 3)).steps[0]
    assert bad.model == "big"
    assert any("mid de-prioritised for coding: 12/40 successes vs 37/40 for big" in r for r in bad.reasons)
    assert any(r.startswith("telemetry: 37/40") for r in bad.reasons)


def test_optional_steps_and_gates_keep_their_flags_and_explain_them() -> None:
    plan = decomposition(TaskType.CODING, TaskType.DOCUMENTATION, optional=2)
    plan.steps[0] = msgspec.structs.replace(plan.steps[0], approval_gate=True)
    coding, docs = route(plan, SWITCHER, Config(), NO_EVIDENCE).steps
    assert coding.approval_gate and any("approval gate" in r for r in coding.reasons)
    assert docs.optional and any("only if behaviour changes" in r for r in docs.reasons)
    assert docs.depends_on == [1] and docs.span == plan.steps[1].span  # routing never moves or reorders


def test_a_memo_routes_each_distinct_step_once_with_the_same_result() -> None:
    from routesmith.decompose import decompose

    text = "Plan it, implement the export and add tests, then write docs. " * 30 + "Review it if it is risky."
    decomposition = decompose(text)
    memo: dict = {}
    with_memo = route(decomposition, SWITCHER, Config(), NO_EVIDENCE, memo=memo)
    assert with_memo == route(decomposition, SWITCHER, Config(), NO_EVIDENCE)
    assert len(memo) == len(
        {(s.task, tuple(s.reasons), s.optional, s.condition) for s in decomposition.steps}
    )
    again = route(decomposition, SWITCHER, Config(), NO_EVIDENCE, memo=memo)
    assert again == with_memo and len(memo) < len(decomposition.steps) // 10
