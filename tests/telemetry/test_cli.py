"""`routesmith record | stats | history` as a user runs them: real subprocesses on a log in a tmp dir."""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.telemetry.conftest import routesmith

from routesmith.model import OutcomeRecord, TelemetrySettings
from routesmith.telemetry import open_log

NOW = float(int(time.time()))  # prune and --since work relative to the real clock


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "ROUTESMITH_TELEMETRY_PATH": str(tmp_path / "log" / "telemetry.rslog"),
    }


def jsonl(*rows: dict) -> str:
    return "".join(json.dumps(row) + "\n" for row in rows)


def outcome(model: str, success: bool, **fields) -> dict:
    return {
        "time": NOW,
        "host": "claude_code",
        "model": model,
        "task": "formatting",
        "success": success,
    } | fields


def history(env: dict[str, str], *args: str) -> list[dict]:
    result = routesmith(env, "history", "--limit", "1000", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["count"] == len(output["records"]) and output["log"] == env["ROUTESMITH_TELEMETRY_PATH"]
    return output["records"]


def test_record_one_outcome_then_see_it_in_history(env: dict[str, str]) -> None:
    result = routesmith(
        env, "record", "--host", "claude_code", "--model", "claude-haiku-4-5", "--task", "formatting",
        "--failure", "--duration-ms", "850",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [row] = history(env)
    assert {
        k: row[k] for k in ("host", "model", "task", "capability", "success", "source", "duration_ms")
    } == {
        "host": "claude_code",
        "model": "claude-haiku-4-5",
        "task": "formatting",
        "capability": "fast",  # the task's default capability
        "success": False,
        "source": "cli",
        "duration_ms": 850.0,
    }
    table = routesmith(env, "history").stdout
    assert "claude-haiku-4-5" in table and "failure" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--task", "juggling", "--success"], "--task: unknown value 'juggling'"),
        (["--task", "coding"], "--success or --failure"),
        (["--task", "coding", "--success", "--duration-ms", "-5"], "--duration-ms: must not be negative"),
        (["--task", "coding", "--success", "--source", "web"], "--source: unknown value 'web'"),
    ],
)
def test_bad_record_arguments_name_the_argument(env: dict[str, str], args: list[str], message: str) -> None:
    result = routesmith(env, "record", "--host", "cursor", "--model", "gpt-5.4", *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not Path(env["ROUTESMITH_TELEMETRY_PATH"]).exists()


def test_jsonl_import_keeps_good_lines_and_reports_bad_ones_by_line(
    env: dict[str, str], tmp_path: Path
) -> None:
    source = tmp_path / "outcomes.jsonl"
    source.write_text(
        jsonl(outcome("a", True))
        + "{not json\n"
        + jsonl(outcome("b", False, time="2026-09-01T12:00:00Z"), outcome("c", True, task="juggling"))
        + "\n"
        + jsonl(outcome("d", True, duration_ms=1200))
    )
    result = routesmith(env, "record", "--jsonl", str(source))
    assert result.returncode == 1
    bad = [line for line in result.stderr.splitlines() if line.startswith(f"{source}:")]
    assert [line.split(":")[1] for line in bad] == ["2", "4"]
    assert "task: invalid value 'juggling'; expected one of: planning," in bad[1]
    rows = history(env)
    assert [r["model"] for r in rows] == ["a", "b", "d"]
    assert {r["source"] for r in rows} == {"import"}
    assert rows[1]["time"] == "2026-09-01T12:00:00.000Z"  # ISO time understood as UTC, printed as such


def test_jsonl_from_stdin(env: dict[str, str]) -> None:
    result = routesmith(env, "record", "--jsonl", "-", stdin=jsonl(*(outcome("m", True) for _ in range(3))))
    assert result.returncode == 0, result.stderr
    assert "imported 3 records" in result.stdout


def test_prompt_text_is_not_stored_by_default(env: dict[str, str]) -> None:
    secret = "migrate the billing database of Initech"
    routesmith(env, "record", "--jsonl", "-", stdin=jsonl(outcome("m", True, prompt_text=secret)))
    assert secret.encode() not in Path(env["ROUTESMITH_TELEMETRY_PATH"]).read_bytes()
    assert history(env)[0]["prompt_text"] is None


@pytest.fixture
def populated(env: dict[str, str]) -> dict[str, str]:
    rows = (
        [outcome("claude-haiku-4-5", i < 12, duration_ms=100.0 * (i % 10 + 1)) for i in range(40)]
        + [outcome("claude-sonnet-4-6", i < 37, duration_ms=2000.0) for i in range(40)]
        + [outcome("gpt-5.4", i < 3, host="cursor", task="coding", source="lsp") for i in range(4)]
        + [outcome("claude-opus-4-7", True, task="planning", time=NOW - 90 * 86400) for _ in range(5)]
    )
    assert routesmith(env, "record", "--jsonl", "-", stdin=jsonl(*rows)).returncode == 0
    return env


def stats(env: dict[str, str], *args: str) -> dict[str, dict]:
    result = routesmith(env, "stats", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return {row["model"]: row for row in json.loads(result.stdout)["groups"]}


def test_stats_counts_rates_intervals_and_durations(populated: dict[str, str]) -> None:
    groups = stats(populated)
    assert set(groups) == {"claude-haiku-4-5", "claude-sonnet-4-6", "gpt-5.4", "claude-opus-4-7"}
    haiku = groups["claude-haiku-4-5"]
    assert (haiku["n"], haiku["successes"], haiku["success_rate"]) == (40, 12, 0.3)
    assert haiku["ci95"] == [pytest.approx(0.176, abs=1e-3), pytest.approx(0.452, abs=1e-3)]
    assert haiku["p50_ms"] == pytest.approx(500, rel=0.01)
    assert haiku["p90_ms"] == pytest.approx(900, rel=0.01)
    small, large = groups["gpt-5.4"]["ci95"], groups["claude-sonnet-4-6"]["ci95"]
    assert large[1] - large[0] < small[1] - small[0]  # more evidence, tighter interval
    assert groups["gpt-5.4"]["p50_ms"] is None


def test_stats_filters(populated: dict[str, str]) -> None:
    assert set(stats(populated, "--host", "cursor")) == {"gpt-5.4"}
    assert set(stats(populated, "--source", "lsp")) == {"gpt-5.4"}
    assert set(stats(populated, "--task", "planning")) == {"claude-opus-4-7"}
    assert set(stats(populated, "--capability", "fast", "--model", "claude-sonnet-4-6")) == {
        "claude-sonnet-4-6"
    }
    assert "claude-opus-4-7" not in stats(populated, "--since", "30d")  # recorded 90 days ago
    assert "claude-opus-4-7" in stats(populated, "--since", "100d")
    iso = datetime.fromtimestamp(NOW - 89 * 86400, UTC).isoformat()
    assert set(stats(populated, "--since", iso)) == {"claude-haiku-4-5", "claude-sonnet-4-6", "gpt-5.4"}


def test_stats_top_and_bottom(populated: dict[str, str]) -> None:
    assert list(stats(populated, "--top", "2")) == ["claude-opus-4-7", "claude-sonnet-4-6"]
    assert list(stats(populated, "--bottom", "1")) == ["claude-haiku-4-5"]


def test_stats_table(populated: dict[str, str]) -> None:
    result = routesmith(populated, "stats", "--host", "claude_code", "--capability", "fast")
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["host", "capability", "model", "n"]
    assert [line.split()[2] for line in lines[1:]] == ["claude-sonnet-4-6", "claude-haiku-4-5"]
    assert "30%" in lines[2] and "18%–45%" in lines[2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "last tuesday"], "--since: expected"),
        (["--top", "0"], "--top: must be at least 1"),
        (["--capability", "smart"], "--capability: unknown value 'smart'"),
        (["--prune"], "unrecognized arguments: --prune"),  # stats is read-only: `routesmith prune` deletes
    ],
)
def test_bad_stats_arguments_name_the_argument(
    populated: dict[str, str], args: list[str], message: str
) -> None:
    result = routesmith(populated, "stats", *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_prune_from_the_command_line(populated: dict[str, str]) -> None:
    dry = routesmith(populated, "prune", "--older-than", "30d", "--dry-run")
    assert dry.returncode == 0 and "would delete 5 outcomes older than" in dry.stdout
    assert len(history(populated)) == 89  # a dry run deletes nothing
    refused = routesmith(populated, "prune", "--older-than", "30d")  # no terminal, no --yes
    assert refused.returncode == 2 and "pass --yes" in refused.stderr
    result = routesmith(populated, "prune", "--older-than", "30d", "--yes")
    assert result.returncode == 0 and "deleted 5 outcomes older than" in result.stdout
    assert len(history(populated)) == 84
    kept = routesmith(populated, "prune", "--keep", "10", "--yes", "--json")
    assert json.loads(kept.stdout) == {
        "log": populated["ROUTESMITH_TELEMETRY_PATH"],
        "dry_run": False,
        "removed": 74,
        "older_than": None,
        "keep": 10,
    }
    assert [r["model"] for r in history(populated)] == ["claude-sonnet-4-6"] * 6 + ["gpt-5.4"] * 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "one of the arguments --older-than --keep is required"),
        (["--older-than", "30"], "--older-than: expected an age such as 90d"),
        (["--keep", "-1", "--yes"], "--keep: must not be negative"),
        (["--keep", "1", "--older-than", "1d"], "not allowed with argument"),
    ],
)
def test_bad_prune_arguments_name_the_argument(
    populated: dict[str, str], args: list[str], message: str
) -> None:
    result = routesmith(populated, "prune", *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert result.stderr.startswith("usage: routesmith prune") or "routesmith: error:" in result.stderr
    assert len(history(populated)) == 89


def test_default_log_lives_in_the_user_data_dir(env: dict[str, str]) -> None:
    del env["ROUTESMITH_TELEMETRY_PATH"]
    assert routesmith(env, "record", "--jsonl", "-", stdin=jsonl(outcome("m", True))).returncode == 0
    assert (Path(env["XDG_DATA_HOME"]) / "routesmith" / "telemetry.rslog").is_file()


def test_a_foreign_file_is_a_one_line_error(env: dict[str, str]) -> None:
    path = Path(env["ROUTESMITH_TELEMETRY_PATH"])
    path.parent.mkdir(parents=True)
    path.write_text("name,score\nalice,3\n")
    for args in (
        ["stats"],
        ["history"],
        ["record", "--host", "codex", "--model", "m", "--task", "coding", "--success"],
    ):
        result = routesmith(env, *args)
        assert result.returncode == 2
        assert result.stderr.strip() == f"routesmith: error: {path}: not a routesmith telemetry log " + (
            "(unknown header); it was left untouched"
        )
    assert path.read_text() == "name,score\nalice,3\n"


def rotated_log(
    env: dict[str, str], count: int, make_record: Callable[..., OutcomeRecord]
) -> list[OutcomeRecord]:
    """`count` records appended one at a time under a small budget: the log spans many files."""
    rows = [
        make_record(
            i,
            time=NOW - count + i,
            model=("claude-haiku-4-5", "claude-sonnet-4-6", "claude-opus-4-7")[i % 3],
            success=i % 4 != 0,
            duration_ms=float((i * 7919) % 1000),
        )
        for i in range(count)
    ]
    log = open_log(TelemetrySettings(path=env["ROUTESMITH_TELEMETRY_PATH"], max_bytes=1 << 20))
    for row in rows:
        log.append(row)
    assert len(log.paths()) > 2
    return rows


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="stats reads in two processes only with 2 CPUs")
def test_stats_read_in_two_processes_counts_every_file_once(
    env: dict[str, str], make_record: Callable[..., OutcomeRecord]
) -> None:
    rows = rotated_log(env, 3000, make_record)
    groups = stats(env)
    for model in ("claude-haiku-4-5", "claude-sonnet-4-6", "claude-opus-4-7"):
        mine = [r for r in rows if r.model == model]
        durations = sorted(r.duration_ms for r in mine)
        assert groups[model]["n"] == len(mine)
        assert groups[model]["successes"] == sum(r.success for r in mine)
        # under 4096 durations a group keeps all of them: the percentiles are exact
        assert groups[model]["p50_ms"] == durations[math.ceil(0.5 * len(durations)) - 1]
        assert groups[model]["p90_ms"] == durations[math.ceil(0.9 * len(durations)) - 1]


