"""Scores a sitting estimator against ground truth: how many minutes it calls sitting, how often
it agrees with the truth second by second, and whether its prompts come when a break is due.

Why it lives here: docs/ACCURACY.md must be reproducible from the repository alone, so the
rules that produce its table are code in the repository, next to the traces they run on
(bench/traces/). The rules are the ones the traces were published with; they are restated
below in this module's own terms.

Ground truth is a list of segments, each "seated" or "up", covering the work days. Sitting in
the truth is a run of seated segments; an up spell shorter than `Rules.break_s` does not end it
(a step to the printer is not a break). An estimate is the JSON `glutewake replay` prints:
the sitting bouts it believes in and every moment it would prompt a user who never answers.

The prompt score, as a user who ignores every prompt lives it:
- a break is *due* `interval` after the start of each true bout at least that long;
- prompts closer than `Rules.repeat_s` to the last one counted are one prompt (a repeat adds
  nothing the user had not already been told);
- a counted prompt is *justified* when the user had truly been sitting for the interval, less
  `Rules.early_s`;
- a due break is *served* by a counted prompt from `Rules.early_s` before it to `Rules.late_s`
  after it (never after the bout ended). Given the calls of the trace, a break that falls due
  during a call is also served by a prompt up to `Rules.early_s` after the call ends: holding a
  prompt through a video call is what a user wants, not a miss.
Precision, recall and F1 follow from these counts.

The baselines are what other break tools do with a single idle threshold: input closer together
than the threshold is sitting, a longer gap is a break, and they prompt at the interval and again
every `Rules.baseline_repeat_s` while ignored.

Run:
    python bench/scoring.py estimate TRUTH.json ESTIMATE.json [--interval 45] [--trace TRACE]
    python bench/scoring.py baselines TRACE.jsonl.gz TRUTH.json [--interval 45]
Each prints one JSON object per line (the metrics of `score`, plus "estimator").
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

Span = tuple[float, float]
"""A stretch of time, (start, end) in POSIX seconds."""


@dataclass(frozen=True)
class Rules:
    """The thresholds of the score, in seconds."""

    break_s: float = 60  # an up spell this long or longer ends a true sitting bout
    early_s: float = 180  # a prompt this much before the due moment is still on time
    late_s: float = 600  # a due break not prompted within this long is missed
    repeat_s: float = 600  # prompts closer together than this count as one
    prolonged_s: float = 1800  # bouts this long count as prolonged sitting
    counted_up_s: float = 120  # true up spells this long are the breaks an estimate should see
    night_s: float = 10 * 3600  # gaps between estimated bouts this long are nights, not breaks
    baseline_repeat_s: float = 900  # the idle-threshold tools repeat an ignored prompt this often


RULES = Rules()

BASELINES = {
    "safeeyes-60s": 60,
    "activitywatch-180s": 180,
    "stretchly-300s": 300,
    "workrave-600s": 600,
}
"""Each peer tool's idle threshold in seconds, by the name the table shows."""


@dataclass(frozen=True)
class Segment:
    """A stretch of the truth: the person was seated, or up."""

    start: float
    end: float
    seated: bool


# --- reading -------------------------------------------------------------------------------------


def seconds(stamp: str) -> float:
    """An ISO 8601 time with its UTC offset as POSIX seconds (traces cross DST changes)."""
    return datetime.fromisoformat(stamp).timestamp()


def read_truth(path: Path) -> list[Segment]:
    raw = json.loads(path.read_text("utf-8"))
    return [Segment(seconds(s["start"]), seconds(s["end"]), s["posture"] == "seated") for s in raw]


