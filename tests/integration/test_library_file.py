"""Reading the real library files: the built-in exercises always load, the user's file adds to
them, every mistake in it is named, and the file is never changed."""

from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path

import pytest

from glutewake.core.exercises import BUILTIN_SOURCE, Exercise, Library, LibraryProblem
from glutewake.store.library_file import (
    MAX_LIBRARY_BYTES,
    default_custom_path,
    illustration_path,
    load_library,
)

UNTOUCHED = "The file was left untouched; only the built-in exercises and routines are used."

CUSTOM = """\
# my own moves
[[exercise]]
id = "banded-clamshell"
name = "Banded clamshell"
muscles = ["gluteus medius"]
reps = 15
per_side = true
place = "floor"
difficulty = 2
illustration = "clamshell.svg"   # the built-in picture fits
[exercise.cues]
setup = "Band above the knees, lie on your side."
movement = "Open the top knee against the band."
mistake = "Don't roll the hip back."

[[exercise]]
id = "stair-climb"
name = "Stair climb"
muscles = ["gluteus maximus"]
hold_s = 90
place = "desk"
illustration = "pictures/stairs.svg"
cues.setup = "Find the nearest stairs."
cues.movement = "Climb two floors, a step at a time."
cues.mistake = "Don't pull on the rail."

[[routine]]
id = "home-floor"
name = "Home floor"
exercises = ["glute-bridge", "banded-clamshell"]
minutes = 3
"""


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    return tmp_path / "glutewake" / "exercises.toml"


def write(path: Path, data: bytes) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


@pytest.fixture(scope="module")
def builtin() -> Library:
    library, problems = load_library(Path("/nonexistent/glutewake/exercises.toml"))
    assert problems == []
    return library


def errors(problems: list[LibraryProblem]) -> list[LibraryProblem]:
    return [p for p in problems if p.severity == "error"]


def test_without_a_custom_file_the_built_in_library_loads_and_nothing_is_created(
    custom: Path,
) -> None:
    library, problems = load_library(custom)

    assert problems == []
    assert len(library.exercises) >= 14
    assert set(library.routines) == {"pre-run", "walk"}
    assert all(ex.source == BUILTIN_SOURCE for ex in library.exercises.values())
    assert not custom.parent.exists(), "reading never creates the config folder"


def test_the_custom_file_lives_in_the_users_config_folder() -> None:
    # tests/conftest.py points XDG_CONFIG_HOME at a private folder
    expected = Path(os.environ["XDG_CONFIG_HOME"]) / "glutewake" / "exercises.toml"
    assert default_custom_path() == expected
    assert load_library() == load_library(expected)


def test_custom_exercises_and_routines_are_added_to_the_built_in_ones(
    custom: Path, builtin: Library
) -> None:
    write(custom, CUSTOM.encode())
    write(custom.parent / "pictures" / "stairs.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")

    library, problems = load_library(custom)

    assert problems == []
    assert list(library.exercises) == [*builtin.exercises, "banded-clamshell", "stair-climb"]
    clam = library.exercises["banded-clamshell"]
    assert clam.source == str(custom)
    assert clam.seconds == 5 + 15 * 3 * 2 + 5, "estimated when the file does not say"
    assert library.routines["home-floor"].exercise_ids == ("glute-bridge", "banded-clamshell")
    assert library.routines["pre-run"] == builtin.routines["pre-run"]


def test_bad_custom_entries_are_named_by_file_entry_and_field_and_the_rest_loads(
    custom: Path, builtin: Library, caplog: pytest.LogCaptureFixture
) -> None:
    bad = CUSTOM.replace('place = "floor"', 'place = "gym"').replace("hold_s = 90", "hold_s = 0")
    write(custom, bad.encode())

    with caplog.at_level(logging.WARNING, logger="glutewake.library"):
        library, problems = load_library(custom)

    assert [(p.entry, p.field) for p in problems] == [
        ("banded-clamshell", "place"),
        ("stair-climb", "hold_s"),
        ("home-floor", "exercises"),
    ]
    assert problems[0].message.startswith(
        f"{custom}: [[exercise]] #1 (id \"banded-clamshell\"), field 'place': "
        'must be one of "desk", "wall" or "floor"'
    )
    assert f"{custom}: [[exercise]] #2 (id \"stair-climb\"), field 'hold_s'" in problems[1].message
    assert "problems of its own" in problems[2].message
    assert library.exercises == builtin.exercises, "every built-in exercise still loads"
    assert library.routines == builtin.routines
    assert [r.getMessage() for r in caplog.records] == [p.message for p in problems]