@pytest.mark.parametrize(
    "where",
    [
        lambda size: 12,  # the first frame's magic, right after the 12-byte file header
        lambda size: size // 2,  # inside the last frame: a rotated file cannot have a torn tail
    ],
    ids=["frame-header", "last-frame"],
)
def test_a_damaged_older_file_is_a_one_line_error(
    env: dict[str, str], where: Callable[[int], int], make_record: Callable[..., OutcomeRecord]
) -> None:
    rotated_log(env, 3000, make_record)
    oldest = min(p for p in Path(env["ROUTESMITH_TELEMETRY_PATH"]).parent.glob("telemetry.rslog.*"))
    data = bytearray(oldest.read_bytes())
    data[where(len(data))] ^= 0xFF
    oldest.write_bytes(bytes(data))
    result = routesmith(env, "stats")
    assert result.returncode == 2
    assert result.stderr.startswith(f"routesmith: error: {oldest}: telemetry log is corrupt"), result.stderr
    assert "Traceback" not in result.stderr
    assert oldest.read_bytes() == bytes(data)  # left untouched


def test_stats_cost_prices_outcomes_against_the_strongest_model(env: dict[str, str]) -> None:
    rows = jsonl(
        # An imported turn with token counts is priced from them.
        outcome("sonnet", True, task="coding", input_tokens=100_000, output_tokens=2_000),
        outcome("sonnet", False, task="coding", input_tokens=100_000, output_tokens=2_000),
        outcome("opus", True, task="planning", input_tokens=10_000, output_tokens=1_000),
        outcome("some-model", True, task="coding"),  # no price: counted, not priced
        outcome("x", True, host="generic", task="coding"),  # no prices for the host at all
    )
    assert routesmith(env, "record", "--jsonl", "-", stdin=rows).returncode == 0
    result = routesmith(env, "stats", "--cost", "--json")
    assert result.returncode == 0, result.stderr
    cost = json.loads(result.stdout)
    assert (cost["count"], cost["records"]) == (len(cost["groups"]), 5)
    assert cost["log"] == env["ROUTESMITH_TELEMETRY_PATH"]
    groups = {(g["host"], g["model"]): g for g in cost["groups"]}
    sonnet = groups["claude_code", "sonnet"]
    # Sonnet 4.6 $3/$15, Opus 4.7 $5/$25 per million (hosts/prices/claude_code.toml).
    assert sonnet["spent"] == pytest.approx(2 * (0.1 * 3 + 0.002 * 15))
    assert sonnet["baseline"] == pytest.approx(2 * (0.1 * 5 + 0.002 * 25))
    assert (sonnet["successes"], sonnet["decided"]) == (1, 2)
    assert groups["claude_code", "opus"]["spent"] == groups["claude_code", "opus"]["baseline"]
    assert groups["claude_code", "some-model"]["priced"] == 0
    [claude] = [h for h in cost["hosts"] if h["host"] == "claude_code"]
    assert (claude["unit"], claude["strongest"], claude["n"], claude["priced"]) == (
        "USD",
        "claude-opus-4-7",
        4,
        3,
    )
    assert claude["saving"] == pytest.approx(claude["baseline"] - claude["spent"])
    assert claude["success_rate"] == pytest.approx(3 / 4)
    assert (claude["strongest_success_rate"], claude["strongest_decided"]) == (1.0, 1)
    assert [h["host"] for h in cost["hosts"]] == ["claude_code"]  # generic has no prices

    table = routesmith(env, "stats", "--cost")
    assert table.returncode == 0, table.stderr
    summary = next(line for line in table.stdout.splitlines() if line.startswith("claude_code ("))
    assert (
        "spent $0.735, claude-opus-4-7 for every one $1.18, saved $0.440 (37%)" in summary
        and "success 75%" in summary
    ), summary
    assert "claude-opus-4-7 on its own: 100% of 1" in summary and "1 of 4 outcomes unpriced" in summary

    both = routesmith(env, "stats", "--cost", "--top", "3")
    assert both.returncode == 2 and "--cost: not with --top, --bottom or --merge" in both.stderr, both.stderr


