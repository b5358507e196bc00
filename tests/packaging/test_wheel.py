"""The wheel built from pyproject.toml, installed by a plain `pip install` into a fresh venv:
it must carry its data (exercises, pictograms, icons) and work without the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import glutewake
from glutewake.identity import APP_ID
from glutewake.resource_files import ICON_SIZES

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "office-day.jsonl.gz"

pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    (built,) = out.glob("glutewake-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel and its dependencies from the index, as a user gets them."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        timeout=600,
        capture_output=True,
    )
    return venv / "bin" / "glutewake"


def test_the_wheel_carries_the_exercises_pictograms_and_icons(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    # The top-level resources/ folder of the checkout ships as glutewake/resources/.
    assert "glutewake/resources/exercises.toml" in names
    assert sum(1 for n in names if n.startswith("glutewake/resources/illustrations/")) >= 19
    assert any(n.startswith("glutewake/resources/icons/") and n.endswith(".svg") for n in names)
    pngs = [n for n in names if n.startswith("glutewake/resources/icons/hicolor/")]
    assert len(pngs) == len(ICON_SIZES) + 1  # every rendered size and the scalable copy
    assert f"glutewake/resources/linux/{APP_ID}.desktop" in names
    assert wheel.name.startswith(f"glutewake-{glutewake.__version__}-")
    assert not any(n.startswith(("tests/", "bench/", "docs/", "resources/")) for n in names)


def run(command: Path, *args: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(command), *args],
        cwd=cwd,  # away from the source tree, so nothing is imported from it by accident
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_installed_command_works_from_a_fresh_venv(installed: Path, tmp_path: Path) -> None:
    version = f"glutewake {glutewake.__version__}"
    assert run(installed, "--version", cwd=tmp_path).strip() == version
    library = json.loads(run(installed, "exercises", "--json", cwd=tmp_path))
    assert len(library["exercises"]) >= 19
    replayed = json.loads(run(installed, "replay", str(FIXTURE), cwd=tmp_path))
    assert len(replayed["bouts"]) >= 5
    assert replayed["prompts"]
    where = run(
        installed.parent / "python",
        "-c",
        "import glutewake; print(glutewake.__file__)",
        cwd=tmp_path,
    )
    assert str(ROOT) not in where  # the installed copy, not the checkout
