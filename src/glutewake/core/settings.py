"""The user's settings, each declared once as a field of `Settings`.

Why one declaration: the config file, the settings dialog, `glutewake config get/set`, the docs
and validation all read the same field metadata (through `SPECS`), so a default, a bound or a
description cannot drift between them.

Why validation falls back instead of failing: a typo in the config file must not keep a break
reminder from starting. A bad value falls back to that key's default, every other key still
applies, and a `SettingProblem` tells the user which file, key and value, and what is allowed.
Nothing here writes the user's file.

The kinds of value (whole number, true/false, choice, list of names, time of day), their
checks, refusal wording and "did you mean" come from `core.values`, shared with the exercise
library; `format_value` is re-exported from there.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Final, TypeAlias, TypeVar

from glutewake.core.values import (
    MINUTES_PER_DAY,
    Boolean,
    Choice,
    ClockTime,
    Kind,
    NameList,
    Refusal,
    Text,
    WholeNumber,
    clock_minutes,
    closest,
    format_value,
    show,
    show_key,
)

# format_value comes from core.values; the CLI and the dialog write values with it from here.
__all__ = [
    "SPECS",
    "WEEKDAYS",
    "SettingError",
    "SettingProblem",
    "SettingSpec",
    "SettingValue",
    "Settings",
    "ValueKind",
    "apply_changes",
    "as_dict",
    "describe",
    "format_value",
    "load_settings",
    "parse_value",
    "setting",
    "spec_for",
    "with_overrides",
]

SettingValue: TypeAlias = bool | int | str | tuple[str, ...]

_METADATA_KEY: Final = "glutewake.setting"

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
    rule: Kind[SettingValue]
    """How a value is checked, refused and its allowed range worded (see core.values)."""

    @property
    def allowed(self) -> str:
        """The allowed values in words, as every message about this setting states them."""
        return self.rule.allowed(with_unit=True)


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
    unit: str = "",
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
        minimum=0,
        maximum=MINUTES_PER_DAY - 1,
        description="Prompts appear from this time of day.",
    )
    working_hours_end: str = setting(
        "24:00",
        label="Prompts until",
        group="Working hours",
        kind=ValueKind.TIME_OF_DAY,
        minimum=1,
        maximum=MINUTES_PER_DAY,
        description="Prompts stop at this time of day; 24:00 is the end of the day.",
    )
    working_days: tuple[str, ...] = setting(
        WEEKDAYS,
        label="On these days",
        group="Working hours",
        choices=WEEKDAYS,
        description="Days on which prompts appear.",
    )
    hold_during_calls: bool = setting(
        True,
        label="Hold prompts during calls",
        group="Quiet times",
        description="Hold prompts while a call is on (microphone or camera in use).",
    )
    hold_when_fullscreen: bool = setting(
        True,
        label="Hold prompts while a window is fullscreen",
        group="Quiet times",
        description="Hold prompts while a window is fullscreen (a presentation, a video).",
    )
    hold_when_do_not_disturb: bool = setting(
        True,
        label="Hold prompts while do-not-disturb is on",
        group="Quiet times",
        description="Hold prompts while the desktop's do-not-disturb is on.",
    )
    ask_about_quiet_spells: bool = setting(
        True,
        label="Ask whether I was away after a long quiet spell",
        group="Breaks",
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
        choices=("office", "floor"),
        description="office: standing moves in work clothes; floor: exercises on a mat.",
    )
    notification_style: str = setting(
        "auto",
        label="Show prompts as",
        group="Notifications",
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
        return clock_minutes(self.working_hours_start)

    @property
    def working_hours_end_minute(self) -> int:
        """Minutes since local midnight at which prompts stop (1440 for "24:00")."""
        return clock_minutes(self.working_hours_end)


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
                rule=_rule(declaration),
            )
        )
    return tuple(specs)


def _rule(declaration: _Declaration) -> Kind[SettingValue]:
    """The vocabulary's kind for a declaration: its checks, refusals and allowed words."""
    kind, choices = declaration.kind, declaration.choices
    if kind is ValueKind.BOOLEAN:
        return Boolean()
    if kind is ValueKind.WHOLE_NUMBER:
        numbers = None if choices is None else tuple(int(choice) for choice in choices)
        return WholeNumber(declaration.minimum, declaration.maximum, declaration.unit, numbers)
    names = tuple(str(choice) for choice in choices or ())
    if kind is ValueKind.TIME_OF_DAY:
        low, high = declaration.minimum, declaration.maximum
        return ClockTime(0 if low is None else low, MINUTES_PER_DAY if high is None else high)
    if kind is ValueKind.NAME_LIST:
        return NameList(names)
    return Choice(names, declaration.unit) if choices is not None else Text()


