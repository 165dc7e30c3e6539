"""`routesmith run` as a real process, driving fake host CLIs that record their argv."""

from __future__ import annotations

import os
import pty
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from routesmith.model import Source

PROMPT = "Plan this feature, implement it, add tests, and write docs"

# host -> (executable, leading args, model flag, prompt flag or None when the prompt is the last argument)
HOST_CLIS = {
    "claude_code": ("claude", [], "--model", "-p"),
    "codex": ("codex", ["exec"], "-m", None),
    "gemini_cli": ("gemini", [], "-m", "-p"),
    "aider": ("aider", [], "--model", "--message"),
}


def dependents(steps: list[dict], failed: int) -> set[int]:
    """Ids of the steps that need step `failed`, directly or through other steps."""
    found: set[int] = set()
    grew = True
    while grew:
        grew = False
        for step in steps:
            if step["id"] not in found and ({failed} | found) & set(step["depends_on"]):
                found.add(step["id"])
                grew = True
    return found


def step_with(steps: list[dict], word: str) -> dict:
    return next(step for step in steps if word in step["text"])


def prompt_arg(argv: list[str], prompt_flag: str | None) -> str:
    return argv[argv.index(prompt_flag) + 1] if prompt_flag else argv[-1]


def process_gone(pid: int) -> bool:
    """True when `pid` no longer runs (a zombie nobody reaped counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


@pytest.mark.parametrize("host", sorted(HOST_CLIS))
def test_each_step_runs_on_its_model_and_gets_its_dependencies_output(sandbox, host: str) -> None:
    exe, lead, model_flag, prompt_flag = HOST_CLIS[host]
    sandbox.fake_host(exe)
    steps = sandbox.explain(PROMPT, host)

    result = sandbox.routesmith("run", "--host", host, PROMPT)

    assert result.returncode == 0, result.stderr
    calls = sandbox.calls()
    assert len(calls) == len(steps)
    position = {step["id"]: index + 1 for index, step in enumerate(steps)}
    for argv, step in zip(calls, steps, strict=True):
        assert argv[: len(lead)] == lead
        assert argv[argv.index(model_flag) + 1] == step["model"]
        prompt = prompt_arg(argv, prompt_flag)
        assert prompt.startswith(step["text"])
        for dep in step["depends_on"]:
            assert f"RESULT-{position[dep]}" in prompt  # the dependency's final output, chained in
        for other in set(position) - set(step["depends_on"]) - {step["id"]}:
            assert f"RESULT-{position[other]}" not in prompt
    assert f"RESULT-{len(steps)}" in result.stdout
    assert f"[{len(steps)}/{len(steps)}]" in result.stderr  # progress: step n/m

    records = sandbox.records()
    assert [(r.step_id, r.task, r.capability, r.model) for r in records] == [
        (s["id"], s["task"], s["capability"], s["model"]) for s in steps
    ]
    assert all(r.success and r.host == host and r.source is Source.RUN for r in records)
    assert len({r.route_id for r in records}) == 1
    assert len({r.prompt_hash for r in records}) == 1 and records[0].prompt_hash  # groups reruns, no text
    assert all(r.prompt_text is None for r in records)
    assert all(r.duration_ms is not None and r.duration_ms > 0 for r in records)


def test_quiet_prints_each_steps_status_not_its_output(sandbox) -> None:
    sandbox.fake_host("claude")
    steps = sandbox.explain(PROMPT, "claude_code")
    result = sandbox.routesmith("run", "--quiet", "--host", "claude_code", PROMPT)
    assert result.returncode == 0, result.stderr
    assert "RESULT-" not in result.stdout
    assert result.stdout.count("=== step ") == len(steps)
    assert len(sandbox.records()) == len(steps)  # still run and recorded


def test_a_failed_step_stops_its_dependents_and_is_recorded(sandbox) -> None:
    sandbox.fake_host("claude")
    prompt = "Plan this feature, implement it FAILME, add tests, and write docs"
    steps = sandbox.explain(prompt, "claude_code")
    failing = step_with(steps, "FAILME")
    order = [step["id"] for step in steps]
    ran = order[: order.index(failing["id"]) + 1]

    result = sandbox.routesmith("run", "--host", "claude_code", prompt)

    assert result.returncode == 1
    assert len(sandbox.calls()) == len(ran)
    assert "fake agent: cannot do that" in result.stderr
    assert "exit status 3" in result.stderr
    for step_id in set(order) - set(ran):
        assert f"step {step_id} " in result.stderr and "skipped" in result.stderr
    records = {r.step_id: r for r in sandbox.records()}
    assert sorted(records) == sorted(ran)
    assert records[failing["id"]].success is False
    assert all(records[i].success for i in ran if i != failing["id"])


def test_keep_going_still_runs_steps_that_do_not_need_the_failed_one(sandbox) -> None:
    sandbox.fake_host("claude")
    prompt = "Review the auth module FAILME. Separately, fix the typo in the README and document the CLI."
    steps = sandbox.explain(prompt, "claude_code")
    failing = step_with(steps, "FAILME")
    blocked = dependents(steps, failing["id"])
    independent = [s["id"] for s in steps if s["id"] not in blocked | {failing["id"]}]
    assert independent, f"test prompt needs a step independent of the failing one: {steps}"

    stopped = sandbox.routesmith("run", "--host", "claude_code", prompt)
    first_calls = len(sandbox.calls())
    sandbox.agent_log.unlink()
    kept_going = sandbox.routesmith("run", "--host", "claude_code", "--keep-going", prompt)

    assert stopped.returncode == kept_going.returncode == 1
    assert first_calls == [s["id"] for s in steps].index(failing["id"]) + 1
    assert len(sandbox.calls()) == len(steps) - len(blocked)
    ran = [s["id"] for s in steps if s["id"] not in blocked]
    latest = [r for r in sandbox.records() if r.route_id == sandbox.records()[-1].route_id]
    assert sorted(r.step_id for r in latest) == sorted(ran)


def test_timeout_stops_the_step_and_its_process_group(sandbox) -> None:
    sandbox.fake_host("claude")
    prompt = "Plan this feature HANG, implement it, and add tests"
    steps = sandbox.explain(prompt, "claude_code")
    hanging = step_with(steps, "HANG")

    result = sandbox.routesmith("run", "--host", "claude_code", "--timeout", "1", prompt)

    assert result.returncode == 1
    assert "timeout" in result.stderr
    records = sandbox.records()
    assert [(r.step_id, r.success) for r in records] == [(hanging["id"], False)]
    grandchild = int(Path(f"{sandbox.agent_log}.grandchild").read_text())
    assert process_gone(grandchild)


def test_ctrl_c_stops_the_current_step_and_records_it_as_failed(sandbox) -> None:
    sandbox.fake_host("claude")
    prompt = "Plan this feature HANG, implement it, and add tests"
    steps = sandbox.explain(prompt, "claude_code")
    hanging = step_with(steps, "HANG")
    marker = Path(f"{sandbox.agent_log}.grandchild")

    proc = sandbox.popen("run", "--host", "claude_code", prompt)
    deadline = time.monotonic() + 60
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the fake host never started"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)

    assert proc.returncode == 130, err
    assert "aborted" in err
    assert "Traceback" not in err
    assert len(sandbox.calls()) == 1  # nothing after the interrupted step started
    records = sandbox.records()
    assert [(r.step_id, r.success) for r in records] == [(hanging["id"], False)]
    assert process_gone(int(marker.read_text()))


def test_progress_is_one_live_line_on_a_terminal(sandbox) -> None:
    sandbox.fake_host("claude")
    steps = sandbox.explain(PROMPT, "claude_code")
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "routesmith", "run", "--host", "claude_code", PROMPT],
        cwd=sandbox.work,
        env=sandbox.env,
        stdout=subprocess.PIPE,
        stderr=terminal,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # EIO: the last holder of the terminal side exited
            break
        if not chunk:
            break
        shown += chunk
    proc.communicate(timeout=60)
    os.close(controller)

    assert proc.returncode == 0
    text = shown.decode()
    for index, step in enumerate(steps, start=1):
        assert f"\r\x1b[2K[{index}/{len(steps)}] {step['task']} · {step['model']}: ok in " in text
    assert "started" not in text  # the plain per-line log is for pipes and files


def test_host_without_model_switching_gets_one_composed_prompt_to_paste(sandbox) -> None:
    steps = sandbox.explain(PROMPT, "generic")

    result = sandbox.routesmith("run", "--host", "generic", PROMPT)

    assert result.returncode == 0, result.stderr
    assert "cannot switch models" in result.stderr
    sections = result.stdout.split("## Step ")[1:]
    assert len(sections) == len(steps)
    for section, step in zip(sections, steps, strict=True):
        assert section.startswith(f"{step['id']}: {step['task']}")
        assert step["text"] in section
        if step["strategy"]:
            assert step["strategy"] in section
    assert not sandbox.telemetry.exists()  # nothing ran, so nothing is recorded


def test_host_with_a_cli_but_no_switching_gets_the_composed_prompt_once(sandbox) -> None:
    sandbox.fake_host("soloagent")
    Path(sandbox.env["ROUTESMITH_CONFIG"]).write_text(
        '[hosts.solo]\nname = "solo"\ndisplay = "Solo Agent"\nswitch_modes = ["session"]\n'
        'invocation = ["soloagent", "--print", "{prompt}", "--model", "{model}"]\n'
    )
    steps = sandbox.explain(PROMPT, "solo")

    result = sandbox.routesmith("run", "--host", "solo", PROMPT)

    assert result.returncode == 0, result.stderr
    assert "cannot switch models per step" in result.stderr and "soloagent" in result.stderr
    [argv] = sandbox.calls()
    assert argv[0] == "--print" and "--model" not in argv  # no model invented: the host's default runs
    for step in steps:
        assert f"## Step {step['id']}: {step['task']}" in argv[1]
    records = sandbox.records()
    assert sorted(r.step_id for r in records) == [s["id"] for s in steps]
    assert all(r.model == "host-default" and r.success for r in records)


def test_dry_run_prints_the_exact_commands_and_runs_nothing(sandbox) -> None:
    sandbox.fake_host("claude")
    steps = sandbox.explain(PROMPT, "claude_code")
    prompt_file = sandbox.work / "prompt.md"
    prompt_file.write_text(PROMPT + "\n")

    for args in (["--file", str(prompt_file)], ["-"]):
        result = sandbox.routesmith("run", "--host", "claude_code", "--dry-run", *args, stdin=PROMPT)
        assert result.returncode == 0, result.stderr
        # One "# step ..." header per command; a command spans lines when its prompt does.
        blocks = re.split(r"^# step .*\n", result.stdout, flags=re.MULTILINE)[1:]
        commands = [shlex.split(block) for block in blocks]
        assert [argv[argv.index("--model") + 1] for argv in commands] == [s["model"] for s in steps]
        assert all(argv[0] == "claude" for argv in commands)
        for argv, step in zip(commands, steps, strict=True):
            for dep in step["depends_on"]:
                assert f"<output of step {dep}>" in argv[argv.index("-p") + 1]
    assert sandbox.calls() == []
    assert not sandbox.telemetry.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["   "], "empty"),
        (["--timeout", "0", "x"], "positive number of seconds"),
        (["--file", "missing.md"], "missing.md"),
        ([], "no prompt"),
    ],
)
def test_bad_input_is_one_clear_line(sandbox, args: list[str], message: str) -> None:
    result = sandbox.routesmith("run", "--host", "claude_code", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_placeholders_in_the_prompt_reach_the_host_verbatim(sandbox) -> None:
    sandbox.fake_host("claude")
    prompt = "Plan renaming the {model} field to {prompt}"

    result = sandbox.routesmith("run", "--host", "claude_code", prompt)

    assert result.returncode == 0, result.stderr
    [argv] = sandbox.calls()
    assert argv[argv.index("-p") + 1] == prompt


def test_a_step_the_os_refuses_to_start_fails_cleanly(sandbox) -> None:
    sandbox.fake_host("claude")
    # one argv entry > 128 KiB: a step is at most a 64 KiB piece of its paragraph, in characters of 3 bytes
    prompt = "この機能の計画を立てて: " + "細部まで全部覚えておいて" * 15000

    result = sandbox.routesmith("run", "--host", "claude_code", "-", stdin=prompt)

    assert result.returncode == 1
    assert "cannot start `claude`" in result.stderr and "Traceback" not in result.stderr
    assert sandbox.calls() == []
    assert [r.success for r in sandbox.records()][:1] == [False]


def test_missing_host_cli_is_a_clear_error(sandbox) -> None:
    sandbox.env["PATH"] = str(sandbox.bin) + os.pathsep + os.path.dirname(os.path.realpath(sys.executable))
    result = sandbox.routesmith("run", "--host", "codex", PROMPT)
    assert result.returncode == 2
    assert "`codex` not found on PATH" in result.stderr
