"""One vocabulary for the values a user writes: how each kind is checked, refused and worded.

Why one place: the settings (config.toml, `glutewake config set`, the settings window) and the
exercise library (exercises.toml) ask the user for the same kinds of value, a whole number in a
range, true or false, one of a few choices, a list of names, a line of text. A user who learns
what "allowed 1 to 240 minutes" or `Did you mean "floor"?` means in one file should meet the
same rules, and the same suggestions, in the other; and a fix to one check (nan is not a number,
true is not 1) must not have to be made twice.

How the pieces fit:
- A kind (`WholeNumber`, `Boolean`, `Choice`, `NameList`, `Text`, `ClockTime`) turns what the
  user wrote into the canonical value, or into a `Refusal` that records what was wrong in
  structured terms: a `Fault`, the value, the items at fault, the choices the user most likely
  meant, and how to write the value if only its quotes were wrong.
- Each kind words its own allowed range (`allowed`), for messages and for help.
- `Refusal.reason` and `Refusal.hint` are the wording config.toml uses
  ("is out of range", "Did you mean ...?"). The exercise library words its refusals as
  "must be ..., not ..." from the same refusal and the same allowed-range words.

Decisions a user could trip over, made once here:
- true/false is not a number, and text is never a number: `30` and `"30"` are different.
- A decimal number is a whole number only when nothing is lost (`30.0`); `30.5`, inf and nan
  are refused.
- Choices and names are matched ignoring case and surrounding spaces, and kept lower-case.
- Times of day are "HH:MM" (one-digit hours are fine) or a TOML local time without seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum, auto
from typing import Final, Generic, TypeVar

SHOWN_CHARS: Final = 80
MINUTES_PER_DAY: Final = 24 * 60

_WHOLE_NUMBER_TEXT: Final = re.compile(r"[+-]?[0-9]{1,30}")
_CLOCK: Final = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_TRUE_WORDS: Final = frozenset({"true", "yes", "on"})
_FALSE_WORDS: Final = frozenset({"false", "no", "off"})


class Fault(Enum):
    """What was wrong with a value; the wording is the caller's, the facts are the kind's."""

    WRONG_TYPE = auto()
    NOT_WHOLE = auto()
    NOT_TRUE_OR_FALSE = auto()
    OUT_OF_RANGE = auto()
    NOT_A_CHOICE = auto()
    EMPTY = auto()
    NOT_ONE_LINE = auto()
    TOO_LONG = auto()
    NOT_A_NAME = auto()
    UNKNOWN_NAMES = auto()
    REPEATED = auto()
    NOT_HH_MM = auto()
    NOT_A_TIME = auto()
    TOO_PRECISE = auto()


@dataclass(frozen=True)
class Refusal:
    """Why a value cannot be used, in facts a message can be built from.

    `value` is the value as checked (a whole decimal number already made whole); `items` are
    the parts at fault (unknown or repeated names, lower-cased; the length of a too-long text);
    `suggestions` are the closest choices, written as the file would have them; `rewritten` is
    the value written correctly when only its quotes were wrong, and `rewrite_how` says how.
    """

    fault: Fault
    value: object
    wanted: str
    items: tuple[object, ...] = ()
    suggestions: tuple[str, ...] = ()
    rewritten: str = ""
    rewrite_how: str = ""
    note: str = ""

    @property
    def reason(self) -> str:
        """The refusal as config.toml words it, after "key = value": "is out of range"."""
        items = self.items
        if self.fault is Fault.WRONG_TYPE:
            return f"is {type_words(self.value)}, not {self.wanted}"
        if self.fault is Fault.NOT_A_NAME:
            return f"contains {show(items[0])}, which is not a name"
        if self.fault is Fault.UNKNOWN_NAMES:
            listed = shorten(word_list([format_value(item) for item in items], "and"))
            which = (
                "which is not one of the choices"
                if len(items) == 1
                else "which are not among the choices"
            )
            return f"contains {listed}, {which}"
        if self.fault is Fault.REPEATED:
            return f"names {format_value(items[0])} more than once"
        if self.fault is Fault.TOO_LONG:
            return f"is {items[0]} characters long"
        return _REASONS[self.fault]

    def hint(self, key: str) -> str:
        """What to write instead, when there is something to say: "Did you mean "floor"?"."""
        parts = []
        if self.rewritten:
            parts.append(f"Write it {self.rewrite_how}: {key} = {self.rewritten}.")
        if self.suggestions:
            parts.append(f"Did you mean {word_list(list(self.suggestions), 'and')}?")
        if self.note:
            parts.append(self.note)
        return " ".join(parts)


_REASONS: Final[Mapping[Fault, str]] = {
    Fault.NOT_WHOLE: "is not a whole number",
    Fault.NOT_TRUE_OR_FALSE: "is not true or false",
    Fault.OUT_OF_RANGE: "is out of range",
    Fault.NOT_A_CHOICE: "is not one of the choices",
    Fault.EMPTY: "is empty",
    Fault.NOT_ONE_LINE: "is not text on one line",
    Fault.NOT_HH_MM: 'is not a time written "HH:MM"',
    Fault.NOT_A_TIME: "is not a time of day",
    Fault.TOO_PRECISE: "has seconds or a time zone",
}

_T_co = TypeVar("_T_co", covariant=True)


class Kind(ABC, Generic[_T_co]):
    """A kind of value: checks it, reads it from typed text, and says what is allowed."""

    #: The kind in words, as in "is text in quotes, not a whole number".
    words: str = ""
    #: How to write a value whose only mistake was its quotes.
    unquoted_how: str = "without quotes"

    @abstractmethod
    def check(self, value: object) -> _T_co | Refusal:
        """The canonical value, or why `value` is not allowed."""

    @abstractmethod
    def allowed(self, *, with_unit: bool = True) -> str:
        """The allowed values in words: "1 to 240 minutes" (`with_unit`) or "1 to 240"."""

    def from_text(self, text: str) -> object | Refusal:
        """What a bare word typed on a command line means, before range checks."""
        return text.strip()

    def wrong_type(self, value: object) -> Refusal:
        """Say what was given and what was wanted; if the text inside quotes would be a valid
        value, keep how to write it, since that is the usual mistake."""
        rewritten = ""
        if isinstance(value, str):
            unquoted = self.from_text(value)
            if not isinstance(unquoted, Refusal):
                checked = self.check(unquoted)
                if not isinstance(checked, Refusal):
                    rewritten = format_value(checked)
        return Refusal(
            Fault.WRONG_TYPE, value, self.words, rewritten=rewritten, rewrite_how=self.unquoted_how
        )


@dataclass(frozen=True)
class WholeNumber(Kind[int]):
    """A whole number, within bounds or from a fixed set of choices, in a unit."""

    minimum: int | None = None
    maximum: int | None = None
    unit: str = ""
    choices: tuple[int, ...] | None = None
    words = "a whole number"

    def check(self, value: object) -> int | Refusal:
        if isinstance(value, float):
            if not value.is_integer():
                return Refusal(Fault.NOT_WHOLE, value, self.words)
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            return self.wrong_type(value)
        if self.choices is not None and value not in self.choices:
            return Refusal(Fault.NOT_A_CHOICE, value, self.words)
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            return Refusal(Fault.OUT_OF_RANGE, value, self.words)
        return value

    def from_text(self, text: str) -> int | Refusal:
        stripped = text.strip()
        if _WHOLE_NUMBER_TEXT.fullmatch(stripped) is None:
            return Refusal(Fault.NOT_WHOLE, text, self.words)
        return int(stripped)

    def allowed(self, *, with_unit: bool = True) -> str:
        unit = f" {self.unit}" if with_unit and self.unit else ""
        if self.choices is not None:
            return word_list([format_value(choice) for choice in self.choices]) + unit
        if self.minimum is not None and self.maximum is not None:
            return f"{self.minimum} to {self.maximum}{unit}"
        if self.minimum is not None:
            return f"{self.minimum} or more{unit}"
        if self.maximum is not None:
            return f"up to {self.maximum}{unit}"
        return f"any whole number{unit}"


@dataclass(frozen=True)
class Boolean(Kind[bool]):
    """true or false; on the command line also yes/no and on/off."""

    words = "true or false"

    def check(self, value: object) -> bool | Refusal:
        if isinstance(value, bool):
            return value
        return self.wrong_type(value)

    def from_text(self, text: str) -> bool | Refusal:
        lowered = text.strip().lower()
        if lowered in _TRUE_WORDS:
            return True
        if lowered in _FALSE_WORDS:
            return False
        return Refusal(Fault.NOT_TRUE_OR_FALSE, text, self.words)

    def allowed(self, *, with_unit: bool = True) -> str:
        return "true or false"


@dataclass(frozen=True)
class Choice(Kind[str]):
    """One word from a fixed set, matched ignoring case and surrounding spaces."""

    choices: tuple[str, ...]
    unit: str = ""
    words = "text"

    def check(self, value: object) -> str | Refusal:
        if not isinstance(value, str):
            return self.wrong_type(value)
        normal = value.strip().lower()
        if normal not in self.choices:
            guess = closest(normal, self.choices)
            shown = (format_value(guess),) if guess is not None else ()
            return Refusal(Fault.NOT_A_CHOICE, value, self.words, suggestions=shown)
        return normal

    def allowed(self, *, with_unit: bool = True) -> str:
        unit = f" {self.unit}" if with_unit and self.unit else ""
        return word_list([format_value(choice) for choice in self.choices]) + unit


@dataclass(frozen=True)
class NameList(Kind[tuple[str, ...]]):
    """One or more names from a fixed set, kept in the set's order.

    `repeats` says whether naming one twice is a slip to refuse (a working day listed twice)
    or harmless (a muscle listed twice still means that muscle).
    """

    choices: tuple[str, ...]
    repeats: bool = False
    words = "a list of names"
    unquoted_how = "as a list"

    def check(self, value: object) -> tuple[str, ...] | Refusal:
        if not isinstance(value, list | tuple):
            return self.wrong_type(value)
        if not value:
            return Refusal(Fault.EMPTY, value, self.words)
        for item in value:
            if not isinstance(item, str):
                return Refusal(Fault.NOT_A_NAME, value, self.words, items=(item,))
        normal = [" ".join(item.lower().split()) for item in value]
        unknown = [item for item in normal if item not in self.choices]
        if unknown:
            guesses = [guess for item in unknown if (guess := closest(item, self.choices))]
            return Refusal(
                Fault.UNKNOWN_NAMES,
                value,
                self.words,
                items=tuple(unknown),
                suggestions=tuple(format_value(guess) for guess in guesses),
            )
        if not self.repeats:
            for item in normal:
                if normal.count(item) > 1:
                    return Refusal(Fault.REPEATED, value, self.words, items=(item,))
        return tuple(choice for choice in self.choices if choice in normal)

    def from_text(self, text: str) -> list[str]:
        inner = text.strip().removeprefix("[").removesuffix("]")
        parts = [part.strip().strip("\"'") for part in inner.split(",")]
        return [part for part in parts if part]

    def allowed(self, *, with_unit: bool = True) -> str:
        if not with_unit:
            return "one or more of " + ", ".join(self.choices)
        once = "" if self.repeats else ", each at most once"
        return f"a list of one or more of {self.names()}{once}"

    def names(self, last: str = "") -> str:
        """The choices as the file writes them: '"mon", "tue"', or '"a" or "b"' with `last`."""
        shown = [format_value(choice) for choice in self.choices]
        return word_list(shown, last) if last else ", ".join(shown)


@dataclass(frozen=True)
class Text(Kind[str]):
    """Text on one line, white space folded to single spaces, not empty, at most so long."""

    max_length: int | None = None
    words = "text"

    def check(self, value: object) -> str | Refusal:
        if not isinstance(value, str):
            return self.wrong_type(value)
        text = " ".join(value.split())
        if not text:
            return Refusal(Fault.EMPTY, value, self.words)
        if not text.isprintable():
            return Refusal(Fault.NOT_ONE_LINE, value, self.words)
        if self.max_length is not None and len(text) > self.max_length:
            return Refusal(Fault.TOO_LONG, value, self.words, items=(len(text),))
        return text

    def allowed(self, *, with_unit: bool = True) -> str:
        if self.max_length is None:
            return "text on one line"
        return f"text on one line, at most {self.max_length} characters"


@dataclass(frozen=True)
class ClockTime(Kind[str]):
    """A time of day, "HH:MM", kept as "09:00"; bounds are minutes since midnight.

    "24:00" is the end of the day: allowed only where the bounds reach 1440.
    """

    minimum: int = 0
    maximum: int = MINUTES_PER_DAY
    words = 'a time of day in quotes, like "09:00"'

    def check(self, value: object) -> str | Refusal:
        if isinstance(value, dt.time):
            if value.second or value.microsecond or value.tzinfo is not None:
                return Refusal(Fault.TOO_PRECISE, value, self.words, note='Write it as "HH:MM".')
            minutes = value.hour * 60 + value.minute
        elif isinstance(value, str):
            match = _CLOCK.fullmatch(value.strip())
            if match is None:
                return Refusal(Fault.NOT_HH_MM, value, self.words)
            hours, mins = int(match[1]), int(match[2])
            minutes = hours * 60 + mins
            if mins > 59 or minutes > MINUTES_PER_DAY:
                return Refusal(Fault.NOT_A_TIME, value, self.words)
        else:
            return self.wrong_type(value)
        if not self.minimum <= minutes <= self.maximum:
            note = "24:00 can only end the working day." if minutes == MINUTES_PER_DAY else ""
            return Refusal(Fault.OUT_OF_RANGE, value, self.words, note=note)
        return clock_text(minutes)

    def allowed(self, *, with_unit: bool = True) -> str:
        low, high = clock_text(self.minimum), clock_text(self.maximum)
        if not with_unit:
            return f"{low} to {high}"
        return f'a time from "{low}" to "{high}", written "HH:MM"'


def clock_minutes(text: str) -> int:
    """Minutes since midnight of a canonical "HH:MM"."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def clock_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- wording ------------------------------------------------------------------------------------


