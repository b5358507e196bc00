"""The running tray app: one composition root and the few collaborators it wires.

The engine's outputs flow one way. Monitors hand facts to the sitting loop; the loop feeds the
engine and publishes an `Update` (new prompts, the status, the open question); the history
recorder, the prompt desk (notifier), the tray and the status file each take what they need
from it. The user's answers flow back only as facts or policy actions on the loop.

- `root`: GlutewakeApp builds everything (constructor) and starts it (`start`).
- `loop`: the engine, the wake-up timer, and the `Update`s.
- `recorder`: bouts, prompts, spells and routines into the history, in wall time.
- `prompts`: what is on screen, the answers, and a notifier that fails.
- `coach`: which routine to offer, and the routine window.
- `windows`: charts, settings and welcome, built when first opened.
- `day_watch`: local midnight, time-zone changes and wall-clock jumps.
- `status_report`: the status for `glutewake status` and the status file.
- `run`: the `glutewake` command: Qt, logging, signals, then the root.
"""

from glutewake.app.root import AppOptions, GlutewakeApp
from glutewake.app.run import run_app

__all__ = ["AppOptions", "GlutewakeApp", "run_app"]