def test_a_custom_entry_with_a_built_in_id_replaces_it_with_a_notice(
    custom: Path, builtin: Library, caplog: pytest.LogCaptureFixture
) -> None:
    write(custom, CUSTOM.replace('id = "banded-clamshell"', 'id = "clamshell"').encode())

    with caplog.at_level(logging.INFO, logger="glutewake.library"):
        library, problems = load_library(custom)

    assert list(library.exercises)[: len(builtin.exercises)] == list(builtin.exercises)
    assert library.exercises["clamshell"].name == "Banded clamshell"
    notices = [p for p in problems if p.entry == "clamshell"]
    assert [(p.severity, p.field) for p in notices] == [("notice", "id")]
    assert "replaces the built-in exercise" in notices[0].message
    assert any(
        r.levelno == logging.INFO and "replaces the built-in" in r.getMessage()
        for r in caplog.records
    )


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        (b'[[exercise]]\nid = "x"\nname = "unterminated\n', ("is not valid TOML", "line 3")),
        (b"[[exercise]\n", ("is not valid TOML", "line 1")),
        (b"\xff\xfe[[exercise]]\n", ("is not UTF-8 text (line 1, column 1)",)),
        (b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", ("is not valid TOML",)),
        (b"x = 1\n" * (MAX_LIBRARY_BYTES // 6 + 1), ("larger than 1024 KiB",)),
        (b"x = " + b"9" * 5000 + b"\n", ("a number too long to read",)),
    ],
    ids=[
        "unterminated-string",
        "bad-header",
        "not-utf8",
        "deep-nesting",
        "too-big",
        "number-too-long",
    ],
)
def test_an_unreadable_file_is_one_problem_naming_it_and_the_built_ins_still_load(
    custom: Path, builtin: Library, content: bytes, fragments: tuple[str, ...]
) -> None:
    write(custom, content)

    library, problems = load_library(custom)

    assert library == builtin
    assert len(problems) == 1, problems
    (problem,) = problems
    assert problem.source == str(custom)
    assert problem.entry is None
    assert problem.message.startswith(f"{custom}: ")
    assert problem.message.endswith(UNTOUCHED)
    for fragment in fragments:
        assert fragment in problem.message, problem.message


def test_a_folder_or_a_dangling_link_at_the_path_is_named_not_raised(
    tmp_path: Path, builtin: Library
) -> None:
    folder = tmp_path / "exercises.toml"
    folder.mkdir()
    link = tmp_path / "link.toml"
    link.symlink_to(tmp_path / "gone.toml")

    for path, fragment in ((folder, "it is a directory"), (link, "a link to a file that")):
        library, problems = load_library(path)
        assert library == builtin
        assert len(problems) == 1
        assert fragment in problems[0].message


def test_a_byte_order_mark_is_fine(custom: Path) -> None:
    write(custom, b"\xef\xbb\xbf" + CUSTOM.encode())

    library, problems = load_library(custom)

    assert "banded-clamshell" in library.exercises
    assert errors(problems) == []


def test_reading_never_changes_the_users_file(custom: Path) -> None:
    for content in (CUSTOM.encode(), b"[[exercise]\n", CUSTOM.replace("15", "0").encode()):
        original = write(custom, content)
        os.utime(custom, ns=(1_000_000_000, 1_000_000_000))
        before = custom.stat()

        load_library(custom)

        assert custom.read_bytes() == original
        after = custom.stat()
        assert (after.st_mtime_ns, after.st_size, after.st_mode) == (
            before.st_mtime_ns,
            before.st_size,
            before.st_mode,
        )
        assert sorted(p.name for p in custom.parent.iterdir()) == ["exercises.toml"]


# --- pictures -------------------------------------------------------------------------------------


def test_every_built_in_exercise_has_a_picture_on_disk(builtin: Library) -> None:
    for exercise in builtin.exercises.values():
        path = illustration_path(exercise)
        assert path is not None, exercise.id
        assert path.is_file()
        assert path.name == f"{exercise.id}.svg"


def test_custom_pictures_resolve_to_built_in_names_or_next_to_the_file(custom: Path) -> None:
    write(custom, CUSTOM.encode())
    stairs = custom.parent / "pictures" / "stairs.svg"
    write(stairs, b"<svg xmlns='http://www.w3.org/2000/svg'/>")

    library, _ = load_library(custom)

    clam = illustration_path(library.exercises["banded-clamshell"])
    assert clam == illustration_path(library.exercises["clamshell"])
    assert illustration_path(library.exercises["stair-climb"]) == stairs


def test_a_missing_custom_picture_is_a_notice_and_the_exercise_still_loads(custom: Path) -> None:
    write(custom, CUSTOM.encode())

    library, problems = load_library(custom)

    assert illustration_path(library.exercises["stair-climb"]) is None
    (notice,) = problems
    assert (notice.severity, notice.entry, notice.field) == (
        "notice",
        "stair-climb",
        "illustration",
    )
    assert str(custom.parent / "pictures" / "stairs.svg") in notice.message


def test_an_exercise_without_a_picture_or_naming_one_outside_the_package_has_none(
    builtin: Library,
) -> None:
    bridge = builtin.exercises["glute-bridge"]
    assert illustration_path(_with(bridge, None)) is None
    assert illustration_path(_with(bridge, "../exercises.toml")) is None
    assert illustration_path(_with(bridge, "../illustrations/clamshell.svg")) is None
    assert illustration_path(_with(bridge, "no-such-picture.svg")) is None
    assert illustration_path(_with(bridge, "/nonexistent/picture.svg")) is None


def _with(exercise: Exercise, illustration: str | None) -> Exercise:
    return dataclasses.replace(exercise, illustration=illustration)


def test_qt_renders_every_pictogram_with_the_working_glute_in_green(
    builtin: Library, qapp: object
) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    for exercise in builtin.exercises.values():
        path = illustration_path(exercise)
        assert path is not None
        renderer = QSvgRenderer(str(path))
        assert renderer.isValid(), exercise.id
        image = QImage(120, 120, QImage.Format.Format_ARGB32)
        image.fill(QColor(0, 0, 0, 0))
        painter = QPainter(image)
        renderer.render(painter, QRectF(0, 0, 120, 120))
        painter.end()
        colours = {
            image.pixelColor(x, y).name()
            for x in range(0, 120, 2)
            for y in range(0, 120, 2)
            if image.pixelColor(x, y).alpha() == 255
        }
        assert "#2ea05a" in colours, f"{exercise.id}: the glute highlight is painted"
        assert "#2b3440" in colours, f"{exercise.id}: the figure is painted"
        corner = image.pixelColor(1, 1)
        assert corner.alpha() == 0, f"{exercise.id}: transparent background"


def test_a_broken_installation_is_reported_and_the_users_own_exercises_still_load(
    custom: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from glutewake import resource_files

    broken = tmp_path / "package-data"
    write(broken / "exercises.toml", b"[[exercise]\n")
    monkeypatch.setattr(resource_files, "resources_dir", lambda: broken)
    write(custom, CUSTOM.encode())

    library, problems = load_library(custom)

    assert list(library.exercises) == ["banded-clamshell", "stair-climb"]
    assert problems[0].source == BUILTIN_SOURCE
    assert "Reinstalling should fix it." in problems[0].message
    # the routine needs the built-in glute bridge, so it is left out, and says why
    assert [(p.entry, p.field) for p in errors(problems)[1:]] == [("home-floor", "exercises")]
