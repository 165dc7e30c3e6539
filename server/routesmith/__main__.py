from routesmith.cli import run

raise SystemExit(run())
