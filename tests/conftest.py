"""What the end-to-end tests (editors, the OpenTelemetry Collector) need from the machine, and how they get
it.

System packages (Debian's tmux, chromium and fonts, Go) are installed only when asked: with
ROUTESMITH_E2E_INSTALL=1 (which .ci/run sets) and as root. Otherwise a test that needs a missing package
skips and says how to enable it. Set-up steps print progress to the terminal, past pytest's capture.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable

import pytest

INSTALL = "ROUTESMITH_E2E_INSTALL"


@pytest.fixture(scope="session")
def progress(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """A line on the terminal now, even while pytest captures output (set-up can take minutes)."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")

    def say(message: str) -> None:
        if reporter is not None:
            reporter.write_line(f"[e2e set-up] {message}")

    return say


def missing_debian_packages(packages: list[str], progress: Callable[[str], None]) -> str | None:
    """Installs the Debian packages not installed yet, when ROUTESMITH_E2E_INSTALL=1 and root; returns why
    not (the reason a test skips) when they are missing and that cannot or may not be done."""
    if shutil.which("dpkg-query") is None or shutil.which("apt-get") is None:
        return f"not a Debian system: install {' '.join(packages)} by hand"

    def installed(package: str) -> bool:
        query = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
        )
        return query.stdout.endswith(" installed")

    missing = [p for p in packages if not installed(p)]
    if not missing:
        return None
    if os.environ.get(INSTALL) != "1":
        return (
            f"{' '.join(missing)} not installed: set {INSTALL}=1 (as root) to let the tests apt-get install "
            f"them, or run `apt-get install {' '.join(missing)}` yourself"
        )
    if os.geteuid() != 0:
        return f"{' '.join(missing)} not installed and not root to apt-get install them"
    progress(f"apt-get install {' '.join(missing)} ({INSTALL}=1)")
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for attempt in range(2):
        proc = subprocess.run(install, capture_output=True, text=True, env=env, timeout=900, check=False)
        if proc.returncode == 0:
            return None
        if attempt == 0:  # a fresh machine has no package lists yet
            progress("apt-get update")
            update = ["apt-get", "update", "-q"]
            subprocess.run(update, capture_output=True, env=env, timeout=600, check=False)
    return f"apt-get install {' '.join(missing)} failed: {proc.stderr.strip()[-500:]}"
