from routesmith.cli import main

raise SystemExit(main())
