"""The format of config.toml over time: its `version` key and the steps that bring an older
file up to date.

Why like the history database's migrations: a setting will one day be renamed or change how
its value is written, and a user's file written before that must keep its meaning. The steps
are one ordered, append-only list, as `store.history.MIGRATIONS` is for the database: entry i
brings a file from version i + 1 to version i + 2, and a step that has shipped is never edited.

Why in memory: the file belongs to the user, and reading never rewrites it (house rule 3). An
older file is upgraded in memory each time it is read, with a notice naming the file, the old
key and the new one. Only when the user saves settings (the dialog's OK, `config set`) does
`store.config_writer` apply the same steps to the document, comments kept, and write
`version = N`.

Decisions a user could trip over, made once here:
- A file without `version` is version 1, the format before the key existed, so no file written
  before then changes meaning.
- A `version` that is not a whole number of at least 1 is reported, and the file read as if it
  had none (version 1).
- A file of a newer version than this glutewake knows is read for the settings it recognises,
  each still checked (the others are reported as unknown, as always), with a message naming the
  file, the key, its value and the versions this glutewake reads. No step is applied to it, and
  saving into it is refused, so a newer glutewake's file is never written down to an older
  format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, TypeAlias

from glutewake.core.settings import SettingProblem
from glutewake.core.values import Refusal, WholeNumber, show

VERSION_KEY: Final = "version"
FIRST_VERSION: Final = 1


def _as_is(value: object) -> object:
    return value


@dataclass(frozen=True)
class KeyChange:
    """One key's change from one version to the next: a new name, a new way to write the
    value, or both.

    `convert` is pure and must not raise: a value it cannot convert is returned as it is, for
    the settings check to report like any other bad value.
    """

    old: str
    new: str
    convert: Callable[[object], object] = _as_is


Step: TypeAlias = tuple[KeyChange, ...]

#: Ordered upgrade steps: entry i brings a file from version i + 1 to i + 2. Append only;
#: never edit a step that has shipped. Empty while version 1 is the only format.
STEPS: Final[tuple[Step, ...]] = ()


def current_version(steps: Sequence[Step] = STEPS) -> int:
    """The version a file has once every step is applied: the one glutewake writes."""
    return FIRST_VERSION + len(steps)


CURRENT_VERSION: Final = current_version()


@dataclass(frozen=True)
class Upgraded:
    """A parsed config file in the current format, and what the user should be told about it.

    `values` are the settings as this version names them, without the `version` key; `version`
    is the one the file was read as. `notices` explain each upgrade step applied; `problems`
    are about the version key itself.
    """

    values: dict[str, object]
    version: int
    current: int
    notices: tuple[SettingProblem, ...] = ()
    problems: tuple[SettingProblem, ...] = ()

    @property
    def newer(self) -> bool:
        """The file is of a format this glutewake does not know, and must not write."""
        return self.version > self.current


def supported_versions(steps: Sequence[Step] = STEPS) -> str:
    """The versions this glutewake reads, in words: "version 1" or "versions 1 to 3"."""
    single = current_version(steps) == FIRST_VERSION
    return f"{'version' if single else 'versions'} {_version_range(steps)}"


def _version_range(steps: Sequence[Step]) -> str:
    current = current_version(steps)
    return str(current) if current == FIRST_VERSION else f"{FIRST_VERSION} to {current}"


def upgrade(raw: Mapping[str, object], source: str, steps: Sequence[Step] = STEPS) -> Upgraded:
    """Bring a parsed config file up to the current format, in memory; never raises.

    `source` names the file in every message, as for the settings themselves.
    """
    current = current_version(steps)
    values = {key: value for key, value in raw.items() if key != VERSION_KEY}
    version, problem = _file_version(raw, source, steps)
    problems = () if problem is None else (problem,)
    notices: list[SettingProblem] = []
    for number, step in enumerate(steps[version - FIRST_VERSION :], start=version + 1):
        for change in step:
            values = _apply(change, values, source, number, notices)
    return Upgraded(values, version, current, tuple(notices), problems)


def _file_version(
    raw: Mapping[str, object], source: str, steps: Sequence[Step]
) -> tuple[int, SettingProblem | None]:
    if VERSION_KEY not in raw:
        return FIRST_VERSION, None
    value = raw[VERSION_KEY]
    checked = WholeNumber(minimum=FIRST_VERSION).check(value)
    if isinstance(checked, Refusal):
        hint = checked.hint(VERSION_KEY)
        message = (
            f"{source}: {VERSION_KEY} = {show(value)} {checked.reason}; allowed "
            f"{_version_range(steps)}."
            f"{' ' + hint if hint else ''} Reading the file as version {FIRST_VERSION}, as if "
            "it had no version; it was left as it is."
        )
        return FIRST_VERSION, SettingProblem(source, VERSION_KEY, message)
    if checked > current_version(steps):
        message = (
            f"{source}: {VERSION_KEY} = {checked} is a newer format than this glutewake knows "
            f"(it reads {supported_versions(steps)}). Using the settings it recognises; the "
            "file was left as it is, and glutewake will not save settings into it until it is "
            "updated."
        )
        return checked, SettingProblem(source, VERSION_KEY, message)
    return checked, None


def _apply(
    change: KeyChange,
    values: dict[str, object],
    source: str,
    number: int,
    notices: list[SettingProblem],
) -> dict[str, object]:
    """`values` with one key changed, in the file's order, and a notice saying so."""
    if change.old not in values:
        return values
    old_value = values[change.old]
    renamed = change.new != change.old
    if renamed and change.new in values:
        notices.append(
            SettingProblem(
                source,
                change.old,
                f"{source}: {change.old} is now called {change.new}, and the file has both; "
                f"{change.old} = {show(old_value)} was ignored. Saving settings removes it.",
            )
        )
        return {key: value for key, value in values.items() if key != change.old}
    new_value = change.convert(old_value)
    what = f"{change.old} is now called {change.new}" if renamed else f"{change.old} changed"
    notices.append(
        SettingProblem(
            source,
            change.old,
            f"{source}: {what} (config version {number}); {change.old} = {show(old_value)} "
            f"was read as {change.new} = {show(new_value)}. Saving settings writes it so.",
        )
    )
    return {
        (change.new if key == change.old else key): (new_value if key == change.old else value)
        for key, value in values.items()
    }
