"""The sitting history in SQLite: bouts, prompts, routines and standing or paused spells.

Writes are batched in memory and written in one transaction by `flush()` (the app flushes
about once a minute and at quit), so the disk wakes rarely and an interrupted run loses at
most the last minute. A database we cannot use is moved aside, never deleted, and a fresh
one started: a history is worth less than a running app, but the user may want it back.

Only times (UTC POSIX seconds), counts and enumerated words are stored (privacy rule 5);
CHECK constraints keep it that way even if a caller slips.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from glutewake.core.models import (
    Bout,
    BreakKind,
    PromptRecord,
    PromptResponse,
    RoutineOutcome,
    RoutineResult,
    SpellKind,
    SpellRecord,
)
from glutewake.store.paths import ensure_private_dir

log = logging.getLogger("glutewake.history")

# The words the first schema's CHECK constraints accept. Written out rather than taken from the
# enumerations, because a shipped migration never changes; a test keeps the two in step.
RESPONSES = ("done", "snoozed", "skipped", "ignored", "dismissed")
SPELL_KINDS = ("standing", "paused")
OUTCOMES = ("done", "partial", "skipped")


def _words(values: Sequence[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


#: Ordered migrations: entry i brings a database from user_version i to i + 1. Append only;
#: never edit a migration that has shipped.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        'CREATE TABLE bouts (id INTEGER PRIMARY KEY, start REAL NOT NULL, "end" REAL NOT NULL,'
        f" ended_by TEXT CHECK (ended_by IN ({_words([k.value for k in BreakKind])})))",
        "CREATE TABLE prompts (id INTEGER PRIMARY KEY, at REAL NOT NULL,"
        ' bout_start REAL NOT NULL, sitting_s REAL NOT NULL, "repeat" INTEGER NOT NULL,'
        " catch_up INTEGER NOT NULL CHECK (catch_up IN (0, 1)),"
        f" response TEXT CHECK (response IN ({_words(RESPONSES)})), routine_id TEXT)",
        "CREATE TABLE routines (id INTEGER PRIMARY KEY, routine_id TEXT NOT NULL,"
        f" outcome TEXT NOT NULL CHECK (outcome IN ({_words(OUTCOMES)})),"
        " steps_done INTEGER NOT NULL, steps_total INTEGER NOT NULL,"
        " started REAL NOT NULL, ended REAL NOT NULL)",
        "CREATE TABLE spells (id INTEGER PRIMARY KEY,"
        f" kind TEXT NOT NULL CHECK (kind IN ({_words(SPELL_KINDS)})),"
        ' start REAL NOT NULL, "end" REAL NOT NULL)',
    ),
    (
        # Charts and reports read by time range.
        "CREATE INDEX bouts_by_start ON bouts (start)",
        "CREATE INDEX prompts_by_at ON prompts (at)",
        "CREATE INDEX routines_by_ended ON routines (ended)",
        "CREATE INDEX spells_by_start ON spells (start)",
    ),
    (
        # The bout in progress, rewritten at every flush, so a crash loses at most the
        # minute since the last one, and a quick restart can carry the bout on.
        "CREATE TABLE open_bout (id INTEGER PRIMARY KEY CHECK (id = 1),"
        ' start REAL NOT NULL, "end" REAL NOT NULL)',
        'CREATE INDEX bouts_by_end ON bouts ("end")',
    ),
)
LATEST_VERSION = len(MIGRATIONS)


class UnusableDatabase(Exception):
    """The file is not a database we can use (corrupt, or from a newer glutewake)."""


@dataclass(frozen=True, slots=True)
class OpenResult:
    store: HistoryStore
    problem: str | None
    """What went wrong with the old file and where it went, for the user; None when fine."""


_Row = tuple[str, tuple[object, ...]]


class HistoryStore:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._buffer: list[_Row] = []

    @classmethod
    def open(cls, path: Path, *, now: float) -> OpenResult:
        """Open or create the store at `path`; `now` (UTC POSIX s) names a moved-aside file."""
        problem: str | None = None
        try:
            ensure_private_dir(path.parent)
            return OpenResult(cls(_connect(path)), None)
        except (sqlite3.DatabaseError, UnusableDatabase) as exc:
            reason = str(exc)
        except OSError as exc:
            return cls._in_memory(path, f"cannot use {path}: {exc.strerror or exc}")
        try:
            aside = _move_aside(path, now)
        except OSError as exc:
            return cls._in_memory(
                path,
                f"{path} is unusable ({reason}) and could not be moved"
                f" aside: {exc.strerror or exc}",
            )
        problem = (
            f"history database {path} was unusable ({reason}); moved it to {aside}"
            " and started a fresh history"
        )
        log.warning("%s", problem)
        try:
            return OpenResult(cls(_connect(path)), problem)
        except (sqlite3.DatabaseError, UnusableDatabase, OSError) as exc:
            return cls._in_memory(path, f"{problem}, but the fresh one failed too: {exc}")

    @classmethod
    def open_existing(cls, path: Path) -> HistoryStore:
        """Open a history that must already exist, for commands that read it.

        Raises UnusableDatabase (with the reason) and leaves the file alone if it cannot be
        used: moving a user's file aside is the app's decision, not a report's.
        """
        try:
            return cls(_connect(path, create=False))
        except (sqlite3.DatabaseError, OSError) as exc:
            raise UnusableDatabase(str(exc)) from exc

    @classmethod
    def in_memory(cls) -> HistoryStore:
        """An empty history that lives only as long as the process (no file yet, or a test)."""
        conn = sqlite3.connect(":memory:", isolation_level=None)
        _migrate(conn)
        return cls(conn)

    @classmethod
    def _in_memory(cls, path: Path, problem: str) -> OpenResult:
        problem = f"{problem}; history is kept in memory only this session"
        log.warning("%s", problem)
        return OpenResult(cls.in_memory(), problem)

    # Writes: buffered until flush().

    def add_bout(self, bout: Bout) -> None:
        ended_by = None if bout.ended_by is None else BreakKind(bout.ended_by).value
        self._buffer.append(
            (
                'INSERT INTO bouts (start, "end", ended_by) VALUES (?, ?, ?)',
                (float(bout.start), float(bout.end), ended_by),
            )
        )

    def forget_bout(self, start: float) -> None:
        """Take back a recorded bout: the user said they never left, so it joined the next."""
        self._buffer.append(("DELETE FROM bouts WHERE start = ?", (float(start),)))

    def add_prompt(self, prompt: PromptRecord) -> None:
        if prompt.response is not None and prompt.response not in RESPONSES:
            raise ValueError(f"prompt response must be one of {RESPONSES}")
        self._buffer.append(
            (
                'INSERT INTO prompts (at, bout_start, sitting_s, "repeat", catch_up, response,'
                " routine_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    float(prompt.at),
                    float(prompt.bout_start),
                    float(prompt.sitting_s),
                    int(prompt.repeat),
                    int(bool(prompt.catch_up)),
                    prompt.response,
                    prompt.routine_id,
                ),
            )
        )

    def add_routine(self, outcome: RoutineOutcome) -> None:
        if outcome.outcome not in OUTCOMES:
            raise ValueError(f"routine outcome must be one of {OUTCOMES}")
        self._buffer.append(
            (
                "INSERT INTO routines (routine_id, outcome, steps_done, steps_total, started,"
                " ended) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    outcome.routine_id,
                    outcome.outcome,
                    int(outcome.steps_done),
                    int(outcome.steps_total),
                    float(outcome.started),
                    float(outcome.ended),
                ),
            )
        )

    def add_spell(self, spell: SpellRecord) -> None:
        if spell.kind not in SPELL_KINDS:
            raise ValueError(f"spell kind must be one of {SPELL_KINDS}")
        self._buffer.append(
            (
                'INSERT INTO spells (kind, start, "end") VALUES (?, ?, ?)',
                (spell.kind, float(spell.start), float(spell.end)),
            )
        )

    def set_open_bout(self, bout: Bout | None) -> None:
        """The bout still going (start to its last activity), or None when there is none."""
        if bout is None:
            self._buffer.append(("DELETE FROM open_bout", ()))
        else:
            self._buffer.append(
                (
                    'INSERT OR REPLACE INTO open_bout (id, start, "end") VALUES (1, ?, ?)',
                    (float(bout.start), float(bout.end)),
                )
            )

    def add_bouts_where_free(self, bouts: Iterable[Bout]) -> tuple[list[Bout], int]:
        """Add the bouts that overlap no recorded bout, so an import run twice adds nothing.

        The given bouts must not overlap each other. Returns (bouts added, number skipped);
        written at once in one transaction, since an import is one deliberate act.
        """
        self.flush()
        added: list[Bout] = []
        skipped = 0
        for bout in bouts:
            taken = self._read(
                'SELECT 1 FROM bouts WHERE "end" > ? AND start < ? LIMIT 1',
                (bout.start, bout.end),
                flush=False,
            )
            if taken:
                skipped += 1
            else:
                self.add_bout(bout)
                added.append(bout)
        self.flush()
        return added, skipped

    def forget_before(self, t: float) -> int:
        """Delete what ended before `t` (the user's retention limit); returns rows deleted."""
        self.flush()
        statements = (
            'DELETE FROM bouts WHERE "end" < ?',
            "DELETE FROM prompts WHERE at < ?",
            "DELETE FROM routines WHERE ended < ?",
            'DELETE FROM spells WHERE "end" < ?',
        )
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            deleted = sum(self._conn.execute(sql, (t,)).rowcount for sql in statements)
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            log.warning("could not trim the history: %s", exc)
            return 0
        return deleted

    @property
    def pending(self) -> int:
        """Rows added but not yet written."""
        return len(self._buffer)

    def flush(self) -> int:
        """Write the buffer in one transaction; returns the rows written.

        On a database error nothing is written, the rows stay buffered for the next flush,
        and the reason is logged.
        """
        if not self._buffer:
            return 0
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                for sql, params in self._buffer:
                    self._conn.execute(sql, params)
                self._conn.execute("COMMIT")
            except sqlite3.DatabaseError:
                self._conn.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            log.warning(
                "could not write %d history rows (kept for the next try): %s",
                len(self._buffer),
                exc,
            )
            return 0
        written = len(self._buffer)
        self._buffer.clear()
        return written

    # Reads: flush first, so a read sees everything added so far.

    def bouts_between(self, start: float, end: float) -> list[Bout]:
        """Bouts that overlap [start, end), oldest first."""
        rows = self._read(
            'SELECT start, "end", ended_by FROM bouts WHERE "end" > ? AND start < ?'
            " ORDER BY start, id",
            (start, end),
        )
        return [
            Bout(float(s), float(e), None if kind is None else BreakKind(kind))
            for s, e, kind in rows
        ]

    def open_bout(self) -> Bout | None:
        """The bout that was going at the last flush, if the app did not close it."""
        rows = self._read('SELECT start, "end" FROM open_bout', ())
        return Bout(float(rows[0][0]), float(rows[0][1])) if rows else None

    def prompts_between(self, start: float, end: float) -> list[PromptRecord]:
        """Prompts shown in [start, end), oldest first."""
        rows = self._read(
            'SELECT at, bout_start, sitting_s, "repeat", catch_up, response, routine_id'
            " FROM prompts WHERE at >= ? AND at < ? ORDER BY at, id",
            (start, end),
        )
        return [
            PromptRecord(
                float(a),
                float(b),
                float(s),
                int(r),
                bool(c),
                None if resp is None else PromptResponse(resp),
                rid,
            )
            for a, b, s, r, c, resp, rid in rows
        ]

    def routines_since(self, t: float) -> list[RoutineOutcome]:
        """Routines that ended at or after `t`, oldest first."""
        rows = self._read(
            "SELECT routine_id, outcome, steps_done, steps_total, started, ended FROM routines"
            " WHERE ended >= ? ORDER BY ended, id",
            (t,),
        )
        return [
            RoutineOutcome(str(r), RoutineResult(o), int(d), int(n), float(s), float(e))
            for r, o, d, n, s, e in rows
        ]

    def routines_between(self, start: float, end: float) -> list[RoutineOutcome]:
        """Routines that ended in [start, end), oldest first."""
        rows = self._read(
            "SELECT routine_id, outcome, steps_done, steps_total, started, ended FROM routines"
            " WHERE ended >= ? AND ended < ? ORDER BY ended, id",
            (start, end),
        )
        return [
            RoutineOutcome(str(r), RoutineResult(o), int(d), int(n), float(s), float(e))
            for r, o, d, n, s, e in rows
        ]

    def spells_between(self, start: float, end: float) -> list[SpellRecord]:
        """Standing or paused spells that overlap [start, end), oldest first."""
        rows = self._read(
            'SELECT kind, start, "end" FROM spells WHERE "end" > ? AND start < ?'
            " ORDER BY start, id",
            (start, end),
        )
        return [SpellRecord(SpellKind(k), float(s), float(e)) for k, s, e in rows]

    def _read(self, sql: str, params: tuple[object, ...], *, flush: bool = True) -> list[Any]:
        if flush:
            self.flush()
        try:
            return list(self._conn.execute(sql, params))
        except sqlite3.DatabaseError as exc:
            log.warning("could not read the history: %s", exc)
            return []

    def close(self) -> None:
        """Flush what is buffered, then close."""
        self.flush()
        try:
            self._conn.close()
        except sqlite3.DatabaseError as exc:
            log.warning("could not close the history cleanly: %s", exc)


def _connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open, check and migrate; raises if the file is not a database we can use."""
    fd = os.open(path, os.O_RDWR | (os.O_CREAT if create else 0), 0o600)
    os.close(fd)
    if create:
        os.chmod(path, 0o600)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > LATEST_VERSION:
            raise UnusableDatabase(
                f"schema version {version} is newer than this glutewake knows ({LATEST_VERSION})"
            )
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise UnusableDatabase(f"integrity check failed: {check}")
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("history %s: journal mode is %s, not WAL", path, mode)
        conn.execute("PRAGMA foreign_keys=ON")
        _migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply the missing migrations in order, all in one transaction."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version >= LATEST_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for number in range(version, LATEST_VERSION):
            for statement in MIGRATIONS[number]:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION:d}")
        conn.execute("COMMIT")
    except sqlite3.DatabaseError:
        conn.execute("ROLLBACK")
        raise
    if version:
        log.info("history upgraded from schema %d to %d", version, LATEST_VERSION)


def _move_aside(path: Path, now: float) -> Path:
    """Rename the database (and its WAL sidecars) to `<name>.broken-<UTC time>`."""
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            os.replace(sidecar, aside.with_name(aside.name + suffix))
    return aside
