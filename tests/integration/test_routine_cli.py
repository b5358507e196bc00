"""`glutewake exercises` and `routine` as a user runs them: the library beside the config used."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.integration.glutewake_process import glutewake_cli

MY_KICK = """\
[[exercise]]
id = "{id}"
name = "{name}"
muscles = ["gluteus maximus"]
reps = 12
place = "desk"
cues.setup = "Stand behind your chair."
cues.movement = "Kick one heel back and squeeze."
cues.mistake = "Don't arch the lower back."
"""


def glutewake(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CONFIG_HOME": str(home / "xdg-config"), "HOME": str(home)}
    return glutewake_cli(*args, env=env)


def test_exercises_and_routine_read_the_exercises_file_beside_the_config(tmp_path: Path) -> None:
    folder = tmp_path / "trial"
    folder.mkdir()
    config = folder / "config.toml"
    config.write_text("routine_minutes = 3\n", encoding="utf-8")
    beside = folder / "exercises.toml"
    beside.write_text(MY_KICK.format(id="desk-kick", name="Desk kick"), encoding="utf-8")
    # The usual place holds another file, which --config must not bring in.
    usual = tmp_path / "xdg-config" / "glutewake" / "exercises.toml"
    usual.parent.mkdir(parents=True)
    usual.write_text(MY_KICK.format(id="usual-kick", name="Usual kick"), encoding="utf-8")

    listed = glutewake("--config", str(config), "exercises", "--json", home=tmp_path)
    assert listed.returncode == 0, listed.stderr
    ids = [e["id"] for e in json.loads(listed.stdout)["exercises"]]
    assert "desk-kick" in ids
    assert "usual-kick" not in ids

    table = glutewake("--config", str(config), "exercises", home=tmp_path)
    assert table.returncode == 0, table.stderr
    assert f"(your own, from {beside})" in table.stdout

    # A built-in id in the file beside the config replaces the built-in for `routine` too,
    # and the note about it names that file.
    builtin = "glute-bridge"
    beside.write_text(MY_KICK.format(id=builtin, name="My bridge"), encoding="utf-8")
    routine = glutewake("--config", str(config), "routine", "--seed", "1", home=tmp_path)
    assert routine.returncode == 0, routine.stderr
    assert str(beside) in routine.stderr
    assert str(usual) not in routine.stderr
