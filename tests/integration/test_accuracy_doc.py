"""docs/ACCURACY.md shows what the command it names prints today, from the traces and the
scorer in the repository: a change to the estimator, the policy, the scorer or a trace that
moves a number fails here until the document is regenerated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BEGIN = "<!-- bench/accuracy.py output: begin -->\n"
END = "<!-- bench/accuracy.py output: end -->\n"

pytestmark = pytest.mark.timeout(600)


def test_the_accuracy_tables_are_what_bench_accuracy_prints() -> None:
    doc = (ROOT / "docs" / "ACCURACY.md").read_text("utf-8")
    assert ".venv/bin/python bench/accuracy.py --interval 45\n" in doc
    shown = doc.split(BEGIN, 1)[1].split(END, 1)[0]
    printed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "accuracy.py"), "--interval", "45"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=540,
    ).stdout
    assert shown == printed, "regenerate docs/ACCURACY.md with bench/accuracy.py"
    for trace in sorted((ROOT / "bench" / "traces").glob("*.jsonl.gz")):
        assert f"| {trace.name} |" in shown  # every shipped trace is named with its sha256
