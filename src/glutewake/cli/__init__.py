"""The command line: `glutewake [COMMAND]`, one module per group of commands.

Each module adds its own parser and names the function that runs it; `main` only parses and
dispatches. Modules import Qt, pyqtgraph or the SQLite store only inside the function that runs
a command needing them, so `--help`, `replay` and `report` start quickly and need no display.
"""