def read_trace(path: Path) -> list[dict[str, Any]]:
    """The trace's events, oldest first: read here, not through glutewake's own trace reader,
    so a mistake in the app's reading cannot hide in its score."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def read_estimate(path: Path) -> tuple[list[Span], list[float]]:
    raw = json.loads(path.read_text("utf-8"))
    bouts = [(seconds(b["start"]), seconds(b["end"])) for b in raw["bouts"]]
    return bouts, [seconds(p) for p in raw["prompts"]]


# --- the pieces of the score ---------------------------------------------------------------------


def true_bouts(truth: Sequence[Segment], rules: Rules = RULES) -> list[Span]:
    """Sitting as the truth has it: seated segments, joined across up spells under break_s."""
    bouts: list[Span] = []
    for segment in truth:
        if not segment.seated:
            continue
        if bouts and segment.start - bouts[-1][1] < rules.break_s:
            bouts[-1] = (bouts[-1][0], segment.end)
        else:
            bouts.append((segment.start, segment.end))
    return bouts


def call_spans(events: Sequence[dict[str, Any]]) -> list[Span]:
    """When the trace's calls ran; a call still running at the end lasts to the last event."""
    spans: list[Span] = []
    started: float | None = None
    for event in events:
        if event["type"] != "call":
            continue
        if event["active"] and started is None:
            started = seconds(event["t"])
        elif not event["active"] and started is not None:
            spans.append((started, seconds(event["t"])))
            started = None
    if started is not None and events:
        spans.append((started, seconds(events[-1]["t"])))
    return spans


def shared(a: Span, b: Span) -> float:
    """Seconds the two spans have in common."""
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def total(spans: Iterable[Span]) -> float:
    return sum(end - start for start, end in spans)


def common(these: Sequence[Span], those: Sequence[Span]) -> float:
    return sum(shared(a, b) for a in these for b in those)


def counted_prompts(prompts: Iterable[float], rules: Rules = RULES) -> list[float]:
    """The prompts a user notices: each one at least repeat_s after the last one noticed."""
    counted: list[float] = []
    for moment in sorted(prompts):
        if not counted or moment - counted[-1] >= rules.repeat_s:
            counted.append(moment)
    return counted


def sitting_for(moment: float, bouts: Sequence[Span]) -> float:
    """How long the person had truly been sitting at `moment` (0 when not sitting)."""
    for start, end in bouts:
        if start <= moment <= end:
            return moment - start
    return 0.0


def serve_deadline(due: float, bout_end: float, calls: Sequence[Span], rules: Rules) -> float:
    """The last moment a prompt still serves the break due at `due`."""
    deadline = min(bout_end, due + rules.late_s)
    for call_start, call_end in calls:
        if call_start <= due <= call_end:  # held through the call, shown just after it
            deadline = max(deadline, min(bout_end, call_end) + rules.early_s)
    return deadline


def percent(value: float) -> float:
    return round(100 * value, 1)


