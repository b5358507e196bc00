"""The status file `glutewake status` reads when the app is not running: a failed save must
leave the last good status in place and no half-written file beside it."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from glutewake.store.status_file import read_status, write_status


def saved(tmp_path: Path) -> Path:
    path = tmp_path / "status.json"
    write_status(path, {"running": True, "state": "sitting"})
    return path


def test_a_save_is_read_back_and_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = saved(tmp_path)
    assert read_status(path) == {"running": True, "state": "sitting"}
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.json"]


def test_a_status_that_cannot_be_written_as_json_leaves_no_temp_file(tmp_path: Path) -> None:
    path = saved(tmp_path)
    with pytest.raises(TypeError):
        write_status(path, {"running": True, "state": object()})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.json"]
    assert read_status(path) == {"running": True, "state": "sitting"}


def test_a_failed_replace_keeps_the_old_status_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = saved(tmp_path)

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with caplog.at_level(logging.WARNING, logger="glutewake.store"):
        write_status(path, {"running": False, "state": "away"})
        write_status(path, {"running": False, "state": "away"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.json"]
    assert json.loads(path.read_text(encoding="utf-8"))["state"] == "sitting"
    said = [r.getMessage() for r in caplog.records]
    assert said == [f"could not save the status to {path}: Permission denied"], said


def test_a_save_reaches_the_disk_before_it_replaces_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = saved(tmp_path)
    synced: list[int] = []
    real_fsync = os.fsync
    replaced: list[bool] = []

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        replaced.append(bool(synced))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_status(path, {"running": True, "state": "away"})
    assert replaced == [True], "the new status was renamed into place before it was on disk"
    assert read_status(path) == {"running": True, "state": "away"}
