"""The command line as a new user meets it, through real processes: one JSON contract, errors that help,
telemetry commands that cannot surprise, output that fits and colours only a terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

SEED = "Plan this feature, implement it, add tests, and write docs"
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
COMMANDS = [
    "explain", "detect-host", "capabilities", "doctor", "record", "stats", "history", "prune", "run",
    "install", "uninstall", "lsp", "serve-stdio",
]  # fmt: skip


class Shell:
    """A user's machine in tmp: own HOME, XDG dirs, user config and telemetry log; no host markers."""

    def __init__(self, tmp: Path) -> None:
        self.work = tmp / "work"
        self.work.mkdir()
        self.log = tmp / "log" / "telemetry.rslog"
        self.env = {
            "PATH": os.environ["PATH"],
            "LANG": "C.UTF-8",
            "HOME": str(tmp / "home"),
            "XDG_CONFIG_HOME": str(tmp / "config"),
            "XDG_DATA_HOME": str(tmp / "data"),
            "XDG_CACHE_HOME": str(tmp / "cache"),
            "ROUTESMITH_CONFIG": str(tmp / "user.toml"),
            "ROUTESMITH_TELEMETRY_PATH": str(self.log),
        }

    def run(self, *args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "routesmith", *args],
            cwd=self.work,
            env=self.env | env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def json(self, *args: str) -> dict:
        result = self.run(*args)
        assert result.returncode == 0, result.stderr
        value = json.loads(result.stdout)
        assert isinstance(value, dict)  # every top-level JSON value is an object
        return value

    def terminal(self, *args: str, answer: str | None = None, **env: str) -> tuple[int, str]:
        """Run with stdin, stdout and stderr on a pseudo-terminal, as in a user's shell; returns the exit
        status and everything the terminal showed. `answer` is typed once a prompt ends in "] "."""
        controller, terminal = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "routesmith", *args],
            cwd=self.work,
            env=self.env | {"TERM": "xterm", "COLUMNS": "200"} | env,
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
        )
        os.close(terminal)
        shown = b""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(controller, 4096)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                shown += chunk
                if answer is not None and shown.rstrip().endswith(b"]"):
                    os.write(controller, answer.encode() + b"\n")
                    answer = None
            elif proc.poll() is not None:
                break
        os.close(controller)
        return proc.wait(timeout=10), shown.decode(errors="replace")

    def record(self, *extra: str) -> subprocess.CompletedProcess[str]:
        return self.run(
            "record", "--host", "claude_code", "--model", "claude-sonnet-4-6", "--task", "coding", *extra
        )


@pytest.fixture
def shell(tmp_path: Path) -> Shell:
    return Shell(tmp_path)


# -- one JSON contract --------------------------------------------------------------------------------------


def test_every_data_command_prints_one_object_with_json(shell: Shell) -> None:
    assert shell.record("--success").returncode == 0
    explain = shell.json("explain", "--json", SEED)
    detected = shell.json("detect-host", "--json")
    capabilities = shell.json("capabilities", "--json", "--host", "codex")
    doctor = shell.json("doctor", "--json")
    recorded = shell.json(
        "record", "--host", "codex", "--model", "gpt-5.5", "--task", "review", "--failure", "--json"
    )
    stats = shell.json("stats", "--json")
    history = shell.json("history", "--json")
    pruned = shell.json("prune", "--keep", "5", "--dry-run", "--json")

    assert explain["host"] == detected["host"] == doctor["host"]["host"] == "generic"
    assert capabilities["host"] == "codex" and "name" not in capabilities  # one word for the host
    assert recorded["recorded"] is True and recorded["record"]["host"] == "codex"
    assert recorded["record"]["capability"] == "deep_reasoning"  # the task's default
    assert ISO_UTC.match(recorded["record"]["time"])
    assert [g["host"] for g in stats["groups"]] == ["claude_code", "codex"] and stats["records"] == 2
    assert history["count"] == 2 and all(ISO_UTC.match(r["time"]) for r in history["records"])
    assert stats["log"] == history["log"] == recorded["log"] == pruned["log"] == str(shell.log)
    assert pruned == {"log": str(shell.log), "dry_run": True, "removed": 0, "older_than": None, "keep": 5}
    assert shell.json("stats", "--format", "json") == stats  # the older spelling stays an alias
    assert shell.json("history", "--format", "json") == history


def test_explain_json_carries_what_the_text_shows(shell: Shell) -> None:
    prompt = "Plan the export, implement it, then wait for my OK. Update the docs if behaviour changes. "
    prompt += "Don't write a migration guide."
    out = shell.json("explain", "--json", "--host", "claude_code", prompt)
    text = shell.run("explain", "--host", "claude_code", prompt).stdout

    assert out["host_source"] == "flag" and out["can_switch"] is True
    assert [(e["task"], e["text"]) for e in out["excluded"]] == [
        ("documentation", "Don't write a migration guide")
    ]
    assert 'excluded: documentation ("Don\'t write a migration guide")' in text
    assert out["notes"] and all(f"note: {note}" in text for note in out["notes"][1:])
    gated = [s for s in out["steps"] if s["approval_gate"]]
    assert [s["task"] for s in gated] == ["coding"] and "[then wait for approval]" in text
    [optional] = [s for s in out["steps"] if s["optional"]]
    assert (optional["task"], optional["condition"]) == ("documentation", "behaviour changes")


