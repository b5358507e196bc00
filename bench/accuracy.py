"""Score glutewake's replay against ground truth, beside the idle-threshold rules of other tools.

Run from the repository root:
    .venv/bin/python bench/accuracy.py [--traces bench/traces] [--interval 45] [--config FILE]

The folder holds NAME.jsonl.gz traces with NAME.truth.json ground truth (bench/traces has the
five personas docs/ACCURACY.md reports). Each trace goes through `glutewake replay`; the
scoring is bench/scoring.py. Prints the Markdown that docs/ACCURACY.md shows between its
"generated" markers: the traces with their sha256, the means, and a table per persona.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from scoring import call_spans, read_trace, read_truth, score, score_baselines, seconds

HERE = Path(__file__).resolve().parent
GLUTEWAKE = "glutewake"
UNCREDITED = "glutewake, calls not credited"
"""glutewake scored as if a prompt held through a call and shown after it came too late."""


def replay(trace: Path, interval: int, config: Path | None) -> dict[str, Any]:
    """What the app would record and prompt for this trace, through its own command line."""
    command = [sys.executable, "-m", "glutewake", "replay", str(trace), "--interval", str(interval)]
    if config is not None:
        command += ["--config", str(config)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def persona_rows(trace: Path, interval: int, config: Path | None) -> list[dict[str, Any]]:
    truth = read_truth(trace.with_name(trace.name.removesuffix(".jsonl.gz") + ".truth.json"))
    events = read_trace(trace)
    estimate = replay(trace, interval, config)
    bouts = [(seconds(b["start"]), seconds(b["end"])) for b in estimate["bouts"]]
    prompts = [seconds(p) for p in estimate["prompts"]]
    interval_s = interval * 60
    calls = call_spans(events)
    return [
        {"estimator": GLUTEWAKE, **score(truth, bouts, prompts, interval_s, calls=calls)},
        {"estimator": UNCREDITED, **score(truth, bouts, prompts, interval_s)},
        *score_baselines(events, truth, interval_s),
    ]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--traces", type=Path, default=HERE / "traces")
    ap.add_argument("--interval", type=int, default=45)
    ap.add_argument("--config", type=Path, help="a config.toml for the other settings")
    args = ap.parse_args(argv)
    traces = sorted(args.traces.glob("*.jsonl.gz"))
    rows = [
        (trace.name.removesuffix(".jsonl.gz"), row)
        for trace in traces
        for row in persona_rows(trace, args.interval, args.config)
    ]

    print("| file | sha256 |")
    print("|---|---|")
    for trace in traces:
        truth = trace.with_name(trace.name.removesuffix(".jsonl.gz") + ".truth.json")
        for path in (trace, truth):
            print(f"| {path.name} | `{sha256(path)}` |")
    print()
    print(
        "| estimator | mean abs sitting error % | mean time agreement % | mean prompt F1 % "
        "| prompts in calls |"
    )
    print("|---|---|---|---|---|")
    for who in dict.fromkeys(row["estimator"] for _, row in rows):
        mine = [row for _, row in rows if row["estimator"] == who]
        err = statistics.mean(abs(r["sitting_err_pct"]) for r in mine)
        agree = statistics.mean(r["time_agreement_pct"] for r in mine)
        f1 = statistics.mean(r["prompt_f1_pct"] for r in mine)
        in_calls = sum(r["prompts_in_calls"] for r in mine)
        print(f"| {label(who)} | {err:.1f} | {agree:.1f} | {f1:.1f} | {in_calls} |")
    print()
    print(
        "| persona | estimator | sitting error % | time agreement % | prompt precision % "
        "| prompt recall % | prompt F1 % | prompts in calls |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, row in rows:
        cells = " | ".join(
            str(row[key])
            for key in (
                "sitting_err_pct",
                "time_agreement_pct",
                "prompt_precision_pct",
                "prompt_recall_pct",
                "prompt_f1_pct",
                "prompts_in_calls",
            )
        )
        print(f"| {name} | {label(row['estimator'])} | {cells} |")
    return 0


def label(estimator: str) -> str:
    return f"**{estimator}**" if estimator == GLUTEWAKE else estimator


if __name__ == "__main__":
    raise SystemExit(main())