def test_stats_merge_shows_team_summaries_beside_local_counts(env: dict[str, str], tmp_path: Path) -> None:
    assert routesmith(env, "record", "--jsonl", "-", stdin=jsonl(outcome("haiku", True))).returncode == 0
    mine = routesmith(env, "stats", "--json")
    assert mine.returncode == 0, mine.stderr
    assert "team" not in json.loads(mine.stdout)["groups"][0]  # only with --merge
    first, second = tmp_path / "alice.json", tmp_path / "bob.json"
    first.write_text(mine.stdout, encoding="utf-8")  # another machine's `stats --json`, as is
    bob = {
        "host": "claude_code",
        "capability": "fast",
        "model": "haiku",
        "n": 12,
        "successes": 7,
        "unknown": 2,
    }
    only_team = {"host": "codex", "capability": "coding", "model": "gpt-5.4", "n": 3, "successes": 3}
    second.write_text(json.dumps({"groups": [bob, only_team]}), encoding="utf-8")
    merged = routesmith(env, "stats", "--json", "--merge", str(first), str(second))
    assert merged.returncode == 0, merged.stderr
    rows = {(r["host"], r["model"]): r for r in json.loads(merged.stdout)["groups"]}
    assert rows["claude_code", "haiku"]["n"] == 1
    assert rows["claude_code", "haiku"]["team"] == {"successes": 8, "decided": 11}
    assert (rows["codex", "gpt-5.4"]["n"], rows["codex", "gpt-5.4"]["team"]) == (
        0,
        {"successes": 3, "decided": 3},
    )
    table = routesmith(env, "stats", "--merge", str(first), str(second))
    assert table.stdout.splitlines()[0].split()[-1] == "team"
    assert [line.split()[-1] for line in table.stdout.splitlines()[1:]] == ["8/11", "3/3"]
    broken = tmp_path / "broken.json"
    broken.write_text('{"groups": [{"host": "x"}]}', encoding="utf-8")
    bad = routesmith(env, "stats", "--merge", str(broken))
    assert bad.returncode == 2
    assert bad.stderr.startswith(f"routesmith: error: {broken}: not a `routesmith stats --json` summary: ")