# -- errors that help ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "usage", "message"),
    [
        (["doctor", "--jsn"], "usage: routesmith doctor", "arguments: --jsn; did you mean '--json'?"),
        (["explain", "x", "--bogus"], "usage: routesmith explain", "unrecognized arguments: --bogus"),
        (["stats", "--prune"], "usage: routesmith stats", "unrecognized arguments: --prune"),
        (
            ["explian", SEED],
            "usage: routesmith [-h]",
            "command 'explian' (`routesmith --help` lists them); did",
        ),
        (
            ["explain", "x", "--preference", "cots"],
            "usage: routesmith explain",
            "balanced; did you mean 'cost'?",
        ),
    ],
)
def test_argument_errors_show_the_commands_usage_and_a_suggestion(
    shell: Shell, args: list[str], usage: str, message: str
) -> None:
    result = shell.run(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(usage), result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["explain", "x", "--host", "claude-cod"], "unknown host 'claude-cod'; known hosts: aider"),
        (
            ["record", "--host", "claude-cod", "--model", "m", "--task", "coding", "--success"],
            "--host: unknown",
        ),
        (["record", "--host", "codex", "--model", "m", "--task", "codng", "--success"], "mean 'coding'?"),
        (
            ["history", "--source", "lps"],
            "(expected one of: lsp, cli, run, mcp, import); did you mean 'lsp'?",
        ),
    ],
)
def test_unknown_names_list_the_allowed_ones_and_suggest_the_closest(
    shell: Shell, args: list[str], message: str
) -> None:
    result = shell.run(*args)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    if "host" in message:
        assert "did you mean 'claude_code'?" in result.stderr
    assert not shell.log.exists()


def test_a_config_reports_every_problem_and_host_on_the_command_line_wins(shell: Shell) -> None:
    config = shell.work / ".routesmith.toml"
    config.write_text('prefrence = "cost"\nhost = "claude-cod"\n[policy]\n  pin = 3\n')
    broken = shell.run("detect-host")
    assert broken.returncode == 2
    assert broken.stderr.splitlines() == [
        f"routesmith: error: {config}:1:1: prefrence: unknown key; did you mean 'preference'?",
        f"routesmith: error: {config}:4:3: policy.pin: Expected `str | null`, got `int`",
    ]
    config.write_text('host = "claude-cod"\npreference = cost\n')
    unquoted = shell.run("detect-host")
    hint = 'Invalid value; strings need quotes: preference = "cost"'
    assert unquoted.stderr == f"routesmith: error: {config}:2:14: (syntax): {hint}\n"
    config.write_text('host = "claude-cod"\n')
    assert shell.run("detect-host").returncode == 2
    flagged = shell.run("detect-host", "--host", "codex")
    assert flagged.returncode == 0 and flagged.stdout.startswith("host: codex\nsource: flag")
    assert (
        "host: unknown host 'claude-cod'" in flagged.stderr
        and "(ignored: --host decides the host)" in flagged.stderr
    )


# -- telemetry commands that cannot surprise ----------------------------------------------------------------


def test_record_checks_every_field_warns_on_an_unlisted_model_and_says_what_it_stored(shell: Shell) -> None:
    stored = shell.record("--success", "--duration-ms", "1500")
    assert stored.returncode == 0 and stored.stderr == ""
    assert (
        stored.stdout
        == f"recorded success: claude_code claude-sonnet-4-6 (coding -> coding) in {shell.log}\n"
    )
    unlisted = shell.run(
        "record", "--host", "claude_code", "--model", "gpt-9", "--task", "review", "--failure"
    )
    assert unlisted.returncode == 0
    assert "model 'gpt-9' is not one of claude_code's models (claude-opus-4-7" in unlisted.stderr
    for bad in (["--capability", "smart"], ["--source", "web"]):
        assert shell.record("--success", *bad).returncode == 2
    assert shell.record("--success", "--quiet").stdout == ""
    assert shell.json("history", "--json")["count"] == 3


def test_record_jsonl_defaults_time_to_now_and_reports_bad_lines_by_number(shell: Shell) -> None:
    lines = [
        {"host": "codex", "model": "gpt-5.5", "task": "coding", "success": True},
        {"host": "codex", "model": "gpt-5.5", "task": "coding", "success": "yes"},
        {"host": "codx", "model": "gpt-5.5", "task": "coding", "success": True},
        {"host": "codex", "model": "gpt-5.5", "success": True},
    ]
    before = time.time()
    result = shell.run(
        "record", "--jsonl", "-", "--json", stdin="".join(json.dumps(line) + "\n" for line in lines)
    )
    assert result.returncode == 1
    out = json.loads(result.stdout)
    assert (out["imported"], out["bad"], out["source"]) == (1, 3, "<stdin>")
    assert [(e["line"], e["error"].split(":")[0]) for e in out["errors"]] == [
        (2, "success"),
        (3, "host"),
        (4, "Object missing required field `task`"),
    ]
    assert "did you mean 'codex'?" in out["errors"][1]["error"]
    [row] = shell.json("history", "--json")["records"]
    assert before - 1 <= _seconds(row["time"]) <= time.time() + 1