def score(
    truth: Sequence[Segment],
    bouts: Sequence[Span],
    prompts: Iterable[float],
    interval_s: float,
    *,
    calls: Sequence[Span] = (),
    rules: Rules = RULES,
) -> dict[str, Any]:
    """Every metric of an estimate (bouts and prompts) against the truth.

    With `calls`, the prompt score is hold-aware (see the module docstring) and
    prompts_in_calls counts the prompts that would have interrupted a call.
    """
    sitting = true_bouts(truth, rules)
    days = [(s.start, s.end) for s in truth]
    true_s, estimated_s = total(sitting), total(bouts)
    both_sitting = common(sitting, bouts)
    # Seconds of the work days where exactly one of the two says "sitting".
    disagree = (true_s - both_sitting) + (common(days, bouts) - both_sitting)
    agreement = (total(days) - disagree) / total(days)

    prolonged_true = total(b for b in sitting if b[1] - b[0] >= rules.prolonged_s)
    prolonged_estimated = total(b for b in bouts if b[1] - b[0] >= rules.prolonged_s)

    ups = [(s.start, s.end) for s in truth if not s.seated]
    counted_ups = [u for u in ups if u[1] - u[0] >= rules.counted_up_s]
    gaps = [(bouts[i][1], bouts[i + 1][0]) for i in range(len(bouts) - 1)]
    daytime_gaps = [g for g in gaps if g[1] - g[0] < rules.night_s]
    seen_ups = sum(1 for u in counted_ups if any(shared(u, g) > 0 for g in gaps))
    real_gaps = sum(1 for g in daytime_gaps if any(shared(g, u) > 0 for u in ups))

    noticed = counted_prompts(prompts, rules)
    justified = sum(1 for p in noticed if sitting_for(p, sitting) >= interval_s - rules.early_s)
    dues = [(start + interval_s, end) for start, end in sitting if end - start >= interval_s]
    delays: list[float] = []
    for due, bout_end in dues:
        deadline = serve_deadline(due, bout_end, calls, rules)
        serving = [p for p in noticed if due - rules.early_s <= p <= deadline]
        if serving:
            delays.append(max(0.0, serving[0] - due))
    precision = justified / max(1, len(noticed))
    recall = len(delays) / max(1, len(dues))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    delays.sort()

    return {
        "sitting_err_pct": percent((estimated_s - true_s) / true_s),
        "time_agreement_pct": percent(agreement),
        "prolonged_err_pct": percent(
            (prolonged_estimated - prolonged_true) / max(1, prolonged_true)
        ),
        "break_recall_pct": percent(seen_ups / max(1, len(counted_ups))),
        "break_precision_pct": percent(real_gaps / max(1, len(daytime_gaps))),
        "prompts_due": len(dues),
        "prompts_kept": len(noticed),
        "prompts_late_median_min": delays[len(delays) // 2] / 60 if delays else None,
        "prompt_precision_pct": percent(precision),
        "prompt_recall_pct": percent(recall),
        "prompt_f1_pct": percent(f1),
        "prompts_in_calls": sum(1 for p in noticed if any(a < p < b for a, b in calls)),
    }


# --- the peers' rule -----------------------------------------------------------------------------


def idle_threshold(
    events: Sequence[dict[str, Any]], threshold_s: float, interval_s: float, rules: Rules = RULES
) -> tuple[list[Span], list[float]]:
    """The bouts and prompts of a tool that calls any input gap under `threshold_s` sitting."""
    bouts: list[Span] = []
    for event in events:
        if event["type"] != "input":
            continue
        moment = seconds(event["t"])  # input lines are whole seconds: the bout runs to its end
        if bouts and moment - bouts[-1][1] < threshold_s:
            bouts[-1] = (bouts[-1][0], moment + 1)
        else:
            bouts.append((moment, moment + 1))
    prompts: list[float] = []
    for start, end in bouts:
        moment = start + interval_s
        while moment <= end:
            prompts.append(moment)
            moment += rules.baseline_repeat_s
    return bouts, prompts


def score_baselines(
    events: Sequence[dict[str, Any]], truth: Sequence[Segment], interval_s: float
) -> list[dict[str, Any]]:
    """Each peer tool's score on one trace, hold-aware like any estimate given its trace."""
    calls = call_spans(events)
    rows = []
    for name, threshold in BASELINES.items():
        bouts, prompts = idle_threshold(events, threshold, interval_s)
        rows.append({"estimator": name, **score(truth, bouts, prompts, interval_s, calls=calls)})
    return rows


# --- command line --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    estimate = commands.add_parser("estimate", help="score an estimate (glutewake replay's JSON)")
    estimate.add_argument("truth", type=Path)
    estimate.add_argument("estimate", type=Path)
    estimate.add_argument("--trace", type=Path, help="the estimate's trace: hold-aware prompts")
    baselines = commands.add_parser("baselines", help="score the peers' idle-threshold rules")
    baselines.add_argument("trace", type=Path)
    baselines.add_argument("truth", type=Path)
    for command in (estimate, baselines):
        command.add_argument("--interval", type=float, default=45, help="minutes (45)")
    args = parser.parse_args(argv)
    interval_s = args.interval * 60
    truth = read_truth(args.truth)
    if args.command == "baselines":
        rows = score_baselines(read_trace(args.trace), truth, interval_s)
    else:
        bouts, prompts = read_estimate(args.estimate)
        calls = call_spans(read_trace(args.trace)) if args.trace else []
        rows = [{"estimator": "estimate", **score(truth, bouts, prompts, interval_s, calls=calls)}]
    for row in rows:
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
