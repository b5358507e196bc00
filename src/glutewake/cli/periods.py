"""What the history commands accept for a period (a day, ISO week, month or year) and a size.

Each refusal quotes the value and shows the form expected, as argparse prints it.
"""

from __future__ import annotations

import argparse
import re
from datetime import date


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--day {text!r} is not a date like 2026-11-24 (YYYY-MM-DD)"
        ) from None


def parse_week(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-?W(\d{1,2})", text.strip(), re.IGNORECASE)
    if match:
        year, week = int(match[1]), int(match[2])
        try:
            date.fromisocalendar(year, week, 1)
            return year, week
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(
        f"--week {text!r} is not an ISO week like 2026-W48 (YYYY-Www, weeks 1 to 52 or 53)"
    )


def parse_month(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if match and 1 <= int(match[2]) <= 12:
        return int(match[1]), int(match[2])
    raise argparse.ArgumentTypeError(f"--month {text!r} is not a month like 2026-11 (YYYY-MM)")


def parse_year(text: str) -> int:
    if re.fullmatch(r"\d{4}", text.strip()):
        return int(text)
    raise argparse.ArgumentTypeError(f"--year {text!r} is not a year like 2026")


def add_period_options(parser: argparse.ArgumentParser, *, year: bool) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--day", type=parse_day, metavar="YYYY-MM-DD", help="one day (default today)"
    )
    group.add_argument("--week", type=parse_week, metavar="YYYY-Www", help="an ISO week")
    group.add_argument("--month", type=parse_month, metavar="YYYY-MM", help="a calendar month")
    if year:
        group.add_argument("--year", type=parse_year, metavar="YYYY", help="a calendar year")


def parse_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{3,4})x(\d{3,4})", text.strip())
    if match:
        return int(match[1]), int(match[2])
    raise argparse.ArgumentTypeError(f"--size {text!r} is not WIDTHxHEIGHT like 1200x700")
