"""`install` / `uninstall`: RouteSmith's routing guidance in a host's own instruction files.

Both work in two phases: a plan (every file read, every check passed, the new text of each file
computed) and then the writes. A malformed file or a path escaping the workspace root therefore
stops the command before anything is written. What to write per host is data (targets.toml and
templates/); this module only knows the three kinds of edit.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from importlib import resources
from pathlib import Path
from string import Template
from typing import Literal

import msgspec

from routesmith.errors import UserError
from routesmith.install.blocks import (
    MARKDOWN,
    YAML,
    drop_block,
    is_sealed,
    is_sealed_intact,
    put_block,
    seal,
    yaml_scalar,
    yaml_top_level_keys,
)
from routesmith.model import DEFAULT_CAPABILITY, Capability, Config, HostProfile, TaskType


class Target(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    path: str  # relative to the workspace root; "{capability}" gives one file per capability
    kind: Literal["block", "file", "yaml"]
    template: str | None = None
    keys: dict[str, str] = {}  # yaml: key -> value template


class HostTargets(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    guidance: str
    files: list[Target]


class Change(msgspec.Struct, kw_only=True):
    rel: str
    path: Path  # where the bytes go: the resolved path, so a symlink inside the root is written through
    before: str | None  # None: the file does not exist
    after: str | None  # None: delete it


class Plan(msgspec.Struct, kw_only=True):
    root: Path
    changes: list[Change] = []
    notes: list[str] = []


_DATA = resources.files(__package__)


def load_targets() -> dict[str, HostTargets]:
    return msgspec.toml.decode(_DATA.joinpath("targets.toml").read_bytes(), type=dict[str, HostTargets])


def find_root(start: Path) -> Path:
    """The nearest directory at or above `start` holding `.git`, else `start` itself."""
    start = start.resolve()
    return next((path for path in (start, *start.parents) if (path / ".git").exists()), start)


def capability_models(profile: HostProfile, config: Config) -> dict[Capability, str]:
    """The model the user's config and the host profile give each capability (pin and overrides first)."""
    overrides = config.policy.capability_model.get(profile.name, {})
    models: dict[Capability, str] = {}
    for capability in Capability:
        candidates = profile.capabilities.get(capability, [])
        model = config.policy.pin or overrides.get(capability) or (candidates[0] if candidates else None)
        if model:
            models[capability] = model
    return models