def _seconds(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def test_prune_asks_on_a_terminal(shell: Shell) -> None:
    for _ in range(3):
        assert shell.record("--success").returncode == 0
    status, shown = shell.terminal("prune", "--keep", "1", answer="n")
    assert status == 1 and f"Delete 2 outcomes (all but the newest 1) from {shell.log}? [y/N]" in shown
    assert "nothing deleted" in shown and shell.json("history", "--json")["count"] == 3
    status, shown = shell.terminal("prune", "--keep", "1", answer="y")
    assert status == 0 and "deleted 2 outcomes" in shown
    assert shell.json("history", "--json")["count"] == 1


# -- output people can read ---------------------------------------------------------------------------------


def test_tables_fit_the_terminal_and_cut_text_never_figures(shell: Shell) -> None:
    long_model = "a-model-with-a-very-long-name-" + "x" * 40
    for _ in range(3):
        shell.record("--success", "--duration-ms", "12345", "--model", long_model)
    for args in (["explain", SEED + " and review the whole thing very carefully"], ["stats"], ["history"]):
        narrow = shell.run(*args, COLUMNS="80").stdout.splitlines()
        prose = ("note:", "  ", "strategies", "host:", "Generic")  # sentences wrap in the terminal
        assert all(len(line) <= 80 for line in narrow if not line.startswith(prose)), (args, narrow)
    stats = shell.run("stats", COLUMNS="80").stdout.splitlines()
    assert (
        "…" in stats[1] and "100%" in stats[1] and "12345" in stats[1]
    )  # the name gave way, not the figures
    assert long_model in shell.run("stats").stdout  # piped without COLUMNS: nothing is cut


def test_colour_on_a_terminal_only_and_never_with_no_color(shell: Shell) -> None:
    _, coloured = shell.terminal("explain", SEED)
    assert "\x1b[1m" in coloured  # the table header is bold
    _, plain = shell.terminal("explain", SEED, NO_COLOR="1")
    assert "\x1b[" not in plain
    assert "\x1b[" not in shell.run("explain", SEED).stdout  # piped
    (shell.work / ".git").mkdir()
    _, diff = shell.terminal("install", "claude_code", "--dry-run")
    assert "\x1b[32m+" in diff and "\x1b[1m+++ b/" in diff
    assert "\x1b[" not in shell.run("install", "claude_code", "--dry-run").stdout


def test_help_documents_every_flag_of_every_command(shell: Shell) -> None:
    for command in COMMANDS:
        result = shell.run(command, "--help")
        assert result.returncode == 0, command
        assert "%%" not in result.stdout, command
        lines = result.stdout.splitlines()
        options = lines.index("options:")
        for number, line in enumerate(lines[options + 1 :], start=options + 1):
            if not line.startswith("  -"):
                continue
            same_line = re.match(r"^  -\S.*?\S  +\S", line)
            next_line = number + 1 < len(lines) and re.match(r"^ {6,}\S", lines[number + 1])
            assert same_line or next_line, f"routesmith {command}: {line.strip()} has no help text"
    assert "95% interval" in shell.run("stats", "--help").stdout


def test_quiet_and_verbose(shell: Shell) -> None:
    quiet = shell.run("explain", "-q", SEED).stdout
    assert not quiet.startswith("host:") and "note:" not in quiet and quiet.splitlines()[0].startswith("#")
    verbose = shell.run("explain", "-v", "--host", "claude_code", SEED).stdout
    assert '1 planning: cue "plan"' in verbose
    doctor = shell.run("doctor", "-q")
    assert doctor.returncode == 0 and doctor.stdout == ""
    (shell.work / ".routesmith.toml").write_text("[policy]\npin = 3\n")
    broken = shell.run("doctor", "--quiet")
    assert broken.returncode == 1 and broken.stdout.startswith("problems:\n  - config: ")


def test_the_command_leaves_what_it_made_out_of_the_collection_at_exit(shell: Shell) -> None:
    # `routesmith` (cli.run) freezes what is alive once the command is done, so Python's collection at exit
    # does not walk a long prompt's cached readings; cli.main, for callers whose process goes on, does not.
    code = (
        "import gc, sys; from routesmith import cli;"
        f"sys.argv = ['routesmith', 'explain', '--json', {SEED!r}];"
        "cli.main(); print('main', gc.get_freeze_count(), file=sys.stderr);"
        "cli.run(); print('run', gc.get_freeze_count(), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=shell.work, env=shell.env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    frozen = dict(line.split() for line in result.stderr.splitlines())
    assert frozen["main"] == "0" and int(frozen["run"]) > 10_000, result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["steps"]  # the output is whole


def test_explain_of_an_order_word_alone_routes_nothing(shell: Shell) -> None:
    """ "Before" as the whole prompt (the first word typed) is no step, not a traceback."""
    assert shell.json("explain", "--json", "Before")["steps"] == []
