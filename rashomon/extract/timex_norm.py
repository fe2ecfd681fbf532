"""TIMEX3 normalisers: turn a rule match into a value, resolved against the document date and tense.

Each normaliser gets the match and a :class:`Context` (document date or ``None``, tense of the
clause) and returns the TIMEX3 value, ``None`` when the expression is relative and there is no
document date (never guessed), or raises :class:`Reject` when the match is not a time expression
after all (a lower-case "may", a number of years that is an age).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from rashomon.extract.timex_rules import RuleMatch, words


class Reject(Exception):
    """The match is not a time expression."""


@dataclass(frozen=True)
class Context:
    """What a relative expression is resolved against."""

    dct: dt.date | None
    tense: str = "past"  # past | present | future
    window: str = ""  # the text around the expression (for cues such as "quarter")


def _num(text: str | None) -> float | None:
    if text is None:
        return None
    t = re.sub(r"\s+", " ", text.lower().strip())
    nums = words()["numbers"]
    if t in nums:
        return float(nums[t])
    if "-" in t:
        a, _, b = t.partition("-")
        if a in nums and b in nums:
            return float(nums[a] + nums[b])
    try:
        return float(t.replace(",", ""))
    except ValueError:
        return None


def _ordinal(text: str | None) -> int | None:
    if not text:
        return None
    t = text.lower()
    ords = words()["ordinals"]
    if t in ords:
        return int(ords[t])
    m = re.match(r"(\d+)", t)
    return int(m.group(1)) if m else None


def _unit(text: str) -> str:
    return str(words()["units"][re.sub(r"\s+", " ", text.lower())])


def _month(text: str) -> int:
    return int(words()["months"][text.lower().rstrip(".")])


def _require_capital(text: str | None) -> None:
    if text and not text[0].isupper():
        raise Reject(text)


def _shift_months(d: dt.date, months: int) -> tuple[int, int]:
    total = d.year * 12 + (d.month - 1) + months
    return total // 12, total % 12 + 1


def _iso_week(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _infer_year(month: int, day: int | None, ctx: Context) -> int | None:
    """The year of a month (and day) given without one: the document's, or the one before/after by tense."""
    if ctx.dct is None:
        return None
    year = ctx.dct.year
    this = (month, day or 0)
    now = (ctx.dct.month, ctx.dct.day if day else 0)
    if ctx.tense == "past":
        return year - 1 if this > now and (month - ctx.dct.month) % 12 >= 2 else year
    if ctx.tense == "future":
        return year + 1 if this < now and (ctx.dct.month - month) % 12 >= 2 else year
    # present or unknown: the nearest occurrence
    diff = month - ctx.dct.month
    return year + 1 if diff < -6 else year - 1 if diff > 6 else year


def _part(m: re.Match[str], rm: RuleMatch) -> str:
    part = m.groupdict().get("part") or rm.rule.args.get("part")
    if not part:
        return ""
    code = words()["parts_of_day"].get(str(part).lower(), part)
    return f"T{code}"


# --- normalisers --------------------------------------------------------------------------------


def norm_date(rm: RuleMatch, ctx: Context) -> str | None:
    """Absolute or partial calendar dates: ``2020-02-27``, ``2020-02``."""
    g = rm.match.groupdict()
    month = int(g["mnum"]) if g.get("mnum") else _month(g["month"]) if g.get("month") else None
    day = int(g["day"]) if g.get("day") else None
    year = int(g["year"]) if g.get("year") else None
    if year is not None and year < 100:
        year += 1900 if year > 30 else 2000
    if month is None:
        raise Reject("no month")
    if day is not None and not 1 <= day <= 31:
        raise Reject("bad day")
    if year is None:
        year = _infer_year(month, day, ctx)
        if year is None:
            return f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def norm_month(rm: RuleMatch, ctx: Context) -> str | None:
    """A month name alone ("in March", "last November"): its year from the document date and tense."""
    g = rm.match.groupdict()
    _require_capital(g["month"])
    month = _month(g["month"])
    if ctx.dct is None:
        return None
    rel = (g.get("rel") or "").lower()
    if rel in ("last", "past", "previous"):
        year = ctx.dct.year if month < ctx.dct.month else ctx.dct.year - 1
    elif rel in ("next", "coming"):
        year = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    elif rel == "this":
        year = ctx.dct.year
    else:
        year = _infer_year(month, None, ctx) or ctx.dct.year
    return f"{year:04d}-{month:02d}"


