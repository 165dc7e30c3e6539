"""Per-user directories, where platformdirs puts them, without importing platformdirs on Linux and BSD.

Importing platformdirs costs several milliseconds, a large part of `routesmith explain`'s start-up; on
XDG systems its answer is two lines of code, written here the way platformdirs' unix backend computes it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

APP = "routesmith"
_XDG = {
    "config": ("XDG_CONFIG_HOME", "~/.config"),
    "data": ("XDG_DATA_HOME", "~/.local/share"),
    "cache": ("XDG_CACHE_HOME", "~/.cache"),
}


def user_dir(kind: Literal["config", "data", "cache"], env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if os.name == "posix" and sys.platform != "darwin":
        var, default = _XDG[kind]
        base = env.get(var, "")
        return Path(base if base.strip() else os.path.expanduser(default)) / APP
    import platformdirs  # macOS and Windows: their conventions are platformdirs' business

    where = {
        "config": platformdirs.user_config_path,
        "data": platformdirs.user_data_path,
        "cache": platformdirs.user_cache_path,
    }[kind]
    return where(APP, appauthor=False)
