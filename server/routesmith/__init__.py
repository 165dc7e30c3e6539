"""RouteSmith: host-aware routing of multi-step coding-agent prompts."""

__version__ = "0.1.0"