def norm_holiday(rm: RuleMatch, ctx: Context) -> str | None:
    """Fixed-date holidays ("Christmas" → ``YYYY-12-25``)."""
    g = rm.match.groupdict()
    month, day = (int(x) for x in words()["holidays"][re.sub(r"\s+", " ", g["holiday"].lower())].split("-"))
    if g.get("year"):
        return f"{int(g['year']):04d}-{month:02d}-{day:02d}"
    year = _infer_year(month, day, ctx)
    return None if year is None else f"{year:04d}-{month:02d}-{day:02d}"


def norm_year(rm: RuleMatch, ctx: Context) -> str | None:
    """A year: ``1998``."""
    return f"{int(rm.match.group('year')):04d}"


def norm_decade(rm: RuleMatch, ctx: Context) -> str | None:
    """A decade: "the 1990s" → ``199``."""
    g = rm.match.groupdict()
    if g.get("decade"):
        return f"{g['decade']}X"
    if g.get("dshort") and ctx.dct is not None:
        return f"19{g['dshort']}X"
    return None


def norm_century(rm: RuleMatch, ctx: Context) -> str | None:
    """A century: "the 20th century" → ``19``."""
    n = _ordinal(rm.match.group("ord"))
    if n is None or n < 1:
        raise Reject("century")
    return f"{n - 1:02d}"


def norm_rel_day(rm: RuleMatch, ctx: Context) -> str | None:
    """Yesterday, today, tomorrow, tonight (with a part of day: ``2020-02-27TNI``)."""
    word = re.sub(r"\s+", " ", rm.match.group("rd").lower())
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0,
              "before yesterday": -2, "after tomorrow": 2}[word]
    if ctx.dct is None:
        return None
    return (ctx.dct + dt.timedelta(days=offset)).isoformat() + _part(rm.match, rm)


def norm_this_part(rm: RuleMatch, ctx: Context) -> str | None:
    """"last night" (the night before the document date), "this morning"."""
    if ctx.dct is None:
        return None
    day = ctx.dct - dt.timedelta(days=1) if rm.match.group("rel").lower() == "last" else ctx.dct
    return day.isoformat() + _part(rm.match, rm)


def norm_weekday(rm: RuleMatch, ctx: Context) -> str | None:
    """A weekday: the one on the right side of the document date, from tense ("on Friday" in a Friday article = that day)."""
    g = rm.match.groupdict()
    _require_capital(g["weekday"])
    if ctx.dct is None:
        return None
    target = int(words()["weekdays"][g["weekday"].lower().rstrip(".")])
    rel = (g.get("rel") or "").lower()
    back = (ctx.dct.isoweekday() - target) % 7
    ahead = (target - ctx.dct.isoweekday()) % 7
    if rel in ("last", "past", "previous"):
        delta = -(back or 7)
    elif rel in ("next", "coming"):
        delta = ahead or 7
    elif rel == "this":
        delta = ahead if ctx.tense == "future" else -back
    elif ctx.tense == "future":
        delta = ahead
    elif ctx.tense == "present" and ahead < back:
        delta = ahead
    else:
        delta = -back
    return (ctx.dct + dt.timedelta(days=delta)).isoformat() + _part(rm.match, rm)


