"""Replaying a trace: the same engine as the tray app, driven by a file, reported as JSON.

Nothing is written anywhere: replay is for measuring the estimator and for demos.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from glutewake.core.engine import SittingEngine
from glutewake.core.models import Bout
from glutewake.core.policy import Prompt
from glutewake.core.settings import Settings
from glutewake.traces.reader import TraceLine, read_trace


@dataclass(frozen=True, slots=True)
class ReplayResult:
    bouts: list[Bout]
    prompts: list[Prompt]
    zones: _TraceZones

    def to_json(self) -> dict[str, Any]:
        return {
            "bouts": [
                {
                    "start": self.zones.iso(b.start),
                    "end": self.zones.iso(b.end),
                    "ended_by": b.ended_by.value if b.ended_by else None,
                }
                for b in self.bouts
            ],
            "prompts": [self.zones.iso(p.at) for p in self.prompts],
        }


class _TraceZones:
    """The trace's own local time: each moment in the UTC offset of the nearest earlier line.

    Working hours and day boundaries are the trace author's, wherever replay runs.
    """

    def __init__(self, lines: list[TraceLine]) -> None:
        self._times: list[float] = []
        self._zones: list[tzinfo] = []
        for line in lines:
            if not self._zones or line.zone != self._zones[-1]:
                self._times.append(line.fact.t)
                self._zones.append(line.zone)

    def local(self, t: float) -> datetime:
        if not self._zones:
            return datetime.fromtimestamp(t, UTC).astimezone()
        i = max(0, bisect.bisect_right(self._times, t) - 1)
        return datetime.fromtimestamp(t, self._zones[i])

    def iso(self, t: float) -> str:
        return self.local(round(t)).isoformat()


def replay(lines: list[TraceLine], settings: Settings) -> ReplayResult:
    zones = _TraceZones(lines)
    engine = SittingEngine(settings, zones.local)
    for line in lines:
        engine.feed(line.fact)
    end = lines[-1].fact.t if lines else 0.0
    bouts = engine.finish(end)
    return ReplayResult(bouts, list(engine.prompts), zones)


def replay_file(path: Path, settings: Settings) -> ReplayResult:
    return replay(read_trace(path), settings)
