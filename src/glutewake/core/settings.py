"""The user's settings, each declared once as a field of `Settings`.

Why one declaration: the config file, the settings dialog, `glutewake config get/set`, the docs
and validation all read the same field metadata (through `SPECS`), so a default, a bound or a
description cannot drift between them.

Why validation falls back instead of failing: a typo in the config file must not keep a break
reminder from starting. A bad value falls back to that key's default, every other key still
applies, and a `SettingProblem` tells the user which file, key and value, and what is allowed.
Nothing here writes the user's file.

Decisions a user could trip over, made once here:
- true/false is not a number: `interval_minutes = true` is refused, not read as 1.
- A decimal number for a whole-number setting is accepted only when it is integral
  (`30.0` is 30: nothing is lost); `30.5`, `inf` and `nan` are refused.
- Text is never a number: `interval_minutes = "45"` is refused, with a hint to drop the quotes.
- Choices and day names are matched ignoring case and surrounding spaces, and kept lower-case.
- Times are "HH:MM" (a one-digit hour is fine) or a TOML local time without seconds (09:00:00).
  "24:00" may only end the working day, and the end must come after the start: a span over
  midnight is refused rather than guessed at.
- Working days are kept in week order, whatever order the file lists them in.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Final, TypeAlias, TypeVar

SettingValue: TypeAlias = bool | int | str | tuple[str, ...]

_METADATA_KEY: Final = "glutewake.setting"
_SHOWN_LENGTH: Final = 80
_MINUTES_PER_DAY: Final = 24 * 60

WEEKDAYS: Final[tuple[str, ...]] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ValueKind(Enum):
    """How a value is written and checked; more specific than its Python type."""

    WHOLE_NUMBER = "a whole number"
    BOOLEAN = "true or false"
    TEXT = "text"
    TIME_OF_DAY = 'a time of day in quotes, like "09:00"'
    NAME_LIST = "a list of names"


_PYTHON_TYPES: Final[Mapping[ValueKind, builtins.type[object]]] = {
    ValueKind.WHOLE_NUMBER: int,
    ValueKind.BOOLEAN: bool,
    ValueKind.TEXT: str,
    ValueKind.TIME_OF_DAY: str,
    ValueKind.NAME_LIST: tuple,
}


@dataclass(frozen=True)
class _Declaration:
    """What `setting()` records; the key and type come later, from the field itself."""

    kind: ValueKind
    unit: str
    description: str
    minimum: int | None
    maximum: int | None
    choices: tuple[int | str, ...] | None
    label: str
    group: str


@dataclass(frozen=True)
class SettingSpec:
    """Everything the file, the dialog, the CLI and the docs need to know about one setting.

    For a time of day, `minimum` and `maximum` are minutes since midnight.
    """

    key: str
    kind: ValueKind
    type: builtins.type[object]
    default: SettingValue
    unit: str
    description: str
    minimum: int | None
    maximum: int | None
    choices: tuple[int | str, ...] | None
    label: str
    """The words the settings window puts before the field."""
    group: str
    """The settings window's section for it."""

    @property
    def allowed(self) -> str:
        """The allowed values in words, as every message about this setting states them."""
        return _allowed_text(self, with_unit=True)


@dataclass(frozen=True)
class SettingProblem:
    """One thing wrong with what the user asked for, worded for the user.

    `key` is None when the problem is about a whole file rather than one setting.
    """

    source: str
    key: str | None
    message: str

    def __str__(self) -> str:
        return self.message


class SettingError(ValueError):
    """Raised where the caller must not carry on with a bad value (CLI, dialog, code)."""

    def __init__(self, problems: Iterable[SettingProblem]) -> None:
        self.problems: tuple[SettingProblem, ...] = tuple(problems)
        super().__init__("\n".join(problem.message for problem in self.problems))


_T = TypeVar("_T")