SPECS: Final[tuple[SettingSpec, ...]] = _build_specs()
_SPECS_BY_KEY: Final[Mapping[str, SettingSpec]] = {spec.key: spec for spec in SPECS}

# Pairs (earlier, later) whose values must be in strictly increasing order.
_ORDERED_PAIRS: Final[tuple[tuple[str, str], ...]] = (("working_hours_start", "working_hours_end"),)


def spec_for(key: str, *, source: str = "command line") -> SettingSpec:
    """Look a setting up by the name a user typed, with a suggestion if it is misspelt."""
    spec = _SPECS_BY_KEY.get(key)
    if spec is None:
        message = f"{source}: {show_key(key)} is not a known setting.{_key_suggestion(key)}"
        raise SettingError([SettingProblem(source, key, message)])
    return spec


def as_dict(settings: Settings) -> dict[str, SettingValue]:
    """Every setting by key, in declaration order, for `config get` and for writing a file."""
    return {spec.key: getattr(settings, spec.key) for spec in SPECS}


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
                    f"{source}: {show_key(key)} = {show(value)} is not a "
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
    candidate = spec.rule.from_text(text)
    shown: object
    if isinstance(candidate, Refusal):
        refusal, shown = candidate, text
    else:
        checked = spec.rule.check(candidate)
        if not isinstance(checked, Refusal):
            return checked
        refusal, shown = checked, candidate
    rejection = _Rejection.of(spec, shown, refusal)
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
            f"{source}: {show_key(key)} is not a known setting.{_key_suggestion(key)} "
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
            spec.rule.allowed(with_unit=False),
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
class _Rejection:
    key: str
    value: object
    reason: str
    allowed: str
    hint: str = ""

    def problem(self, source: str, consequence: str) -> SettingProblem:
        tail = "".join(f" {part}" for part in (self.hint, consequence) if part)
        message = (
            f"{source}: {self.key} = {show(self.value)} {self.reason}; "
            f"allowed {self.allowed}.{tail}"
        )
        return SettingProblem(source, self.key, message)

    @classmethod
    def of(cls, spec: SettingSpec, value: object, refusal: Refusal) -> _Rejection:
        return cls(spec.key, value, refusal.reason, spec.allowed, refusal.hint(spec.key))


def _validate(given: Mapping[str, object]) -> tuple[dict[str, SettingValue], list[_Rejection]]:
    """Check known keys one by one, then across keys; rejected keys are left out."""
    accepted: dict[str, SettingValue] = {}
    rejections: list[_Rejection] = []
    for key, value in given.items():
        spec = _SPECS_BY_KEY[key]
        checked = spec.rule.check(value)
        if isinstance(checked, Refusal):
            rejections.append(_Rejection.of(spec, value, checked))
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
        return clock_minutes(value)
    assert isinstance(value, int)
    return value


def _key_suggestion(key: str) -> str:
    """The known key the user most likely meant, as a sentence, if any is close enough."""
    best = closest(key, _SPECS_BY_KEY)
    return f" Did you mean {best}?" if best is not None else ""


def _check_declarations() -> None:
    """Fail at import, not in a user's session, if a declared default breaks its own rules."""
    _accepted, rejections = _validate({spec.key: spec.default for spec in SPECS})
    if rejections:
        raise SettingError(rejection.problem("declaration", "") for rejection in rejections)


_check_declarations()