def _at_granularity(d: dt.date, unit: str, offset: int) -> str | None:
    if unit == "D":
        return (d + dt.timedelta(days=offset)).isoformat()
    if unit in ("W", "2W"):
        return _iso_week(d + dt.timedelta(weeks=offset * (2 if unit == "2W" else 1)))
    if unit == "WE":
        return _iso_week(d + dt.timedelta(weeks=offset)) + "-WE"
    if unit == "M":
        y, m = _shift_months(d, offset)
        return f"{y:04d}-{m:02d}"
    if unit == "Q":
        y, m = _shift_months(d, 3 * offset)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}"
    if unit == "Y":
        return f"{d.year + offset:04d}"
    if unit == "DE":
        return f"{(d.year + 10 * offset) // 10:03d}"
    if unit == "CE":
        return f"{(d.year + 100 * offset) // 100:02d}"
    return None


def norm_rel_unit(rm: RuleMatch, ctx: Context) -> str | None:
    """"last week", "this year", "earlier this month" → ``2020-W08``, ``2020``, ``2020-02``."""
    g = rm.match.groupdict()
    unit = _unit(g["unit"])
    if unit in ("S", "H") or (unit == "M" and g["unit"].lower().startswith("min")):
        return "PRESENT_REF" if g["rel"].lower() in ("this", "current") else None
    if ctx.dct is None:
        return None
    offset = int(words()["relative"][g["rel"].lower()])
    return _at_granularity(ctx.dct, unit, offset)


def norm_season(rm: RuleMatch, ctx: Context) -> str | None:
    """Seasons: "last summer" → ``2019-SU``."""
    g = rm.match.groupdict()
    code = words()["seasons"][g["season"].lower()]
    before = rm.match.string[max(0, rm.start - 12):rm.start]
    if not (g.get("rel") or g.get("year") or g.get("mod") or g["season"][0].isupper()
            or re.search(r"\b(?:in|during|by|until|since|through|throughout|this|last|next)\s+$", before, re.I)):
        raise Reject("season word used otherwise ('the fall of')")
    if g.get("year"):
        return f"{int(g['year']):04d}-{code}"
    if ctx.dct is None:
        return None
    offset = int(words()["relative"].get((g.get("rel") or "this").lower(), 0))
    return f"{ctx.dct.year + offset:04d}-{code}"


def norm_ago(rm: RuleMatch, ctx: Context) -> str | None:
    """"two years ago" → ``2018``; "three days ago" → a date (the unit sets the granularity)."""
    g = rm.match.groupdict()
    n = _num(g.get("num") or rm.rule.args.get("num"))
    unit = _unit(g["unit"])
    if n is None or n != int(n):
        raise Reject("fractional")
    if ctx.dct is None:
        return None
    if g["dir"].lower() == "before":  # "a year before": before some other event, not before the document date
        return None
    sign = 1 if re.match(r"(from|hence)", g["dir"].lower()) else -1
    if unit == "Y" and re.search(r"\bquarter\b", ctx.window, re.IGNORECASE):
        # financial news: "a year ago" next to a quarter means the same quarter a year before
        y, m = _shift_months(ctx.dct, -3 + 12 * sign * int(n))
        return f"{y:04d}-Q{(m - 1) // 3 + 1}"
    return _at_granularity(ctx.dct, unit, sign * int(n)) or ("PAST_REF" if sign < 0 else "FUTURE_REF")


def norm_consecutive(rm: RuleMatch, ctx: Context) -> str | None:
    """"the third consecutive day": the current one, so the document date at that unit."""
    if ctx.dct is None:
        return None
    return _at_granularity(ctx.dct, _unit(rm.match.group("unit")), 0)