def setting(
    default: _T,
    *,
    unit: str,
    description: str,
    minimum: int | None = None,
    maximum: int | None = None,
    choices: tuple[int, ...] | tuple[str, ...] | None = None,
    kind: ValueKind | None = None,
    label: str,
    group: str,
) -> _T:
    """Declare a setting as a dataclass field, so its rules live beside its name and type.

    `kind` is inferred from the default except where the Python type says too little
    (a time of day is a `str`).
    """
    declaration = _Declaration(
        kind=kind if kind is not None else _kind_of(default),
        unit=unit,
        description=description,
        minimum=minimum,
        maximum=maximum,
        choices=choices,
        label=label,
        group=group,
    )
    return dataclasses.field(default=default, metadata={_METADATA_KEY: declaration})


def _kind_of(default: object) -> ValueKind:
    if isinstance(default, bool):
        return ValueKind.BOOLEAN
    if isinstance(default, int):
        return ValueKind.WHOLE_NUMBER
    if isinstance(default, str):
        return ValueKind.TEXT
    if isinstance(default, tuple):
        return ValueKind.NAME_LIST
    raise TypeError(f"no setting kind for a default of type {type(default).__name__}")


@dataclass(frozen=True)
class Settings:
    """The settings the app runs with; always valid, because construction validates.

    Build it from user input with `load_settings`, `parse_value` or `with_overrides`, which
    explain what is wrong; constructing it directly with a bad value raises `SettingError`.
    """

    interval_minutes: int = setting(
        30,
        label="Prompt after sitting for",
        group="Breaks",
        unit="minutes",
        minimum=1,
        maximum=240,
        description="Sitting time before a prompt to move.",
    )
    break_minutes: int = setting(
        1,
        label="A break is time away of at least",
        group="Breaks",
        unit="minutes",
        minimum=1,
        maximum=30,
        description="Time away from the desk that counts as a break and ends a sitting bout.",
    )
    repeat_minutes: int = setting(
        15,
        label="Repeat an ignored prompt after",
        group="Breaks",
        unit="minutes",
        minimum=0,
        maximum=120,
        description="Repeat an ignored prompt after this long; 0 never repeats it.",
    )
    snooze_minutes: int = setting(
        10,
        label="Snooze for",
        group="Breaks",
        unit="minutes",
        minimum=1,
        maximum=120,
        description="How long Snooze puts a prompt off.",
    )
    working_hours_start: str = setting(
        "00:00",
        label="Prompts from",
        group="Working hours",
        kind=ValueKind.TIME_OF_DAY,
        unit="",
        minimum=0,
        maximum=_MINUTES_PER_DAY - 1,
        description="Prompts appear from this time of day.",
    )
    working_hours_end: str = setting(
        "24:00",
        label="Prompts until",
        group="Working hours",
        kind=ValueKind.TIME_OF_DAY,
        unit="",
        minimum=1,
        maximum=_MINUTES_PER_DAY,
        description="Prompts stop at this time of day; 24:00 is the end of the day.",
    )
    working_days: tuple[str, ...] = setting(
        WEEKDAYS,
        label="On these days",
        group="Working hours",
        unit="",
        choices=WEEKDAYS,
        description="Days on which prompts appear.",
    )
    hold_during_calls: bool = setting(
        True,
        label="Hold prompts during calls",
        group="Quiet times",
        unit="",
        description="Hold prompts while a call is on (microphone or camera in use).",
    )
    hold_when_fullscreen: bool = setting(
        True,
        label="Hold prompts while a window is fullscreen",
        group="Quiet times",
        unit="",
        description="Hold prompts while a window is fullscreen (a presentation, a video).",
    )
    hold_when_do_not_disturb: bool = setting(
        True,
        label="Hold prompts while do-not-disturb is on",
        group="Quiet times",
        unit="",
        description="Hold prompts while the desktop's do-not-disturb is on.",
    )
    ask_about_quiet_spells: bool = setting(
        True,
        label="Ask whether I was away after a long quiet spell",
        group="Breaks",
        unit="",
        description="After a long spell without input, ask whether you were away.",
    )
    routine_minutes: int = setting(
        2,
        label="Routine length",
        group="Routine",
        unit="minutes",
        choices=(1, 2, 3, 5),
        description="Length of the glute-activation routine.",
    )
    routine_place: str = setting(
        "office",
        label="Routine place",
        group="Routine",
        unit="",
        choices=("office", "floor"),
        description="office: standing moves in work clothes; floor: exercises on a mat.",
    )
    notification_style: str = setting(
        "auto",
        label="Show prompts as",
        group="Notifications",
        unit="",
        choices=("auto", "dbus", "plyer", "tray"),
        description=(
            "How prompts appear: auto picks the best available; dbus is a desktop "
            "notification with buttons; plyer a plain notification; tray a tray message."
        ),
    )
    start_at_login: bool = setting(
        False,
        label="Start glutewake when I log in",
        group="System",
        unit="",
        description="Start glutewake when you log in.",
    )
    history_retention_days: int = setting(
        730,
        label="Keep sitting history for",
        group="System",
        unit="days",
        minimum=0,
        maximum=3650,
        description="Days of sitting history kept; 0 keeps it forever.",
    )

    def __post_init__(self) -> None:
        given = {spec.key: getattr(self, spec.key) for spec in SPECS}
        accepted, rejections = _validate(given)
        if rejections:
            raise SettingError(rejection.problem("Settings", "") for rejection in rejections)
        # Store the canonical form ("9:00" -> "09:00", a list of days -> a tuple in week order)
        # so equal settings compare equal and the dataclass stays hashable.
        for key, value in accepted.items():
            object.__setattr__(self, key, value)

    @property
    def working_hours_start_minute(self) -> int:
        """Minutes since local midnight at which prompts may start."""
        return _clock_minutes(self.working_hours_start)

    @property
    def working_hours_end_minute(self) -> int:
        """Minutes since local midnight at which prompts stop (1440 for "24:00")."""
        return _clock_minutes(self.working_hours_end)