def format_value(value: object) -> str:
    """Write a value as it would appear on the right of `key = ` in a TOML file."""
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
        inner = ", ".join(f"{show_key(str(k))} = {format_value(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return repr(value)


def show(value: object, limit: int = SHOWN_CHARS) -> str:
    """A value as the user would write it, on one line and cut short, for a message."""
    text = "".join(ch if ch.isprintable() else "\ufffd" for ch in format_value(value))
    return shorten(text, limit)


def show_key(key: str) -> str:
    """A key as TOML would need it written: bare if it can be, quoted otherwise."""
    if re.fullmatch(r"[A-Za-z0-9_-]+", key):
        return key
    return shorten(json.dumps(key, ensure_ascii=False))


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """Keep one absurd value from flooding a log line or a dialog."""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def word_list(words: list[str], last: str = "or") -> str:
    """ "a", "a or b", "a, b or c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def type_words(value: object) -> str:
    """What kind of value the user wrote, as in "is text in quotes, not a whole number"."""
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


def described(value: object, limit: int = SHOWN_CHARS) -> str:
    """What the user wrote, kind and value, as in "not a number (5)" or 'not text ("x")'."""
    if isinstance(value, bool):
        return f"true/false ({show(value, limit)})"
    if isinstance(value, str):
        return f"text ({show(value, limit)})"
    if isinstance(value, int | float):
        return f"a number ({show(value, limit)})"
    return type_words(value)


def closest(typed: str, options: Iterable[str]) -> str | None:
    """The option the user most likely meant, or None when none is close enough to be worth
    saying.

    The same letters in another case win outright; then an option the typed word starts with
    ("monday" -> "mon", which difflib's ratio misses for short options); then the best difflib
    ratio against the whole option and against its leading words, because a user who types
    "snoze" or "interval" has the start of "snooze_minutes" in mind, and the ratio against the
    whole of it is too low to notice that.
    """
    wanted = " ".join(typed.lower().split())
    choices = list(options)
    for option in choices:
        if wanted == option.lower():
            return option
    for option in choices:
        if wanted.startswith(option.lower()):
            return option
    import difflib  # noqa: PLC0415 (only when a typo is being explained, never at start)

    words = wanted.count("_") + 1
    best, best_score = None, 0.0
    for option in choices:
        known = option.lower()
        head = "_".join(known.split("_")[:words])
        score = max(
            difflib.SequenceMatcher(None, wanted, known).ratio() / 0.6,
            difflib.SequenceMatcher(None, wanted, head).ratio() / 0.8 if head != known else 0.0,
        )
        if score > best_score:
            best, best_score = option, score
    return best if best_score >= 1.0 else None
