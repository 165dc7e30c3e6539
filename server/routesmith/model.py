"""The one data model of RouteSmith: every module speaks these msgspec types.

Spans are code-point offsets into the exact text that was decomposed (after nothing was stripped),
so editors can convert them to any position encoding.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import msgspec


class TaskType(StrEnum):
    PLANNING = "planning"
    ANALYSIS = "analysis"
    CODING = "coding"
    TESTING = "testing"
    REFACTOR = "refactor"
    DOCUMENTATION = "documentation"
    FORMATTING = "formatting"
    REVIEW = "review"


class Capability(StrEnum):
    DEEP_REASONING = "deep_reasoning"
    CODING = "coding"
    BALANCED = "balanced"
    FAST = "fast"


class Preference(StrEnum):
    COST = "cost"
    QUALITY = "quality"
    BALANCED = "balanced"


class SwitchMode(StrEnum):
    """How a host lets a caller choose the model."""

    INVOCATION = "invocation"  # a CLI flag per call, e.g. `claude -p --model M`
    FRONTMATTER = "frontmatter"  # `model:` in a prompt/agent file's frontmatter
    SESSION = "session"  # a picker or setting the user changes by hand
    NONE = "none"


# Direct predecessors only: a step after the tests of some code names the tests, not the code as well, so
# the output stays linear in the prompt; whoever needs the closure follows the ids further.
DependsOn = Annotated[
    list[int],
    msgspec.Meta(
        description="ids of the steps this one builds on directly (the transitive reduction: none of them "
        "builds on another); all run earlier. Follow them further for everything it needs."
    ),
]


class Step(msgspec.Struct, kw_only=True):
    """One unit of work found in a prompt, and (after routing) where it goes."""

    id: int  # 1-based, stable within one decomposition
    task: TaskType
    capability: Capability
    span: tuple[int, int]  # [start, end) code-point offsets into the prompt
    text: str
    cue: str  # the word or phrase that decided the task type
    depends_on: DependsOn = []
    optional: bool = False  # conditional ("update docs if behaviour changes")
    condition: str | None = None
    approval_gate: bool = False  # the prompt asks to stop for approval after this step
    model: str | None = None  # set when the host can switch models
    strategy: str | None = None  # set when it cannot: what to ask the single model to do
    reasons: list[str] = []
    section: str | None = None  # the heading the step sits under in its file
    number: str | None = None  # the file's own number for the step ("2", "Step 3"), where it has one


class Exclusion(msgspec.Struct, kw_only=True):
    """A task the prompt mentions but rules out ("don't write tests")."""

    task: TaskType
    span: tuple[int, int]
    text: str
    cue: str


class Decomposition(msgspec.Struct, kw_only=True):
    steps: list[Step]
    excluded: list[Exclusion] = []


class EnvMarker(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """An environment variable a host sets for the processes it runs."""

    var: str
    equals: str | None = None  # exact value required
    prefix: str | None = None  # value must start with this
    fires_for_humans: bool = False  # also set in a human's terminal: weak evidence only


class ModelInfo(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: str
    quality: int = 3  # 1 (small) .. 5 (frontier), relative within the host
    cost: int = 3  # 1 (cheap) .. 5 (expensive), relative within the host
    aliases: list[str] = []


class HostProfile(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: str  # stable key: claude_code, cursor, copilot, codex, gemini_cli, aider, generic
    display: str
    env_markers: list[EnvMarker] = []
    config_files: list[str] = []  # workspace files that mean "configured for", not "running in"
    switch_modes: list[SwitchMode] = []
    invocation: list[str] = []  # argv template with {model} and {prompt}, when the host has a CLI
    frontmatter_globs: list[str] = []  # files whose `model:` frontmatter the host honours
    instruction_files: list[str] = []
    models: list[ModelInfo] = []
    capabilities: dict[Capability, list[str]] = {}  # candidate model ids per capability, best fit first
    notes: list[str] = []

    @property
    def can_switch(self) -> bool:
        return any(mode in (SwitchMode.INVOCATION, SwitchMode.FRONTMATTER) for mode in self.switch_modes)


class Detection(msgspec.Struct, kw_only=True):
    host: str
    source: str  # "flag", "env:ROUTESMITH_HOST", "config:<path>", "environment", "default"
    evidence: list[str] = []
    configured_for: list[str] = []  # hosts whose files are in the workspace (not proof of running)


class Route(msgspec.Struct, kw_only=True):
    host: str
    can_switch: bool
    switch_modes: list[SwitchMode]
    preference: Preference
    steps: list[Step]
    excluded: list[Exclusion] = []
    notes: list[str] = []


class ModelEvidence(msgspec.Struct, kw_only=True, frozen=True):
    """Decayed outcome counts for one (host, capability, model): the router's performance input."""

    host: str
    capability: Capability
    model: str
    successes: float
    failures: float
    n: int  # raw record count, for messages
    p50_ms: float | None = None
    imported: int = 0  # of the n, how many were imported from a host's session log


