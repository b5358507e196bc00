"""The SQLite history store on real files: what is written comes back, privately, and a
broken database costs the user a fresh start, never their old file."""

from __future__ import annotations

import logging
import sqlite3
import stat
from pathlib import Path

import pytest

from glutewake.core.models import Bout, BreakKind, PromptRecord, RoutineOutcome, SpellRecord
from glutewake.store.history import LATEST_VERSION, MIGRATIONS, HistoryStore

NOW = 1_750_000_000.0  # 2025-06-15T15:06:40Z


def _open(path: Path) -> HistoryStore:
    result = HistoryStore.open(path, now=NOW)
    assert result.problem is None
    return result.store


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def _user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_each_record_kind_round_trips_through_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    bouts = [
        Bout(NOW, NOW + 1800.0, BreakKind.ROUTINE),
        Bout(NOW + 2000.0, NOW + 2500.5, BreakKind.LOCK),
        Bout(NOW + 3000.0, NOW + 3100.0, None),
    ]
    prompt = PromptRecord(NOW + 1800.0, NOW, 1800.0, 2, True, "snoozed", "bridges-1")
    unanswered = PromptRecord(NOW + 1900.0, NOW, 1900.0, 0, False)
    routine = RoutineOutcome("bridges-1", "partial", 3, 5, NOW + 1810.0, NOW + 1900.0)
    spell = SpellRecord("standing", NOW + 4000.0, NOW + 4600.0)
    store = _open(path)
    for bout in bouts:
        store.add_bout(bout)
    store.add_prompt(prompt)
    store.add_prompt(unanswered)
    store.add_routine(routine)
    store.add_spell(spell)
    store.close()

    again = _open(path)
    assert again.bouts_between(NOW - 10.0, NOW + 4000.0) == bouts
    assert again.bouts_between(NOW + 1900.0, NOW + 2100.0) == [bouts[1]]
    assert again.prompts_between(NOW, NOW + 2000.0) == [prompt, unanswered]
    assert again.routines_since(NOW + 1900.0) == [routine]
    assert again.routines_since(NOW + 1901.0) == []
    assert again.spells_between(NOW, NOW + 5000.0) == [spell]
    again.close()


def test_words_outside_the_enumerations_are_refused(tmp_path: Path) -> None:
    store = _open(tmp_path / "history.sqlite3")
    with pytest.raises(ValueError, match="response"):
        store.add_prompt(PromptRecord(NOW, NOW, 0.0, 0, False, "typed some text"))
    with pytest.raises(ValueError, match="kind"):
        store.add_spell(SpellRecord("lunch with Bob", NOW, NOW + 1.0))
    assert store.pending == 0
    store.close()


def test_the_file_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = folder / "history.sqlite3"
    store = _open(path)
    store.add_bout(Bout(NOW, NOW + 60.0))
    store.flush()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    store.close()


def test_a_v1_database_is_upgraded_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        'INSERT INTO bouts (start, "end", ended_by) VALUES (?, ?, ?)', (NOW, NOW + 900.0, "natural")
    )
    conn.close()
    assert LATEST_VERSION > 1

    store = _open(path)
    assert store.bouts_between(NOW, NOW + 1.0) == [Bout(NOW, NOW + 900.0, BreakKind.NATURAL)]
    store.close()
    assert _user_version(path) == LATEST_VERSION
    conn = sqlite3.connect(path)
    try:
        indexes = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
    finally:
        conn.close()
    assert "bouts_by_start" in indexes


