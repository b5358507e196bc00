"""`glutewake demo`: a simulated office day through the real engine, told in plain words.

Until you have a day of your own, this shows what glutewake notices and when it would speak up.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from glutewake.core.settings import Settings

if TYPE_CHECKING:
    from glutewake.cli.options import Subparsers

DEMO_DAY = date(2026, 11, 2)
DEMO_ZONE = ZoneInfo("Europe/Berlin")


def add_parsers(sub: Subparsers) -> None:
    sub.add_parser(
        "demo", help="replay the sample office day that ships with glutewake and summarise it"
    ).set_defaults(run=demo_command)


def demo_command(args: argparse.Namespace) -> int:
    return run_demo(sys.stdout)


def run_demo(out: TextIO, settings: Settings | None = None) -> int:
    settings = settings or Settings()
    from glutewake.traces.reader import TraceLine, parse_line_record
    from glutewake.traces.replay import replay
    from glutewake.traces.simulation import simulate_day

    day = simulate_day(DEMO_DAY, DEMO_ZONE, seed=7)
    lines: list[TraceLine] = [
        parse_line_record(record, f"demo:{n}") for n, record in enumerate(day.lines, 1)
    ]
    result = replay(lines, settings)
    local = result.zones.local
    sitting = sum(b.seconds for b in result.bouts)
    longest = max(result.bouts, key=lambda b: b.seconds)
    out.write(
        f"A simulated office day ({DEMO_DAY:%A %d %B %Y}), prompting after "
        f"{settings.interval_minutes} minutes of sitting:\n\n"
    )
    for bout in result.bouts:
        ended = bout.ended_by.value if bout.ended_by else "end of day"
        out.write(
            f"  sat {local(bout.start):%H:%M}-{local(bout.end):%H:%M}  "
            f"{bout.seconds / 60:4.0f} min  (ended by: {ended})\n"
        )
    out.write(
        f"\n  {len(result.bouts)} sitting bouts, {sitting / 3600:.1f} h in all; "
        f"longest {longest.seconds / 60:.0f} min from {local(longest.start):%H:%M}.\n"
    )
    if result.prompts:
        times = ", ".join(f"{local(p.at):%H:%M}" for p in result.prompts)
        out.write(f"  glutewake would have prompted a break at {times}.\n")
    else:
        out.write("  No bout reached the interval: glutewake would have stayed quiet.\n")
    return 0