def _build_specs() -> tuple[SettingSpec, ...]:
    specs = []
    for field in dataclasses.fields(Settings):
        declaration = field.metadata[_METADATA_KEY]
        assert isinstance(declaration, _Declaration)
        specs.append(
            SettingSpec(
                key=field.name,
                kind=declaration.kind,
                type=_PYTHON_TYPES[declaration.kind],
                default=field.default,  # type: ignore[arg-type]  # set by setting()
                unit=declaration.unit,
                description=declaration.description,
                minimum=declaration.minimum,
                maximum=declaration.maximum,
                choices=declaration.choices,
                label=declaration.label,
                group=declaration.group,
            )
        )
    return tuple(specs)


SPECS: Final[tuple[SettingSpec, ...]] = _build_specs()
_SPECS_BY_KEY: Final[Mapping[str, SettingSpec]] = {spec.key: spec for spec in SPECS}

# Pairs (earlier, later) whose values must be in strictly increasing order.
_ORDERED_PAIRS: Final[tuple[tuple[str, str], ...]] = (("working_hours_start", "working_hours_end"),)


def spec_for(key: str, *, source: str = "command line") -> SettingSpec:
    """Look a setting up by the name a user typed, with a suggestion if it is misspelt."""
    spec = _SPECS_BY_KEY.get(key)
    if spec is None:
        message = f"{source}: {_show_key(key)} is not a known setting.{_key_suggestion(key)}"
        raise SettingError([SettingProblem(source, key, message)])
    return spec


def as_dict(settings: Settings) -> dict[str, SettingValue]:
    """Every setting by key, in declaration order, for `config get` and for writing a file."""
    return {spec.key: getattr(settings, spec.key) for spec in SPECS}