def norm_quarter(rm: RuleMatch, ctx: Context) -> str | None:
    """Quarters and halves: "the third quarter" → ``2020-Q3``, "the first half of 1998" → ``1998-H1``."""
    g = rm.match.groupdict()
    kind = "Q" if g["q"].lower() == "quarter" else "H"
    year = int(g["year"]) if g.get("year") else int(g["yq"]) if g.get("yq") else ctx.dct.year if ctx.dct else None
    n = _ordinal(g.get("ord"))
    if n is None:  # "the quarter", "the latest quarter": the last one reported, the one before the current
        if ctx.dct is None:
            return None
        y, m = _shift_months(ctx.dct, -3 if kind == "Q" else -6)
        year = y if not (g.get("year") or g.get("yq")) else year
        n = (m - 1) // 3 + 1 if kind == "Q" else (m - 1) // 6 + 1
    if n == -1:
        n = 4 if kind == "Q" else 2
    if not 1 <= n <= (4 if kind == "Q" else 2):
        raise Reject("quarter")
    return None if year is None else f"{year:04d}-{kind}{n}"


def _duration_value(unit: str, n: float | None) -> str:
    time_unit = unit in ("H", "S") or unit == "MIN"
    if unit == "2W":
        unit, n = "W", (n * 2 if n is not None else None)
    if unit == "Q":
        unit, n = "M", (n * 3 if n is not None else None)
    if unit == "WE":
        unit, n = "D", (n * 2 if n is not None else None)
    if unit in ("DE", "CE") and n is not None:
        unit, n = "Y", n * (10 if unit == "DE" else 100)
    amount = "X" if n is None else (str(int(n)) if n == int(n) else str(n))
    letter = "M" if unit == "MIN" else unit
    return f"PT{amount}{letter}" if time_unit else f"P{amount}{letter}"


def _unit_of(text: str) -> str:
    unit = _unit(text)
    return "MIN" if unit == "M" and text.lower().startswith("min") else unit


def norm_duration(rm: RuleMatch, ctx: Context) -> str | None:
    """Durations: "three days" → ``P3D``, "two hours" → ``PT2H``, "the past year" → ``P1Y``."""
    g = rm.match.groupdict()
    n = _num(g.get("num")) if g.get("num") else float(rm.rule.args.get("num", 1))
    return _duration_value(_unit_of(g["unit"]), n)


def norm_duration_vague(rm: RuleMatch, ctx: Context) -> str | None:
    """Vague durations: "several years" → ``PXY``."""
    return _duration_value(_unit_of(rm.match.group("unit")), None)


def norm_set(rm: RuleMatch, ctx: Context) -> str | None:
    """Sets: "every week" → ``P1W``."""
    return _duration_value(_unit_of(rm.match.group("unit")), 1)


def norm_set_word(rm: RuleMatch, ctx: Context) -> str | None:
    """"daily", "annually" → ``P1D``, ``P1Y``."""
    return str(words()["sets"][rm.match.group("setword").lower()])


def norm_clock(rm: RuleMatch, ctx: Context) -> str | None:
    """Clock times on the document date (or the named weekday): "5 p.m." → ``2020-02-27T17:00``."""
    g = rm.match.groupdict()
    if g.get("word"):
        hour, minute = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[g["word"].lower()]
    else:
        hour, minute = int(g["hour"]), int(g.get("minute") or 0)
        ampm = (g.get("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        if ampm == "am" and hour == 12:
            hour = 0
    if ctx.dct is None:
        return None
    day = norm_weekday(rm, ctx) if g.get("weekday") else ctx.dct.isoformat()
    return f"{day}T{hour:02d}:{minute:02d}"


def norm_ref(rm: RuleMatch, ctx: Context) -> str | None:
    """Reference words: "now" → ``PRESENT_REF``, "recently" → ``PAST_REF``."""
    return str(words()["refs"][re.sub(r"\s+", " ", rm.match.group("ref").lower())])


def norm_fixed(rm: RuleMatch, ctx: Context) -> str | None:
    """A value given by the rule itself."""
    return str(rm.rule.args["value"])


NORMALISERS: dict[str, Callable[[RuleMatch, Context], str | None]] = {
    name[5:]: fn for name, fn in globals().items() if name.startswith("norm_") and callable(fn)
}
