"""The Linux desktop metadata: what a menu, a dock and a software centre show for glutewake.

The .desktop file and the AppStream metainfo must pass their validators (a distribution or
Flathub rejects them otherwise), name an icon that exists at every size a desktop asks for,
show screenshots that are real pictures from docs/, and announce the version that is installed.
"""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest

import glutewake
from glutewake.identity import APP_ID
from glutewake.resource_files import (
    ICON_SIZES,
    icon_source,
    icon_theme,
    resources_dir,
    scalable_icon,
    theme_icon,
)

ROOT = Path(__file__).resolve().parents[2]
DESKTOP_FILE = resources_dir() / "linux" / f"{APP_ID}.desktop"
METAINFO_FILE = resources_dir() / "linux" / f"{APP_ID}.metainfo.xml"

# The metainfo's screenshot URLs are where the website publishes these pictures from docs/.
# Publishing copies each docs file to the URL's file name; keep this in step with both.
SCREENSHOTS = {
    "notification.png": "docs/screenshots/notification.png",
    "menu.png": "docs/screenshots/menu.png",
    "chart-day.png": "docs/charts/day.png",
    "chart-week.png": "docs/charts/week.png",
    "settings-window.png": "docs/screenshots/settings-window.png",
    "routine-window-desktop.png": "docs/screenshots/routine-window-desktop.png",
}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def validator(name: str, package: str) -> str:
    """The validator's path; in CI a missing one fails the test instead of skipping it."""
    path = shutil.which(name)
    if path is None:
        reason = f"{name} is missing: install the Debian package {package}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must run every packaging check)")
        pytest.skip(reason)
    return path


def run(command: list[str]) -> tuple[int, str]:
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False, cwd=ROOT
    )
    return result.returncode, result.stdout + result.stderr


def desktop_entry() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def metainfo() -> ET.Element:
    return ET.parse(METAINFO_FILE).getroot()


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, which the format puts first."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG file"
    length, kind, width, height = struct.unpack(">I4sII", data[8:24])
    assert kind == b"IHDR", "a PNG must start with its IHDR chunk"
    assert length == 13, "a PNG's IHDR chunk is 13 bytes"
    return width, height


def test_desktop_file_passes_desktop_file_validate() -> None:
    tool = validator("desktop-file-validate", "desktop-file-utils")
    code, report = run([tool, str(DESKTOP_FILE)])
    # desktop-file-validate exits 0 on warnings, so its report is read too; hints are fine.
    problems = [
        line for line in report.splitlines() if ": error: " in line or ": warning: " in line
    ]
    assert code == 0, report
    assert not problems, report


def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = validator("appstreamcli", "appstream")
    code, report = run([tool, "validate", "--no-net", str(METAINFO_FILE)])
    # Infos (such as the unknown ".invalid" top-level domain) are fine; errors and warnings
    # make software centres and Flathub refuse or mangle the entry.
    problems = [line for line in report.splitlines() if line.startswith(("E:", "W:"))]
    assert code == 0, report
    assert not problems, report


def test_desktop_file_and_metainfo_describe_the_same_installed_app() -> None:
    entry = desktop_entry()
    root = metainfo()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    commands = pyproject["project"]["scripts"]
    # The menu entry starts the command pip installs; the software centre finds the menu entry.
    assert entry["Exec"] in commands
    assert root.findtext("provides/binary") == entry["Exec"]
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP_FILE.name
    assert entry["Icon"] == APP_ID
    assert root.findtext("url[@type='homepage']") == pyproject["project"]["urls"]["Homepage"]
    assert root.findtext("project_license") == pyproject["project"]["license"]


def test_the_desktop_icon_is_shipped_at_every_size_and_scalable() -> None:
    assert desktop_entry()["Icon"] == APP_ID
    missing = [f"{size}x{size}" for size in ICON_SIZES if not theme_icon(size).is_file()]
    assert not missing, f"no {APP_ID}.png in the resources for {missing}"
    assert scalable_icon().is_file(), f"no scalable {APP_ID}.svg in the resources"
    # The scalable icon is the drawing the PNGs are rendered from, not an older copy of it.
    assert scalable_icon().read_bytes() == icon_source().read_bytes(), "run scripts/render-icons"


def test_every_file_named_after_the_app_id_carries_the_one_in_the_code() -> None:
    """A renamed ID in glutewake.identity must rename these files too, or desktops lose the
    menu entry and the icon; a stray old name left behind would ship a second entry."""
    assert DESKTOP_FILE.is_file(), f"no {DESKTOP_FILE.name} for the app ID {APP_ID}"
    assert METAINFO_FILE.is_file(), f"no {METAINFO_FILE.name} for the app ID {APP_ID}"
    named = [*DESKTOP_FILE.parent.iterdir(), *icon_theme().glob("*/apps/*")]
    allowed = {f"{APP_ID}{suffix}" for suffix in (".desktop", ".metainfo.xml", ".png", ".svg")}
    strays = sorted(str(p) for p in named if p.name not in allowed)
    assert not strays, f"files not named after {APP_ID}: {strays}"


@pytest.mark.parametrize("size", ICON_SIZES)
def test_each_icon_png_is_square_at_its_folder_size(size: int) -> None:
    png = theme_icon(size)
    # A desktop that asks for a 48 px icon and gets another size scales it and blurs it.
    assert png_size(png.read_bytes()) == (size, size)


def test_metainfo_screenshots_are_pictures_from_docs_with_their_real_sizes() -> None:
    shots = metainfo().findall("screenshots/screenshot")
    names = []
    for shot in shots:
        assert (shot.findtext("caption") or "").strip(), "a screenshot without a caption"
        image = shot.find("image[@type='source']")
        assert image is not None
        assert image.text
        url = urlsplit(image.text.strip())
        assert url.scheme == "https"
        assert url.path.startswith("/glutewake/screenshots/")
        name = PurePosixPath(url.path).name
        names.append(name)
        assert name in SCREENSHOTS, f"{name} is not mapped to a picture in docs/"
        picture = ROOT / SCREENSHOTS[name]
        assert picture.is_file(), f"{name}: {SCREENSHOTS[name]} does not exist"
        declared = (int(image.get("width", "0")), int(image.get("height", "0")))
        # Software centres lay the page out with the declared size before the image loads.
        assert declared == png_size(picture.read_bytes()), f"{name}: size of {picture.name}"
    assert sorted(names) == sorted(SCREENSHOTS), "every mapped picture is shown, once"
    defaults = [shot for shot in shots if shot.get("type") == "default"]
    assert len(defaults) == 1, "exactly one screenshot is the one shown first"


def test_metainfo_announces_the_installed_version_as_its_newest_release() -> None:
    releases = metainfo().findall("releases/release")
    assert releases, "no release in the metainfo"
    # AppStream lists releases newest first; a software centre shows the first as current.
    assert releases[0].get("version") == glutewake.__version__
    notes = releases[0].findall("description/ul/li")
    assert notes, "the release has no notes"
