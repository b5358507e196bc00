"""bench/scoring.py agrees, metric by metric, with the scoring tool the traces were published
with, when that tool is at hand (../shared/tools/score.py beside the repository, or the file
GLUTEWAKE_REFERENCE_SCORER names); a user's clone has neither, and the test skips."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bench.scoring import (
    call_spans,
    read_estimate,
    read_trace,
    read_truth,
    score,
    score_baselines,
)

ROOT = Path(__file__).resolve().parents[2]
TRACES = ROOT / "bench" / "traces"
REFERENCE = Path(
    os.environ.get("GLUTEWAKE_REFERENCE_SCORER", ROOT.parent / "shared" / "tools" / "score.py")
)
INTERVAL_S = 45 * 60

pytestmark = pytest.mark.skipif(not REFERENCE.is_file(), reason=f"no reference at {REFERENCE}")


def reference(*args: str) -> list[dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, str(REFERENCE), *args, "--interval", "45"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    for row in rows:
        if row["estimator"] == "candidate":
            del row["estimator"]
    return rows


@pytest.fixture(scope="module", params=["meetings", "laptop"])
def persona(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    """A persona with calls in its trace, and what `glutewake replay` makes of it."""
    name: str = request.param
    estimate = tmp_path_factory.mktemp(name) / "estimate.json"
    with estimate.open("w") as out:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "glutewake",
                "replay",
                str(TRACES / f"{name}.jsonl.gz"),
                "--interval",
                "45",
            ],
            stdout=out,
            check=True,
            timeout=120,
        )
    return name, estimate


def files(name: str) -> tuple[Path, Path]:
    return TRACES / f"{name}.jsonl.gz", TRACES / f"{name}.truth.json"


@pytest.mark.parametrize("hold_aware", [False, True])
def test_the_estimate_scores_the_same(persona: tuple[str, Path], hold_aware: bool) -> None:
    name, estimate = persona
    trace, truth = files(name)
    bouts, prompts = read_estimate(estimate)
    calls = call_spans(read_trace(trace)) if hold_aware else []
    ours = score(read_truth(truth), bouts, prompts, INTERVAL_S, calls=calls)
    with_trace = ["--trace", str(trace)] if hold_aware else []
    (theirs,) = reference("estimate", str(truth), str(estimate), *with_trace)
    assert ours == theirs
    assert ours["prompts_kept"] > 0  # a comparison of empty scores would prove nothing


def test_the_baselines_score_the_same(persona: tuple[str, Path]) -> None:
    trace, truth = files(persona[0])
    ours = score_baselines(read_trace(trace), read_truth(truth), INTERVAL_S)
    assert ours == reference("baselines", str(trace), str(truth))
