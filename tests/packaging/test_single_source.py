"""The version and the application ID are each written once, so a release or a rename cannot
leave a stale copy behind (a bundle announcing the old version, a LaunchAgent under an old
label next to the new one)."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import glutewake
from glutewake.identity import APP_ID

ROOT = Path(__file__).resolve().parents[2]

# Files that may spell the ID out: the one constant, and the desktop metadata whose contents
# must name it (each checked against the constant by test_desktop_metadata.py).
MAY_SPELL_THE_ID = {
    "src/glutewake/identity.py",
    f"resources/linux/{APP_ID}.desktop",
    f"resources/linux/{APP_ID}.metainfo.xml",
}
CODE = (".py", ".spec", ".toml", ".desktop", ".xml", ".cfg")


def tracked_code() -> list[Path]:
    listed = subprocess.run(
        [
            "git",
            "ls-files",
            "src",
            "tests",
            "bench",
            "scripts",
            "packaging",
            "resources",
            "pyproject.toml",
            "setup.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    scripts = {p for p in listed if p.startswith("scripts/")}
    return [ROOT / p for p in listed if p.endswith(CODE) or p in scripts]


def test_the_app_id_is_spelled_out_only_in_glutewake_identity() -> None:
    spelled = sorted(
        str(path.relative_to(ROOT))
        for path in tracked_code()
        if APP_ID in path.read_text("utf-8", errors="replace")
    )
    assert set(spelled) <= MAY_SPELL_THE_ID, "import APP_ID from glutewake.identity instead"


def test_the_version_is_written_only_in_glutewake_init() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "glutewake.__version__"
    }
    literal = re.compile(rf"""["']{re.escape(glutewake.__version__)}["']""")
    written = sorted(
        str(path.relative_to(ROOT))
        for path in tracked_code()
        if path.suffix != ".xml"  # the metainfo's release history, checked elsewhere
        and literal.search(path.read_text("utf-8", errors="replace"))
    )
    assert written == ["src/glutewake/__init__.py"], "read glutewake.__version__ instead"