def test_a_garbage_file_is_moved_aside_intact_and_a_fresh_store_works(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "history.sqlite3"
    garbage = b"this is not a database, just some bytes\x00\x01\x02" * 100
    path.write_bytes(garbage)
    with caplog.at_level(logging.WARNING, logger="glutewake.history"):
        result = HistoryStore.open(path, now=NOW)
    assert result.problem is not None
    aside = tmp_path / "history.sqlite3.broken-20250615T150640Z"
    assert aside.read_bytes() == garbage
    assert str(path) in result.problem
    assert str(aside) in result.problem
    assert str(aside) in caplog.text
    result.store.add_bout(Bout(NOW, NOW + 60.0))
    result.store.close()
    assert _count(path, "bouts") == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_database_from_a_newer_version_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    original = path.read_bytes()

    result = HistoryStore.open(path, now=NOW)
    assert result.problem is not None
    assert "newer" in result.problem
    aside = tmp_path / "history.sqlite3.broken-20250615T150640Z"
    assert aside.read_bytes() == original
    assert _user_version(aside) == LATEST_VERSION + 1
    result.store.close()
    assert _user_version(path) == LATEST_VERSION


def test_two_failures_in_the_same_second_keep_both_old_files(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"first garbage" * 50)
    HistoryStore.open(path, now=NOW).store.close()
    path.write_bytes(b"second garbage" * 50)
    HistoryStore.open(path, now=NOW).store.close()
    assert (tmp_path / "history.sqlite3.broken-20250615T150640Z").read_bytes().startswith(b"first")
    assert (
        (tmp_path / "history.sqlite3.broken-20250615T150640Z-2").read_bytes().startswith(b"second")
    )


def test_writes_wait_for_flush_and_go_in_one_transaction(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = _open(path)
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    for i in range(50):
        store.add_bout(Bout(NOW + i * 100.0, NOW + i * 100.0 + 50.0, BreakKind.NATURAL))
    store.add_prompt(PromptRecord(NOW, NOW, 1800.0, 0, False, "done"))
    store.add_routine(RoutineOutcome("walk", "done", 1, 1, NOW, NOW + 120.0))
    store.add_spell(SpellRecord("paused", NOW, NOW + 300.0))
    assert store.pending == 53
    assert _count(path, "bouts") == 0
    assert _count(path, "prompts") == 0
    assert statements == []

    assert store.flush() == 53
    assert store.pending == 0
    assert [s for s in statements if s.split()[0] in {"BEGIN", "COMMIT"}] == [
        "BEGIN IMMEDIATE",
        "COMMIT",
    ]
    assert _count(path, "bouts") == 50
    assert _count(path, "prompts") == 1
    assert _count(path, "routines") == 1
    assert _count(path, "spells") == 1
    assert store.flush() == 0
    store.close()


def test_close_flushes_what_is_buffered(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = _open(path)
    store.add_bout(Bout(NOW, NOW + 600.0, BreakKind.SUSPEND))
    store.add_routine(RoutineOutcome("clams-2", "skipped", 0, 4, NOW, NOW + 5.0))
    store.close()
    assert _count(path, "bouts") == 1
    assert _count(path, "routines") == 1


def test_the_bout_in_progress_survives_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = _open(path)
    store.set_open_bout(Bout(NOW, NOW + 1500.0))
    store.flush()
    # No close(): the process dies here. The next run finds the bout where it was.
    reopened = _open(path)
    assert reopened.open_bout() == Bout(NOW, NOW + 1500.0)
    reopened.set_open_bout(None)
    reopened.close()
    assert _open(path).open_bout() is None


def test_an_import_run_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    store = _open(tmp_path / "history.sqlite3")
    store.add_bout(Bout(NOW, NOW + 600.0, BreakKind.LOCK))  # glutewake's own record
    imported = [
        Bout(NOW - 3600.0, NOW - 1800.0, BreakKind.NATURAL),
        Bout(NOW + 300.0, NOW + 900.0, BreakKind.NATURAL),  # overlaps the recorded bout
        Bout(NOW + 1200.0, NOW + 2400.0, BreakKind.NATURAL),
    ]
    assert store.add_bouts_where_free(imported) == ([imported[0], imported[2]], 1)
    assert store.add_bouts_where_free(imported) == ([], 3)
    starts = [b.start for b in store.bouts_between(NOW - 86400.0, NOW + 86400.0)]
    assert starts == [NOW - 3600.0, NOW, NOW + 1200.0]
    assert store.bouts_between(NOW - 86400.0, NOW + 86400.0)[-1].end == NOW + 2400.0


def test_retention_forgets_only_what_ended_before_the_limit(tmp_path: Path) -> None:
    store = _open(tmp_path / "history.sqlite3")
    old, recent = NOW - 800 * 86400.0, NOW - 86400.0
    for t in (old, recent):
        store.add_bout(Bout(t, t + 600.0, BreakKind.NATURAL))
        store.add_prompt(PromptRecord(t + 600.0, t, 600.0, 0, False, "done"))
        store.add_routine(RoutineOutcome("r", "done", 3, 3, t + 600.0, t + 700.0))
        store.add_spell(SpellRecord("standing", t + 700.0, t + 900.0))
    assert store.forget_before(NOW - 730 * 86400.0) == 4
    assert [b.start for b in store.bouts_between(0.0, NOW)] == [recent]
    assert len(store.prompts_between(0.0, NOW)) == 1
    assert len(store.routines_since(0.0)) == 1
    assert len(store.spells_between(0.0, NOW)) == 1