class TaskTokenEvidence(msgspec.Struct, kw_only=True, frozen=True):
    """Token counts of imported turns of one task: sums of logarithms, so exp(sum / n) is the geometric mean
    (token counts are heavy-tailed; one huge session must not set the typical turn)."""

    task: TaskType
    n: int
    log_input: float
    log_output: float


class TeamEvidence(msgspec.Struct, kw_only=True, frozen=True):
    """Outcomes of one (host, capability, model) from team summaries (`telemetry.merge`): a prior."""

    host: str
    capability: Capability
    model: str
    successes: int
    decided: int  # successes and failures


class PerformanceSummary(msgspec.Struct, kw_only=True):
    evidence: list[ModelEvidence] = []
    team: list[TeamEvidence] = []  # a prior below local evidence (routing.performance)
    tokens: list[TaskTokenEvidence] = []  # calibrates cost.step_tokens


DEFAULT_CAPABILITY: dict[TaskType, Capability] = {
    TaskType.PLANNING: Capability.DEEP_REASONING,
    TaskType.ANALYSIS: Capability.DEEP_REASONING,
    TaskType.CODING: Capability.CODING,
    TaskType.TESTING: Capability.CODING,
    TaskType.REFACTOR: Capability.CODING,
    TaskType.DOCUMENTATION: Capability.BALANCED,
    TaskType.FORMATTING: Capability.FAST,
    TaskType.REVIEW: Capability.DEEP_REASONING,
}


# The short name of each task: how a route reads in one line (`plan → code → test`) and the explicit
# marker a prompt may put before a step (`[plan]`, `[test]`, ...), which the decomposer honours.
TASK_SHORT: dict[TaskType, str] = {
    TaskType.PLANNING: "plan",
    TaskType.ANALYSIS: "analyse",
    TaskType.CODING: "code",
    TaskType.TESTING: "test",
    TaskType.REFACTOR: "refactor",
    TaskType.DOCUMENTATION: "docs",
    TaskType.FORMATTING: "format",
    TaskType.REVIEW: "review",
}
# Explicit task markers: the short names, then the task names themselves (`[testing]`).
TASK_MARKERS: dict[str, TaskType] = {short: task for task, short in TASK_SHORT.items()} | {
    str(task): task for task in TaskType
}


class Section(msgspec.Struct, kw_only=True):
    """A part of an instruction file routed on its own (a heading's body or a list block)."""

    title: str
    span: tuple[int, int]


class Source(StrEnum):
    LSP = "lsp"
    CLI = "cli"
    RUN = "run"
    MCP = "mcp"
    IMPORT = "import"


class VerdictReason(StrEnum):
    """Why an imported turn was judged a success, a failure or unknown (README: "Importing session logs")."""

    INTERRUPTED = "interrupted"  # the user interrupted or cancelled the turn
    CORRECTION = "correction"  # the user's next message reads as a correction
    TESTS_FAILED = "tests_failed"  # the turn's last test run failed
    TOOL_FAILED = "tool_failed"  # the turn's last tool call failed (error or non-zero exit)
    TESTS_PASSED = "tests_passed"  # the turn's last test run passed
    MOVED_ON = "moved_on"  # the user went on with a new request, not a correction
    API_ERROR = "api_error"  # the turn ended on an API error: says nothing about the model's work
    NO_SIGNAL = "no_signal"  # nothing in the log says how it went


