"""`routesmith import` as a user runs it: a real subprocess on a temporary HOME holding each host's logs."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.importers.conftest import CANARY, SINCE, Sandbox


def _by_host(summary: dict) -> dict[str, dict]:
    return {host["host"]: host for host in summary["hosts"]}


def _verdicts(rows: list[dict], host: str) -> list[tuple[str, str, str, bool | None, list[str]]]:
    fields = ("task", "capability", "model", "success", "reasons")
    return sorted((tuple(r[f] for f in fields) for r in rows if r["host"] == host), key=repr)


def test_every_host_is_read_with_its_pitfalls(sandbox: Sandbox) -> None:
    hosts = _by_host(sandbox.import_json())
    assert set(hosts) == {"claude_code", "codex", "gemini_cli", "copilot", "opencode", "aider"}
    # The resumed Claude session copies three turns (same uuids) and adds one; the subagent file counts.
    assert hosts["claude_code"]["added"] == 5
    assert hosts["claude_code"]["skipped"] == {
        "torn or unparsable lines": 1,
        "turns already imported": 3,
        "unknown entry types": 1,
    }
    assert hosts["codex"]["skipped"] == {"turns with no model in the log": 1, "unknown entry types": 1}
    assert hosts["gemini_cli"]["skipped"] == {
        "torn or unparsable lines": 1,
        "turns taken back by a rewind": 1,
        "unknown entry types": 1,
    }
    assert hosts["copilot"]["skipped"] == {"files in a newer format": 1, "unknown entry types": 1}
    rows = sandbox.history()
    assert len(rows) == sum(host["added"] for host in hosts.values()) == 25
    assert all(r["source"] == "import" and r["prompt_text"] is None for r in rows)
    assert all(len(r["session_hash"]) == 32 and len(r["turn_hash"]) == 32 for r in rows)

    assert _verdicts(rows, "claude_code") == [
        ("analysis", "deep_reasoning", "claude-opus-4-6", None, ["no_signal"]),
        ("documentation", "balanced", "sonnet", False, ["interrupted", "correction"]),
        ("refactor", "coding", "claude-opus-4-6", None, ["api_error"]),
        ("review", "deep_reasoning", "haiku", None, ["no_signal"]),
        # Logged ids become the names routing uses (the profile's aliases); others stay as logged.
        ("testing", "coding", "sonnet", True, ["tests_passed", "moved_on"]),
    ]
    fixed = next(r for r in rows if r["host"] == "claude_code" and r["task"] == "testing")
    # msg_1 spans two lines with one usage: counted once (1500 + 1200 + 1300 in, 40 + 60 + 20 out).
    assert (fixed["input_tokens"], fixed["output_tokens"], fixed["duration_ms"]) == (4000, 120, 40000.0)

    assert _verdicts(rows, "codex") == [
        ("coding", "coding", "gpt-5-codex", True, ["tests_passed", "moved_on"]),  # the .zst archive
        ("documentation", "balanced", "gpt-5-codex", None, ["no_signal"]),
        ("review", "deep_reasoning", "gpt-5", True, ["tests_passed"]),
        ("review", "deep_reasoning", "gpt-5-mini", None, ["no_signal"]),
        # "that didn't work..." names no task: it continues the session's testing work.
        ("testing", "coding", "gpt-5-codex", False, ["correction", "tests_failed", "tool_failed"]),
        ("testing", "coding", "gpt-5-codex", False, ["interrupted"]),
    ]
    subagent = next(r for r in rows if r["model"] == "gpt-5-mini")
    # The parent's token counts the subagent rollout replays are not its own.
    assert (subagent["input_tokens"], subagent["output_tokens"]) == (800, 90)

    assert _verdicts(rows, "gemini_cli") == [
        ("analysis", "deep_reasoning", "gemini-2.5-flash", False, ["interrupted"]),  # subagent, cancelled
        ("coding", "coding", "gemini-2.5-pro", False, ["correction"]),  # the pre-JSONL .json document
        ("coding", "coding", "gemini-2.5-pro", None, ["api_error"]),
        ("coding", "coding", "gemini-2.5-pro", None, ["no_signal"]),
        ("planning", "deep_reasoning", "gemini-2.5-pro", True, ["tests_passed", "moved_on"]),
    ]
    plan = next(r for r in rows if r["task"] == "planning")
    assert plan["output_tokens"] == 80  # the message appended again whole: its last version wins

    assert _verdicts(rows, "copilot") == [
        ("coding", "coding", "gpt-5", False, ["tool_failed"]),
        ("documentation", "balanced", "gpt-5", False, ["interrupted"]),
        ("testing", "coding", "claude-opus-4.5", True, ["tests_passed"]),
    ]
    assert _verdicts(rows, "opencode") == [
        ("analysis", "deep_reasoning", "claude-haiku-4-5", False, ["tool_failed"]),
        ("analysis", "deep_reasoning", "claude-opus-4-1", False, ["interrupted"]),
        ("refactor", "coding", "claude-sonnet-4-5", True, ["tests_passed", "moved_on"]),
    ]
    assert _verdicts(rows, "aider") == [
        ("analysis", "deep_reasoning", "gpt-4.1", True, ["moved_on"]),
        ("coding", "coding", "gpt-4.1", False, ["correction"]),  # /undo
        ("coding", "coding", "gpt-4.1", None, ["no_signal"]),
    ]


def test_a_second_import_adds_nothing_and_a_growing_log_adds_only_its_new_turns(sandbox: Sandbox) -> None:
    first = sandbox.import_json()
    second = sandbox.import_json()
    assert second["added"] == 0
    assert all(host["changed"] == 0 for host in second["hosts"]), second
    assert len(sandbox.history()) == first["added"]

    # The torn last line is completed and a new request follows.
    session = sandbox.claude / "projects" / "-home-user-shop" / "1111-aaaa.jsonl"
    with session.open("a") as file:
        file.write(
            'nt":"Run the linter and fix what it reports"}}\n'
            + json.dumps(
                {
                    "type": "assistant",
                    "uuid": "a7",
                    "sessionId": "1111-aaaa",
                    "timestamp": "2026-11-20T10:07:30.000Z",
                    "requestId": "req_7",
                    "message": {"id": "msg_7", "model": "claude-sonnet-4-6", "content": []},
                }
            )
            + "\n"
        )
    third = _by_host(sandbox.import_json())
    assert third["claude_code"]["changed"] == 1
    assert third["claude_code"]["added"] == 1
    assert sum(host["added"] for host in third.values()) == 1
    rows = [r for r in sandbox.history() if r["host"] == "claude_code"]
    assert len(rows) == 6
    # The turn before it now has a next request (not a correction): it was judged when first imported.
    assert sorted(r["task"] for r in rows).count("analysis") == 1


def test_no_prompt_code_or_tool_text_reaches_any_file_routesmith_writes(sandbox: Sandbox) -> None:
    before = sandbox.files()
    sandbox.import_json()
    sandbox.run("stats")
    written = {path: data for path, data in sandbox.files().items() if before.get(path) != data}
    assert any(path.name == "telemetry.rslog" for path in written)
    assert any(path.name.endswith(".import") for path in written)
    leaked = [str(path) for path, data in written.items() if CANARY in data]
    assert leaked == []
    assert not any(b"/home/user/shop" in data or b"-home-user-shop" in data for data in written.values())


def test_store_prompt_text_opt_in_applies_to_imports(sandbox: Sandbox) -> None:
    config = Path(sandbox.env["XDG_CONFIG_HOME"]) / "routesmith" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("[telemetry]\nstore_prompt_text = true\n")
    sandbox.import_json("claude_code")
    texts = [r["prompt_text"] for r in sandbox.history()]
    assert "Fix the failing test in cart.py (CANARY-prompt-7f3a)" in texts


def test_dry_run_reads_and_counts_but_writes_nothing(sandbox: Sandbox) -> None:
    before = sandbox.files()
    summary = sandbox.import_json("--dry-run", "codex", "aider")
    assert summary["dry_run"] is True
    assert [host["host"] for host in summary["hosts"]] == ["codex", "aider"]
    assert summary["added"] == 9
    written = {path.name for path, data in sandbox.files().items() if before.get(path) != data}
    log_files = {name for name in written if name.startswith("telemetry.rslog")}
    assert log_files <= {"telemetry.rslog.import.lock"}


def test_since_leaves_older_turns_out(sandbox: Sandbox) -> None:
    done = sandbox.run("import", "gemini_cli", "--since", "2026-06-01", "--json")
    summary = json.loads(done.stdout)
    assert summary["since"] == "2026-06-01T00:00:00Z"
    assert summary["hosts"][0]["skipped"]["turns older than --since"] == 2  # the .json document of April


def test_text_summary_and_progress(sandbox: Sandbox) -> None:
    done = sandbox.run("import", "--since", SINCE, "copilot")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        "copilot: 2 of 2 logs read, 1 sessions, 3 turns -> 3 records (1 success, 2 failure, 0 unknown)"
    )
    assert "skipped: 1 files in a newer format, 1 unknown entry types" in done.stdout
    assert done.stdout.rstrip().endswith(f"added 3 records to {sandbox.log}")
    assert "importing [" not in done.stderr  # no terminal: no progress bar


def test_an_unreadable_log_is_named_in_one_line(sandbox: Sandbox) -> None:
    day = sandbox.codex / "sessions" / "2026" / "11" / "21"
    os.symlink(day / "missing.jsonl", day / "rollout-2026-11-21T10-00-00-broken.jsonl")
    done = sandbox.run("import", "--since", SINCE, "codex")
    assert done.returncode == 0
    lines = [line for line in done.stderr.splitlines() if "broken.jsonl" in line]
    assert len(lines) == 1 and "cannot read" in lines[0] and "Traceback" not in done.stderr
    assert "1 unreadable files" in done.stdout


def test_stats_separates_recorded_and_imported_evidence(sandbox: Sandbox) -> None:
    sandbox.import_json("aider")
    recorded = sandbox.run("record", "--host", "aider", "--model", "gpt-4.1", "--task", "coding", "--failure")
    assert recorded.returncode == 0, recorded.stderr

    def groups(*args: str) -> dict[str, dict]:
        done = sandbox.run("stats", "--format", "json", *args)
        assert done.returncode == 0, done.stderr
        return {g["capability"]: g for g in json.loads(done.stdout)["groups"]}

    everything, imported, mine = groups(), groups("--source", "imported"), groups("--source", "recorded")
    assert (everything["coding"]["n"], imported["coding"]["n"], mine["coding"]["n"]) == (3, 2, 1)
    # One coding turn's outcome is unknown: in n, but not a failure.
    assert (imported["coding"]["unknown"], imported["coding"]["success_rate"]) == (1, 0.0)
    assert mine["coding"]["unknown"] == 0


def test_bad_arguments_are_clear_errors(empty_home: Sandbox) -> None:
    done = empty_home.run("import", "claude")
    assert done.returncode == 2
    assert "unknown host 'claude'" in done.stderr and "claude_code" in done.stderr
    done = empty_home.run("import", "--since", "yesterday")
    assert done.returncode == 2 and "--since" in done.stderr and "Traceback" not in done.stderr


def test_a_machine_without_logs_gets_a_plain_answer_and_no_files(empty_home: Sandbox) -> None:
    done = empty_home.run("import")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("no session logs found")
    assert not (empty_home.data / "routesmith").exists()


def test_an_entry_whose_type_is_not_a_string_is_counted_not_a_crash(sandbox: Sandbox) -> None:
    claude = next(sandbox.claude.glob("projects/*/2222-bbbb.jsonl"))
    codex = next((sandbox.codex / "sessions").rglob("*.jsonl"))
    for log in (claude, codex):
        with log.open("a", encoding="utf-8") as out:
            out.write('{"type": [], "payload": {}}\n{"type": {"x": 1}, "message": {}}\n')
    done = sandbox.run("import", "--since", SINCE, "--json", "claude_code", "codex")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