def format_value(value: object) -> str:
    """Write a value as it would appear on the right of `key = ` in config.toml."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if value.bit_length() > 256:
            # str() of a huge int is slow and, past 4300 digits, refused by Python.
            return f"<a number of about {int(value.bit_length() * 0.30103)} digits>"
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_show_key(str(k))} = {format_value(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return repr(value)


def load_settings(raw: Mapping[str, object], source: str) -> tuple[Settings, list[SettingProblem]]:
    """Turn a parsed config file into settings; never raises on anything the file holds.

    `source` names the file in every message so the user knows where to look.
    """
    problems: list[SettingProblem] = []
    known: dict[str, object] = {}
    for key, value in raw.items():
        if key in _SPECS_BY_KEY:
            known[key] = value
        else:
            problems.append(
                SettingProblem(
                    source,
                    key,
                    f"{source}: {_show_key(key)} = {_shorten(format_value(value))} is not a "
                    f"known setting; it was ignored and left in your file."
                    f"{_key_suggestion(key)}",
                )
            )
    accepted, rejections = _validate(known)
    for rejection in rejections:
        default = _SPECS_BY_KEY[rejection.key].default
        problems.append(rejection.problem(source, f"Using the default, {format_value(default)}."))
    # Report in the order the file lists the keys, so the user can read down the file alongside.
    position = {key: index for index, key in enumerate(raw)}
    problems.sort(key=lambda problem: position.get(problem.key or "", len(position)))
    return Settings(**accepted), problems  # type: ignore[arg-type]  # keys are field names


def parse_value(spec: SettingSpec, text: str, *, source: str = "command line") -> SettingValue:
    """Read a value typed on the command line (`config set KEY VALUE`), same rules as the file.

    Accepts "45", "true"/"false" (also yes/no, on/off), "09:00", "mon,tue,wed".
    Raises `SettingError` with a message naming the key, the value and what is allowed.
    """
    candidate = _from_text(spec, text)
    shown: object
    if isinstance(candidate, _Refusal):
        refusal, shown = candidate, text
    else:
        checked = _check(spec, candidate)
        if not isinstance(checked, _Refusal):
            return checked
        refusal, shown = checked, candidate
    rejection = _Rejection(spec.key, shown, refusal.reason, spec.allowed, refusal.hint)
    raise SettingError([rejection.problem(source, "Nothing was changed.")])


def with_overrides(settings: Settings, /, **changes: object) -> Settings:
    """Apply changes all at once, or none of them; `apply_changes` with a generic source."""
    return apply_changes(settings, changes, source="change")


def apply_changes(settings: Settings, changes: Mapping[str, object], *, source: str) -> Settings:
    """Apply changes from the dialog or CLI all at once, or none of them.

    Takes a mapping rather than keywords so that a typed `{key: value}` and a `source` can
    never collide. Raises `SettingError` for unknown keys, bad values, or a combination that
    does not fit (an end of working hours before its start), blaming the keys that changed.
    """
    unknown = [
        SettingProblem(
            source,
            key,
            f"{source}: {_show_key(key)} is not a known setting.{_key_suggestion(key)} "
            "Nothing was changed.",
        )
        for key in changes
        if key not in _SPECS_BY_KEY
    ]
    if unknown:
        raise SettingError(unknown)
    merged: dict[str, object] = {**as_dict(settings), **changes}
    accepted, rejections = _validate(merged)
    if rejections:
        blamed = [rejection for rejection in rejections if rejection.key in changes]
        raise SettingError(
            rejection.problem(source, "Nothing was changed.")
            for rejection in (blamed or rejections)
        )
    return Settings(**accepted)  # type: ignore[arg-type]  # keys are field names


def describe() -> str:
    """A plain-text table of every setting, for `glutewake config` help and the docs.

    Built from `SPECS`, so the help cannot describe a setting differently from the code.
    """
    header = ("key", "default", "unit", "allowed", "description")
    rows = [header] + [
        (
            spec.key,
            format_value(spec.default),
            spec.unit,
            _allowed_text(spec, with_unit=False),
            spec.description,
        )
        for spec in SPECS
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header) - 1)]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in [*widths, len(header[-1])]))
    return "\n".join(lines) + "\n"


# --- validation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Refusal:
    reason: str
    hint: str = ""


@dataclass(frozen=True)
class _Rejection:
    key: str
    value: object
    reason: str
    allowed: str
    hint: str = ""

    def problem(self, source: str, consequence: str) -> SettingProblem:
        tail = "".join(f" {part}" for part in (self.hint, consequence) if part)
        message = (
            f"{source}: {self.key} = {_shorten(format_value(self.value))} {self.reason}; "
            f"allowed {self.allowed}.{tail}"
        )
        return SettingProblem(source, self.key, message)


def _validate(given: Mapping[str, object]) -> tuple[dict[str, SettingValue], list[_Rejection]]:
    """Check known keys one by one, then across keys; rejected keys are left out."""
    accepted: dict[str, SettingValue] = {}
    rejections: list[_Rejection] = []
    for key, value in given.items():
        spec = _SPECS_BY_KEY[key]
        checked = _check(spec, value)
        if isinstance(checked, _Refusal):
            rejections.append(_Rejection(key, value, checked.reason, spec.allowed, checked.hint))
        else:
            accepted[key] = checked
    for earlier, later in _ORDERED_PAIRS:
        first = accepted.get(earlier, _SPECS_BY_KEY[earlier].default)
        second = accepted.get(later, _SPECS_BY_KEY[later].default)
        if _order_of(_SPECS_BY_KEY[earlier], first) < _order_of(_SPECS_BY_KEY[later], second):
            continue
        shown_first, shown_second = format_value(first), format_value(second)
        noun = "time" if _SPECS_BY_KEY[earlier].kind is ValueKind.TIME_OF_DAY else "value"
        if earlier in accepted:
            rejections.append(
                _Rejection(
                    earlier,
                    first,
                    f"is not before {later} = {shown_second}",
                    f"only a {noun} before {later}",
                )
            )
            del accepted[earlier]
        if later in accepted:
            rejections.append(
                _Rejection(
                    later,
                    second,
                    f"is not after {earlier} = {shown_first}",
                    f"only a {noun} after {earlier}",
                )
            )
            del accepted[later]
    return accepted, rejections


def _order_of(spec: SettingSpec, value: SettingValue) -> int:
    if spec.kind is ValueKind.TIME_OF_DAY:
        assert isinstance(value, str)
        return _clock_minutes(value)
    assert isinstance(value, int)
    return value


def _check(spec: SettingSpec, value: object) -> SettingValue | _Refusal:
    """The canonical value, or why `value` is not allowed for `spec`."""
    if spec.kind is ValueKind.BOOLEAN:
        if isinstance(value, bool):
            return value
        return _wrong_type(spec, value)
    if spec.kind is ValueKind.WHOLE_NUMBER:
        return _check_whole_number(spec, value)
    if spec.kind is ValueKind.TEXT:
        return _check_text(spec, value)
    if spec.kind is ValueKind.TIME_OF_DAY:
        return _check_time(spec, value)
    return _check_names(spec, value)


def _wrong_type(spec: SettingSpec, value: object) -> _Refusal:
    """Say what was given and what was wanted; if the text inside quotes would be a valid
    value, show how to write it, since that is the usual mistake."""
    hint = ""
    if isinstance(value, str):
        unquoted = _from_text(spec, value)
        if not isinstance(unquoted, _Refusal) and not isinstance(
            checked := _check(spec, unquoted), _Refusal
        ):
            how = "as a list" if spec.kind is ValueKind.NAME_LIST else "without quotes"
            hint = f"Write it {how}: {spec.key} = {format_value(checked)}."
    return _Refusal(f"is {_type_words(value)}, not {spec.kind.value}", hint)


def _check_whole_number(spec: SettingSpec, value: object) -> int | _Refusal:
    if isinstance(value, float) and not isinstance(value, bool):
        if not value.is_integer():
            return _Refusal("is not a whole number")
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        return _wrong_type(spec, value)
    if spec.choices is not None and value not in spec.choices:
        return _Refusal("is not one of the choices")
    if (spec.minimum is not None and value < spec.minimum) or (
        spec.maximum is not None and value > spec.maximum
    ):
        return _Refusal("is out of range")
    return value


def _check_text(spec: SettingSpec, value: object) -> str | _Refusal:
    if not isinstance(value, str):
        return _wrong_type(spec, value)
    if spec.choices is None:
        return value
    normal = value.strip().lower()
    if normal not in spec.choices:
        guess = _closest_choice(normal, spec)
        return _Refusal("is not one of the choices", f"Did you mean {guess}?" if guess else "")
    return normal


_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})")


def _check_time(spec: SettingSpec, value: object) -> str | _Refusal:
    if isinstance(value, dt.time):
        if value.second or value.microsecond or value.tzinfo is not None:
            return _Refusal("has seconds or a time zone", 'Write it as "HH:MM".')
        minutes = value.hour * 60 + value.minute
    elif isinstance(value, str):
        match = _CLOCK.fullmatch(value.strip())
        if match is None:
            return _Refusal('is not a time written "HH:MM"')
        hours, mins = int(match[1]), int(match[2])
        minutes = hours * 60 + mins
        if mins > 59 or minutes > _MINUTES_PER_DAY:
            return _Refusal("is not a time of day")
    else:
        return _wrong_type(spec, value)
    if (spec.minimum is not None and minutes < spec.minimum) or (
        spec.maximum is not None and minutes > spec.maximum
    ):
        hint = "24:00 can only end the working day." if minutes == _MINUTES_PER_DAY else ""
        return _Refusal("is out of range", hint)
    return _clock_text(minutes)


def _check_names(spec: SettingSpec, value: object) -> tuple[str, ...] | _Refusal:
    choices = tuple(str(choice) for choice in spec.choices or ())
    if not isinstance(value, list | tuple):
        return _wrong_type(spec, value)
    if not value:
        return _Refusal("is empty")
    for item in value:
        if not isinstance(item, str):
            return _Refusal(f"contains {_shorten(format_value(item))}, which is not a name")
    normal = [item.strip().lower() for item in value]
    unknown = [item for item in normal if item not in choices]
    if unknown:
        listed = _shorten(_word_list([format_value(item) for item in unknown], "and"))
        which = (
            "which is not one of the choices"
            if len(unknown) == 1
            else ("which are not among the choices")
        )
        guesses = [guess for item in unknown if (guess := _closest_choice(item, spec))]
        hint = f"Did you mean {_word_list(guesses, 'and')}?" if guesses else ""
        return _Refusal(f"contains {listed}, {which}", hint)
    for item in normal:
        if normal.count(item) > 1:
            return _Refusal(f"names {format_value(item)} more than once")
    return tuple(choice for choice in choices if choice in normal)


def _from_text(spec: SettingSpec, text: str) -> object | _Refusal:
    """What a bare word from the command line means for `spec`, before range checks."""
    stripped = text.strip()
    if spec.kind is ValueKind.WHOLE_NUMBER:
        if re.fullmatch(r"[+-]?[0-9]{1,30}", stripped) is None:
            return _Refusal("is not a whole number")
        return int(stripped)
    if spec.kind is ValueKind.BOOLEAN:
        lowered = stripped.lower()
        if lowered in {"true", "yes", "on"}:
            return True
        if lowered in {"false", "no", "off"}:
            return False
        return _Refusal("is not true or false")
    if spec.kind is ValueKind.NAME_LIST:
        inner = stripped.removeprefix("[").removesuffix("]")
        parts = [part.strip().strip("\"'") for part in inner.split(",")]
        return [part for part in parts if part]
    return stripped


def _clock_minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _clock_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- wording --------------------------------------------------------------------------------


def _allowed_text(spec: SettingSpec, *, with_unit: bool) -> str:
    unit = f" {spec.unit}" if with_unit and spec.unit else ""
    if spec.kind is ValueKind.BOOLEAN:
        return "true or false"
    if spec.kind is ValueKind.TIME_OF_DAY:
        low = _clock_text(spec.minimum if spec.minimum is not None else 0)
        high = _clock_text(spec.maximum if spec.maximum is not None else _MINUTES_PER_DAY)
        if not with_unit:
            return f"{low} to {high}"
        return f'a time from "{low}" to "{high}", written "HH:MM"'
    if spec.kind is ValueKind.NAME_LIST:
        if not with_unit:
            return "one or more of " + ", ".join(str(choice) for choice in spec.choices or ())
        names = ", ".join(format_value(choice) for choice in spec.choices or ())
        return f"a list of one or more of {names}, each at most once"
    if spec.choices is not None:
        return _word_list([format_value(choice) for choice in spec.choices]) + unit
    if spec.kind is ValueKind.TEXT:
        return "any text"
    if spec.minimum is not None and spec.maximum is not None:
        return f"{spec.minimum} to {spec.maximum}{unit}"
    if spec.minimum is not None:
        return f"{spec.minimum} or more{unit}"
    if spec.maximum is not None:
        return f"up to {spec.maximum}{unit}"
    return f"any whole number{unit}"


def _word_list(words: list[str], last: str = "or") -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def _type_words(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text in quotes"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, dt.date | dt.time):
        return "a date or time"
    return f"a {type(value).__name__}"


def _show_key(key: str) -> str:
    """A key as TOML would need it written: bare if it can be, quoted otherwise."""
    if re.fullmatch(r"[A-Za-z0-9_-]+", key):
        return key
    return _shorten(json.dumps(key, ensure_ascii=False))


def _shorten(text: str) -> str:
    """Keep one absurd value from flooding a log line or a dialog."""
    if len(text) <= _SHOWN_LENGTH:
        return text
    return text[: _SHOWN_LENGTH - 1] + "…"


def _key_suggestion(key: str) -> str:
    """The known key the user most likely meant, if any is close enough to be worth saying.

    Whole keys are compared with difflib; so are their leading words, because a user who
    types "snoze" or "interval" has the start of a key in mind, and the ratio against the
    whole of "snooze_minutes" is too low to notice that.
    """
    typed = key.strip().lower()
    words = typed.count("_") + 1
    best, best_score = "", 0.0
    for known in _SPECS_BY_KEY:
        head = "_".join(known.split("_")[:words])
        score = max(
            difflib.SequenceMatcher(None, typed, known).ratio() / 0.6,
            difflib.SequenceMatcher(None, typed, head).ratio() / 0.8 if head != known else 0.0,
        )
        if score > best_score:
            best, best_score = known, score
    return f" Did you mean {best}?" if best_score >= 1.0 else ""


def _closest_choice(word: str, spec: SettingSpec) -> str | None:
    choices = [str(choice) for choice in spec.choices or ()]
    # "monday" -> "mon": a prefix catches what difflib's ratio misses for short choices.
    matches = [choice for choice in choices if word.startswith(choice)]
    matches = matches or difflib.get_close_matches(word, choices, n=1)
    return format_value(matches[0]) if matches else None


def _check_declarations() -> None:
    """Fail at import, not in a user's session, if a declared default breaks its own rules."""
    _accepted, rejections = _validate({spec.key: spec.default for spec in SPECS})
    if rejections:
        raise SettingError(rejection.problem("declaration", "") for rejection in rejections)


_check_declarations()
