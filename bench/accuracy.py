"""Score glutewake's replay against ground truth, beside the idle-threshold rules of other tools.

Run:
    .venv/bin/python bench/accuracy.py --traces DIR --scorer SCORE_PY [--interval 45]
        [--config FILE]

DIR holds NAME.jsonl.gz traces with NAME.truth.json ground truth; SCORE_PY is the scoring
tool that reads them (`score.py estimate TRUTH ESTIMATE` and `score.py baselines TRACE TRUTH`).
Prints a Markdown table per persona and the means.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

COLUMNS = (
    "sitting_err_pct",
    "time_agreement_pct",
    "prompt_precision_pct",
    "prompt_recall_pct",
    "prompt_f1_pct",
)


def score_lines(cmd: list[str]) -> list[dict[str, object]]:
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--traces", type=Path, required=True)
    ap.add_argument("--scorer", type=Path, required=True)
    ap.add_argument("--interval", type=int, default=45)
    ap.add_argument("--config", type=Path, help="a config.toml for the other settings")
    args = ap.parse_args()
    rows: list[tuple[str, str, dict[str, object]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for trace in sorted(args.traces.glob("*.jsonl.gz")):
            name = trace.name.removesuffix(".jsonl.gz")
            truth = args.traces / f"{name}.truth.json"
            estimate = Path(tmp) / f"{name}.json"
            with estimate.open("w") as out:
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "glutewake",
                        "replay",
                        str(trace),
                        "--interval",
                        str(args.interval),
                        *(["--config", str(args.config)] if args.config else []),
                    ],
                    check=True,
                    stdout=out,
                )
            scorer = [sys.executable, str(args.scorer)]
            (ours,) = score_lines(
                [*scorer, "estimate", str(truth), str(estimate), "--interval", str(args.interval)]
            )
            rows.append((name, "glutewake", ours))
            for base in score_lines(
                [*scorer, "baselines", str(trace), str(truth), "--interval", str(args.interval)]
            ):
                rows.append((name, str(base["estimator"]), base))
    print(
        "| persona | estimator | sitting error % | time agreement % | prompt precision % "
        "| prompt recall % | prompt F1 % |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, who, r in rows:
        cells = " | ".join(str(r[c]) for c in COLUMNS)
        print(f"| {name} | {'**glutewake**' if who == 'glutewake' else who} | {cells} |")
    print()
    print("| estimator | mean abs sitting error % | mean time agreement % | mean prompt F1 % |")
    print("|---|---|---|---|")
    for who in dict.fromkeys(w for _, w, _ in rows):
        mine = [r for _, w, r in rows if w == who]
        err = statistics.mean(abs(float(str(r["sitting_err_pct"]))) for r in mine)
        agree = statistics.mean(float(str(r["time_agreement_pct"])) for r in mine)
        f1 = statistics.mean(float(str(r["prompt_f1_pct"])) for r in mine)
        print(f"| {who} | {err:.1f} | {agree:.1f} | {f1:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
