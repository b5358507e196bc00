"""The command line's help states what the settings declaration allows, and commands that need
no display start without Qt."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from glutewake.core.settings import SettingSpec, spec_for
from tests.integration.glutewake_process import glutewake_cli

ROOT = Path(__file__).resolve().parents[2]
TRACE = ROOT / "tests" / "fixtures" / "office-day.jsonl.gz"


def help_of(*args: str) -> str:
    """`glutewake ARGS --help` as a terminal wide enough that no sentence is wrapped."""
    done = glutewake_cli(*args, "--help", env={**os.environ, "COLUMNS": "300"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def option_line(text: str, option: str) -> str:
    """The help of one option, with the line argparse moves it to when the option is long."""
    lines = text.splitlines()
    (start,) = [n for n, line in enumerate(lines) if line.strip().startswith(option)]
    block = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.startswith("        "):  # the next option, or the end of the section
            break
        block.append(line)
    return " ".join(part.strip() for part in block)


def test_interval_help_states_the_declared_range() -> None:
    allowed = spec_for("interval_minutes").allowed
    assert allowed in option_line(help_of(), "--interval MINUTES")
    replay = option_line(help_of("replay"), "--interval MINUTES")
    assert allowed in replay
    assert f"default {spec_for('interval_minutes').default}" in replay


def test_routine_help_states_the_declared_lengths_places_and_defaults() -> None:
    text = help_of("routine")
    minutes, place = spec_for("routine_minutes"), spec_for("routine_place")
    line = option_line(text, "--minutes")
    assert minutes.allowed in line
    assert f"default {minutes.default}" in line
    assert "{" + ",".join(str(c) for c in minutes.choices or ()) + "}" in line
    line = option_line(text, "--place")
    assert place.allowed in line
    assert f"default {place.default}" in line


def test_a_changed_bound_shows_in_help_without_editing_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from glutewake.cli import main as cli_main
    from glutewake.cli import options

    def narrower(key: str, **kwargs: str) -> SettingSpec:
        spec = spec_for(key, **kwargs)
        if key != "interval_minutes":
            return spec
        narrow = dataclasses.replace(spec.rule, maximum=90)
        return dataclasses.replace(spec, maximum=90, rule=narrow)

    monkeypatch.setattr(options, "spec_for", narrower)
    monkeypatch.setenv("COLUMNS", "300")
    with pytest.raises(SystemExit):
        cli_main.main(["--help"])
    assert "1 to 90 minutes" in option_line(capsys.readouterr().out, "--interval MINUTES")


HEAVY = ("PySide6", "pyqtgraph", "sqlite3")


def modules_loaded_by(tmp_path: Path, *args: str) -> set[str]:
    """Which heavy packages a real `glutewake ARGS` run has imported by the time it ends."""
    report = tmp_path / "modules.json"
    code = (
        "import json, sys\n"
        "from glutewake.cli.main import main\n"
        "try:\n"
        "    main(sys.argv[2:])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = {HEAVY!r}\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & set(heavy))\n"
        "open(sys.argv[1], 'w').write(json.dumps(loaded))\n"
    )
    data = tmp_path / "data"
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run(
        [sys.executable, "-c", code, str(report), "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert report.exists(), done.stderr
    return set(json.loads(report.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "args",
    [
        ["replay", str(TRACE)],
        ["report", "--format", "json"],
        ["exercises", "--json"],
        ["config", "get"],
        ["demo"],
    ],
    ids=lambda args: args[0],
)
def test_commands_without_a_window_never_load_qt(tmp_path: Path, args: list[str]) -> None:
    loaded = modules_loaded_by(tmp_path, *args)
    assert "PySide6" not in loaded
    assert "pyqtgraph" not in loaded


def test_help_loads_neither_qt_nor_the_history_database(tmp_path: Path) -> None:
    assert modules_loaded_by(tmp_path, "--help") == set()
