"""The bundle's entry point: the same command line as `glutewake`."""

from glutewake.cli import main

raise SystemExit(main())
