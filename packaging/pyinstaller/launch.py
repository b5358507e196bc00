"""The bundle's entry point: the same command line as `glutewake`."""

from glutewake.cli.main import main

raise SystemExit(main())