class Workspace:
    """Reads and checks paths inside one root; nothing outside it, symlinks included, is touched."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def resolve(self, rel: str) -> Path:
        real = Path(os.path.realpath(self.root / rel))
        if not real.is_relative_to(self.root):
            raise UserError(f"{rel}: resolves to {real}, outside the workspace root {self.root}; refusing")
        return real

    def read(self, rel: str) -> tuple[Path, str | None]:
        path = self.resolve(rel)
        try:
            return path, path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            return path, None
        except UnicodeDecodeError as exc:
            raise UserError(f"{rel}: not UTF-8 text (byte {exc.start}); left untouched") from exc
        except OSError as exc:
            raise UserError(f"{rel}: cannot read: {exc.strerror}") from exc


class Planner:
    """Computes the install or uninstall plan for one host."""

    def __init__(self, host: str, root: Path, profile: HostProfile, config: Config) -> None:
        targets = load_targets()
        if host not in targets:
            raise UserError(
                f"install: no instruction files known for host {host!r}; known: {', '.join(targets)}"
            )
        self.targets = targets[host]
        self.profile = profile
        self.config = config
        self.workspace = Workspace(root)
        self.plan = Plan(root=self.workspace.root)
        self.models = capability_models(profile, config)

    def install(self) -> Plan:
        context = self._context()
        for target in self.targets.files:
            if target.kind == "block":
                self._put_block(target, self._render(target, context))
            elif target.kind == "yaml":
                self._put_yaml(target, context)
            else:
                for rel, capability in self._file_paths(target):
                    wanted = capability is None or capability in self.models
                    if wanted:
                        self._put_file(
                            rel, self._render(target, self._capability_context(context, capability))
                        )
                    else:
                        self._drop_file(rel)  # no model for it any more: the old pinned file would mislead
        return self.plan

    def uninstall(self) -> Plan:
        for target in self.targets.files:
            if target.kind == "file":
                for rel, _ in self._file_paths(target):
                    self._drop_file(rel)
            else:
                markers = YAML if target.kind == "yaml" else MARKDOWN
                path, before = self.workspace.read(target.path)
                if before is not None:
                    after = drop_block(before, markers, target.path)
                    self._change(target.path, path, before, after if after.strip() else None)
        return self.plan

    # -- content ---------------------------------------------------------------------------------

    def _context(self) -> dict[str, str]:
        approaches = msgspec.toml.decode(
            _DATA.joinpath("approaches.toml").read_bytes(), type=dict[Capability, str]
        )
        rows = ["| Steps | Capability | Model | Approach on a single model |", "|---|---|---|---|"]
        for capability in Capability:
            model = f"`{self.models[capability]}`" if capability in self.models else "—"
            rows.append(f"| {self._tasks(capability)} | {capability} | {model} | {approaches[capability]} |")
        context = {"host": self.profile.display, "table": "\n".join(rows), "guidance": self.targets.guidance}
        context |= {f"model_{capability}": model for capability, model in self.models.items()}
        context["body"] = Template(_DATA.joinpath("templates", "guidance.md").read_text()).substitute(context)
        return context

    def _capability_context(self, context: dict[str, str], capability: Capability | None) -> dict[str, str]:
        if capability is None:
            return context
        tasks = self._tasks(capability)
        slug = capability.replace("_", "-")
        return context | {
            "capability": capability,
            "slug": slug,
            "model": self.models[capability],
            "tasks": tasks,
        }

    def _tasks(self, capability: Capability) -> str:
        task_capability = DEFAULT_CAPABILITY | self.config.policy.task_capability
        return ", ".join(task for task in TaskType if task_capability[task] == capability) or "(none)"

    def _render(self, target: Target, context: dict[str, str]) -> str:
        if target.template is None:
            raise UserError(f"install: target {target.path} has no template")  # a packaging mistake
        return Template(_DATA.joinpath("templates", target.template).read_text()).substitute(context)

    def _file_paths(self, target: Target) -> list[tuple[str, Capability | None]]:
        if "{capability}" not in target.path:
            return [(target.path, None)]
        return [(target.path.replace("{capability}", c.replace("_", "-")), c) for c in Capability]

    # -- edits -----------------------------------------------------------------------------------

    def _change(self, rel: str, path: Path, before: str | None, after: str | None) -> None:
        if before != after:
            self.plan.changes.append(Change(rel=rel, path=path, before=before, after=after))

    def _put_block(self, target: Target, body: str) -> None:
        path, before = self.workspace.read(target.path)
        self._change(target.path, path, before, put_block(before, body, MARKDOWN, target.path))

    def _put_yaml(self, target: Target, context: dict[str, str]) -> None:
        path, before = self.workspace.read(target.path)
        taken = yaml_top_level_keys(before or "", target.path)
        lines = []
        for key, template in target.keys.items():
            try:
                value = Template(template).substitute(context)
            except KeyError:
                continue  # the host has no model for that capability: better unset than invented
            if key in taken:
                self.plan.notes.append(
                    f"{target.path}: kept your own `{key}:` (RouteSmith would set {value})"
                )
            else:
                lines.append(f"{key}: {yaml_scalar(value)}")
        if lines:
            after = put_block(before, "\n".join(lines), YAML, target.path)
        else:
            after = drop_block(before, YAML, target.path) if before else before
        self._change(target.path, path, before, after)

    def _put_file(self, rel: str, content: str) -> None:
        path, before = self.workspace.read(rel)
        if before is None or is_sealed_intact(before):
            self._change(rel, path, before, seal(content))
        else:
            self._keep(rel, before)

    def _drop_file(self, rel: str) -> None:
        path, before = self.workspace.read(rel)
        if before is None:
            return
        if is_sealed_intact(before):
            self._change(rel, path, before, None)
        else:
            self._keep(rel, before)

    def _keep(self, rel: str, text: str) -> None:
        why = "edited since RouteSmith wrote it" if is_sealed(text) else "not written by RouteSmith"
        self.plan.notes.append(f"{rel}: left as is ({why}); remove it yourself if it should go")


def unified_diff(plan: Plan) -> str:
    chunks = []
    for change in plan.changes:
        chunks += difflib.unified_diff(
            (change.before or "").splitlines(keepends=True),
            (change.after or "").splitlines(keepends=True),
            fromfile="/dev/null" if change.before is None else f"a/{change.rel}",
            tofile="/dev/null" if change.after is None else f"b/{change.rel}",
        )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in chunks
    )


def apply(plan: Plan) -> None:
    """Write every change; each file is replaced atomically, so a crash leaves the old or the new text."""
    for change in plan.changes:
        if change.after is None:
            change.path.unlink()
            _remove_empty_parents(change.path.parent, plan.root)
        else:
            _write_atomic(change.path, change.after)


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_empty_parents(directory: Path, root: Path) -> None:
    """Directories like .claude/agents that held only RouteSmith's files go with them."""
    while directory != root and directory.is_relative_to(root):
        try:
            directory.rmdir()
        except OSError:
            return
        directory = directory.parent