class OutcomeRecord(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """One recorded outcome. Never holds prompt text unless the user opted in."""

    v: int = 1  # schema version
    time: float  # unix seconds, UTC
    host: str
    model: str
    task: TaskType
    capability: Capability
    success: bool | None  # None: unknown (an imported turn whose log does not say); never a failure
    source: Source
    duration_ms: float | None = None
    route_id: str | None = None
    step_id: int | None = None
    prompt_hash: str | None = None  # salted hash, lets repeated prompts be grouped
    prompt_text: str | None = None  # only with telemetry.store_prompt_text = true
    # Imported turns (source "import"): ids as salted hashes only, tokens where the log has them, and why.
    session_hash: str | None = None
    turn_hash: str | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    reasons: list[VerdictReason] = []


class TelemetrySettings(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    enabled: bool = True
    path: str | None = None  # default: platformdirs user data dir
    store_prompt_text: bool = False
    max_bytes: int = 64 * 1024 * 1024  # disk budget of the whole log; the oldest segments go beyond it
    fsync: bool = False  # also survive power loss, not just a killed process (slower appends)
    # Where new outcomes are also sent (OTLP/HTTP base URL); user config only: it sends data off the machine.
    otlp_endpoint: str | None = None
    # Team summaries (`routesmith stats --json` of other machines): a prior for routing, below local evidence.
    merge: list[str] = []


NonNegative = Annotated[float, msgspec.Meta(ge=0)]


class PriceBasis(StrEnum):
    """What a plan charges for."""

    TOKENS = "tokens"  # `input` and `output`: units per million tokens
    PROMPTS = "prompts"  # `per_request`: units per prompt (a step sent as its own prompt is one)
    CALLS = "calls"  # `per_request`: units per model call (a step makes several: cost.TOKEN_MODEL)


class ModelRate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """One model's price in a plan; built-in figures always name their source and date."""

    input: NonNegative = 0.0
    output: NonNegative = 0.0
    per_request: NonNegative = 0.0
    source: str = ""
    date: str = ""  # when the source published it or it was seen (YYYY-MM-DD)


class PricePlan(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """How a host bills on one plan: the unit, what counts, and each model's rate (by model id)."""

    unit: str  # "USD", "credits", "premium requests", "requests", "plan usage"
    basis: PriceBasis = PriceBasis.TOKENS
    relative: bool = False  # weights, not a bill: shown as a share of the baseline
    description: str = ""
    source: str = ""
    date: str = ""
    models: dict[str, ModelRate] = {}


class HostPrices(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Price data of one host (hosts/prices/<host>.toml; `[prices.<host>]` in config overrides it)."""

    host: str
    plan: str  # the plan in use
    plans: dict[str, PricePlan] = {}


class PolicySettings(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    task_capability: dict[TaskType, Capability] = {}  # overrides DEFAULT_CAPABILITY
    capability_model: dict[str, dict[Capability, str]] = {}  # host -> capability -> model id
    pin: str | None = None  # one model for every step (where the host offers it)
    plugins: list[str] = []  # entry points in group "routesmith.policies"; honoured from user config only


class Config(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Effective configuration after merging user file, workspace file, environment and flags."""

    host: str | None = None
    preference: Preference = Preference.BALANCED
    policy: PolicySettings = msgspec.field(default_factory=PolicySettings)
    telemetry: TelemetrySettings = msgspec.field(default_factory=TelemetrySettings)
    hosts: dict[str, HostProfile] = {}  # add or override host profiles by name
    prices: dict[str, HostPrices] = {}  # override or add price data by host name (over hosts/prices/*.toml)


class ExplainStep(msgspec.Struct, kw_only=True):
    """One step as `routesmith explain --json` and the MCP `route` tool print it (a stable contract)."""

    id: int
    task: TaskType
    capability: Capability
    model: str | None
    strategy: str | None
    depends_on: DependsOn
    span: tuple[int, int]
    text: str
    reasons: list[str]
    optional: bool = False  # conditional ("update docs if behaviour changes")
    condition: str | None = None  # what it depends on, for an optional step
    approval_gate: bool = False  # stop for the user's approval after this step
    section: str | None = None  # the heading the step sits under in its file
    number: str | None = None  # the file's own number for the step ("2", "Step 3"), where it has one


class ExplainCost(msgspec.Struct, kw_only=True):
    """The route's estimated cost against running the host's strongest model for every step."""

    unit: str  # "USD", "credits", "premium requests", ...; "plan usage" is relative
    route: float
    baseline: float
    saving: float  # baseline - route, in `unit`


class ExplainOutput(msgspec.Struct, kw_only=True):
    host: str
    steps: list[ExplainStep]  # in execution order
    host_source: str = "default"  # flag, env:ROUTESMITH_HOST, config, environment, default
    can_switch: bool = False  # whether the host switches models (else each step has a strategy)
    excluded: list[Exclusion] = []  # tasks the prompt rules out ("don't write a migration guide")
    notes: list[str] = []
    cost: ExplainCost | None = None  # None: the host cannot switch models, or has no prices
