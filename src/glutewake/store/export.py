"""`glutewake export`: the whole history as JSON or CSV, for the user to keep or analyse.

Times are UTC in ISO 8601 with a Z, as stored; nothing else is stored, so nothing else leaks.
CSV is one table in long form (a `record` column says bout, prompt, routine or spell) so the
whole history fits one file a spreadsheet opens.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

from glutewake.store.history import HistoryStore

EVERYTHING = (float("-inf"), float("inf"))
CSV_FIELDS = ("record", "start", "end", "what", "routine", "steps_done", "steps_total", "sitting_s")


def _utc(t: float) -> str:
    return datetime.fromtimestamp(round(t, 3), UTC).isoformat().replace("+00:00", "Z")


def history_as_dict(store: HistoryStore) -> dict[str, list[dict[str, Any]]]:
    bouts = store.bouts_between(*EVERYTHING)
    prompts = store.prompts_between(*EVERYTHING)
    routines = store.routines_between(*EVERYTHING)
    spells = store.spells_between(*EVERYTHING)
    return {
        "bouts": [
            {
                "start": _utc(b.start),
                "end": _utc(b.end),
                "ended_by": b.ended_by.value if b.ended_by else None,
            }
            for b in bouts
        ],
        "prompts": [
            {
                "at": _utc(p.at),
                "bout_start": _utc(p.bout_start),
                "sitting_s": round(p.sitting_s, 1),
                "repeat": p.repeat,
                "catch_up": p.catch_up,
                "response": p.response,
                "routine": p.routine_id,
            }
            for p in prompts
        ],
        "routines": [
            {
                "routine": r.routine_id,
                "outcome": r.outcome,
                "steps_done": r.steps_done,
                "steps_total": r.steps_total,
                "started": _utc(r.started),
                "ended": _utc(r.ended),
            }
            for r in routines
        ],
        "spells": [{"kind": s.kind, "start": _utc(s.start), "end": _utc(s.end)} for s in spells],
    }


def history_as_json(store: HistoryStore) -> str:
    return json.dumps({"format": "glutewake-history-1", **history_as_dict(store)}, indent=1) + "\n"


def history_as_csv(store: HistoryStore) -> str:
    data = history_as_dict(store)
    rows: list[dict[str, Any]] = []
    rows += [
        {"record": "bout", "start": b["start"], "end": b["end"], "what": b["ended_by"] or ""}
        for b in data["bouts"]
    ]
    rows += [
        {
            "record": "prompt",
            "start": p["at"],
            "what": p["response"] or "",
            "routine": p["routine"] or "",
            "sitting_s": p["sitting_s"],
        }
        for p in data["prompts"]
    ]
    rows += [
        {
            "record": "routine",
            "start": r["started"],
            "end": r["ended"],
            "what": r["outcome"],
            "routine": r["routine"],
            "steps_done": r["steps_done"],
            "steps_total": r["steps_total"],
        }
        for r in data["routines"]
    ]
    rows += [
        {"record": "spell", "start": s["start"], "end": s["end"], "what": s["kind"]}
        for s in data["spells"]
    ]
    rows.sort(key=lambda row: (row["start"], row["record"]))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
