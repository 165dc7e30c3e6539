"""RouteSmith: host-aware routing of multi-step coding-agent prompts."""

import enum
import sys

__version__ = "0.1.0"

if sys.version_info < (3, 12) and "__getattr__" in vars(enum.EnumType):
    # Python 3.11 reads every `Kind.VERB` or `TaskType.CODING` through this Python-level fallback hook,
    # which makes reading a member several times slower than reading a class attribute, and the decomposer
    # reads members in its innermost loops (a tenth of the time of 1 MB of prose). 3.11 keeps every member
    # in its class's __dict__ already (as a property where the name clashes), so the hook finds nothing
    # new; Python 3.12 removed it. Do as 3.12 does.
    del enum.EnumType.__getattr__  # type: ignore[misc]
