"""Numbers in an answer, written as digits ("4%", "$1.2M", "120ms", "p99") or spelled out
("four percent", "forty-eight hours", "zero point three", "a third", "twice").

Each number gets a kind (percent, duration, latency, money, ...) and, when the words around it show
it is background rather than a result, the reason it is incidental: a team size ("five
engineers"), a model size ("a 100-million-parameter model"), an amount of data ("two weeks of
training data"), when the story happened ("two years ago"), a calendar year or a percentile name
("p99"). A number that sets a limit rather than reports what happened ("alert if it drops 2%", "a
120 ms latency budget", "had to stay under 80 ms") is marked as a threshold. Whether a number is an
*outcome* also depends on the sentence around it (a change verb, a baseline), which the rubric
decides; this module only reads the number and its unit.

Transcribers sometimes split a number into tokens ("0 .41", "10 ,000", "9 .1 %"); such pieces are
read as one number ("0.41", "10,000", "9.1%"), and the number's text is written whole.

Written by hand rather than with a number-words library because the rubric needs the word
positions of each number (to quote and time it) and needs fractions, multipliers and units, which
text-rewriting libraries do not report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

NumberKind = Literal[
    "percent",
    "points",
    "duration",
    "latency",
    "money",
    "count",
    "multiplier",
    "fraction",
    "percentile",
    "year",
    "other",
]


@dataclass(frozen=True)
class NumberMention:
    """One number in a list of words. Two mentions are equal when they state the same quantity:
    "four percent" == "4%", "forty-eight hours" == "48h"."""

    value: float
    kind: NumberKind
    unit: str | None = None
    """Normalised unit: "%", "points", "ms", "seconds" ... "years", "$", "x"; None if bare."""
    text: str = field(default="", compare=False)
    """The words as written."""
    first: int = field(default=0, compare=False)
    """Index of the first word of the number."""
    end: int = field(default=0, compare=False)
    """One past the index of its last word (including the unit word)."""
    incidental: str | None = field(default=None, compare=False)
    """Why the number is background, not a result ("team size"); None when it may be a result."""
    threshold: bool = field(default=False, compare=False)
    """A limit set in advance (an alarm's trigger, a budget, a floor), not a result."""


_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mm": 1e6, "mn": 1e6,
    "billion": 1e9, "b": 1e9, "bn": 1e9, "trillion": 1e12,
}  # fmt: skip
_DIGIT_WORDS = {k: v for k, v in _ONES.items() if v < 10}
_TIME_UNITS = {
    "ms": "ms", "msec": "ms", "millisecond": "ms", "milliseconds": "ms",
    "s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds", "seconds": "seconds",
    "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "d": "days", "day": "days", "days": "days", "wk": "weeks", "week": "weeks", "weeks": "weeks",
    "month": "months", "months": "months", "quarter": "quarters", "quarters": "quarters",
    "yr": "years", "yrs": "years", "year": "years", "years": "years",
    "sprint": "sprints", "sprints": "sprints",
}  # fmt: skip
_PERCENT = {"%", "percent", "pct"}
_POINTS = {"point", "points", "pp", "bps"}
_MULTIPLIER_UNITS = {"x", "×", "fold"}
_MONEY_WORDS = {"dollars", "dollar", "usd", "bucks"}
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
_MULTIPLIER_WORDS = {"twice": 2.0, "doubled": 2.0, "tripled": 3.0, "quadrupled": 4.0, "halved": 0.5}
# "three times faster" is a multiplier; "we retried three times" is a count.
_TIMES_COMPARATIVES = {
    "as", "more", "faster", "slower", "higher", "lower", "larger", "bigger", "smaller", "fewer",
    "less", "better", "worse", "cheaper", "the", "over",
}  # fmt: skip
# Words that can begin a spelled-out number, fraction or multiplier.
_STARTERS = (
    _ONES.keys() | _TENS.keys() | _MULTIPLIER_WORDS.keys() | {"a", "an", "half", "halves", "$"}
)
_RANGE_LINKS = {"to", "and", "or", "through", "-", "–"}
_LATENCY_CONTEXT = {"latency", "latencies", "response", "p50", "p90", "p95", "p99", "p999", "ttfb"}
_TEAM_NOUNS = {
    "engineer", "engineers", "people", "person", "persons", "scientist", "scientists",
    "teammates", "teammate", "members", "member", "interns", "intern", "pms", "pm", "reports",
    "developers", "developer", "folks", "headcount", "person-team", "team", "teams", "squads",
}  # fmt: skip
_MODEL_NOUNS = {
    "parameter", "parameters", "params", "param", "layer", "layers", "gpu", "gpus", "nodes",
    "machines", "cores", "heads", "shards", "replicas", "billion-parameter", "weights",
}  # fmt: skip
_DATA_NOUNS = {
    "data", "logs", "labels", "label", "labeled", "labelled", "history", "historical", "training",
    "examples", "samples", "experience", "backfill", "records",
}  # fmt: skip

# Threshold words: a number near them sets a limit ("a 120 ms latency budget", "a floor of 1%").
_LIMIT_NOUNS = {
    "threshold", "thresholds", "budget", "budgets", "floor", "ceiling", "limit", "limits", "cap",
    "guardrail", "guardrails", "target", "targets", "goal", "sla", "slo", "criteria", "criterion",
    "tolerance", "cutoff", "cut-off",
}  # fmt: skip
# A condition before the number makes it a trigger: "alert if it drops 2%".
_CONDITIONS = {"if", "unless", "whenever"}
# "when" is a condition after a word of something that fires: "paged me when it moved 2 points".
_TRIGGERS = {
    "alert", "alerts", "alerted", "alarm", "alarms", "page", "pages", "paged", "block", "blocks",
    "stop", "stops", "fail", "fails", "warn", "warns", "reject", "rejects", "trigger", "triggers",
    "rollback", "flag", "flags", "email", "emails", "emailed", "notify", "notifies",
}  # fmt: skip
_LIMIT_PHRASES = tuple(
    f" {phrase} "
    for phrase in (
        "no more than", "not more than", "at most", "stay under", "stay below", "stay above",
        "stay within", "stays under", "stays below", "stays above", "not drop", "not exceed",
        "never exceed", "no worse than", "no less than",
    )
)  # fmt: skip
_LOOK_BACK = 12
"""Words before a number searched for a condition, back to the start of its clause."""
_CLAUSE_END = re.compile(r"[,;:.!?\u2014\u2013]$")

_DIGITS = re.compile(r"^([$€£])?(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)([a-z%×]*)$")
_PERCENTILE = re.compile(r"^p(\d{1,3}(?:\.\d+)?)$")
_ORDINAL_SUFFIX = {"st", "nd", "rd", "th"}
_SPLIT = re.compile(r"[-–/]")
_DECADE = re.compile(r"\d{4}")
_LEAD = re.compile(r"^[^\w$€£.]+")
_TRAIL = re.compile(r"[^\w%×]+$")


@dataclass(frozen=True)
class _Piece:
    """A word, or part of a hyphenated or unit-suffixed word ("72-hour" -> "72", "hour")."""

    word: str
    token: int
    value: float | None = None
    percentile: bool = False
    last: int = -1
    """Index of the last token the piece was read from, when glued tokens made it (see _glued)."""

    @property
    def last_token(self) -> int:
        return max(self.token, self.last)


# A token that continues the number before it: ".41" after "0", ",000" after "10", "%" after "9.1".
_CONTINUES = re.compile(r"^(?:\.\d|,\d{3}(?!\d)|%)")
_ENDS_IN_DIGIT = re.compile(r"\d$")


def _glued(tokens: Sequence[str]) -> list[tuple[str, int, int]]:
    """Tokens with the pieces of split numbers joined: (text, first token, last token)."""
    out: list[tuple[str, int, int]] = []
    for index, raw in enumerate(tokens):
        text = raw.strip()
        if out and _CONTINUES.match(text) and _ENDS_IN_DIGIT.search(out[-1][0]):
            joined, first, _ = out[-1]
            out[-1] = (joined + text, first, index)
        else:
            out.append((text, index, index))
    return out


def _pieces(tokens: Sequence[str]) -> list[_Piece]:
    pieces: list[_Piece] = []
    for raw, index, last in _glued(tokens):
        lowered = raw.lower()
        if lowered.isalpha():  # most words: nothing to strip or split
            pieces.append(_Piece(lowered, index))
            continue
        if lowered == "%":
            pieces.append(_Piece("%", index))  # a percent sign on its own: "9.1 %"
            continue
        cleaned = _TRAIL.sub("", _LEAD.sub("", lowered.replace("\u2019", "'")))
        for part in _SPLIT.split(cleaned):
            if not part:
                continue
            digits = _DIGITS.match(part)
            percentile = _PERCENTILE.match(part)
            if percentile:
                value = float(percentile.group(1))
                pieces.append(_Piece("p", index, value, percentile=True, last=last))
            elif digits:
                currency, number, suffix = digits.groups()
                if suffix in _ORDINAL_SUFFIX:
                    continue  # "1st", "2nd": an ordinal, not a quantity
                if suffix == "s" and _DECADE.fullmatch(number):
                    suffix = ""  # "the 2010s": a decade, not seconds
                if currency:
                    pieces.append(_Piece("$", index))
                pieces.append(_Piece(number, index, float(number.replace(",", "")), last=last))
                if suffix:
                    pieces.append(_Piece(suffix, index, last=last))
            else:
                pieces.append(_Piece(part, index, last=last))
    return pieces


def _spelled(pieces: list[_Piece], i: int) -> tuple[float, int, bool] | None:
    """Read a spelled-out number from pieces[i]: (value, next index, only "one"/"a")."""
    total, current, j = 0.0, 0.0, i
    used: list[str] = []
    while j < len(pieces):
        word = pieces[j].word
        if word in _ONES:
            current += _ONES[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1.0) * 100
        elif word in ("thousand", "million", "billion", "trillion"):
            total += max(current, 1.0) * _SCALES[word]
            current = 0.0
        elif word in ("a", "an") and not used:
            current = 1.0
        elif word == "couple" and used in (["a"], []):
            current = 2.0  # "a couple of days"
            if _word(pieces, j + 1) == "of":
                j += 1
        elif word == "and" and used and _word(pieces, j + 1) in _ONES.keys() | _TENS.keys():
            pass  # "one hundred and twenty"
        else:
            break
        used.append(word)
        j += 1
    if not used or used in (["a"], ["an"]) and j < len(pieces) and pieces[j].word == "point":
        return None
    value = total + current
    if j + 1 < len(pieces) and pieces[j].word == "point" and pieces[j + 1].word in _DIGIT_WORDS:
        j += 1
        decimals = ""
        while j < len(pieces) and pieces[j].word in _DIGIT_WORDS:
            decimals += str(_ONES[pieces[j].word])
            j += 1
        value += float("0." + decimals)
        used.append("point")
        if _word(pieces, j) in ("thousand", "million", "billion", "trillion"):
            value *= _SCALES[pieces[j].word]  # "one point two million"
            j += 1
    return value, j, used in (["one"], ["a"], ["an"])


def _core(pieces: list[_Piece], i: int) -> tuple[float, int, bool] | None:
    """The number starting at pieces[i] before its unit: (value, next index, bare "one"/"a")."""
    piece = pieces[i]
    if piece.value is not None:
        value, j = piece.value, i + 1
        # "1.2 million", "$2M", "10k"
        if j < len(pieces) and pieces[j].word in _SCALES and pieces[j].token == piece.token:
            value *= _SCALES[pieces[j].word]
            j += 1
        elif j < len(pieces) and pieces[j].word in ("thousand", "million", "billion"):
            value *= _SCALES[pieces[j].word]
            j += 1
        return value, j, False
    return _spelled(pieces, i)


def _word(pieces: list[_Piece], j: int) -> str:
    return pieces[j].word if j < len(pieces) else ""


def _unit(pieces: list[_Piece], j: int, value: float) -> tuple[NumberKind | None, str | None, int]:
    """Read the unit after a number: (kind, unit, next index); kind None when there is none."""
    word, after = _word(pieces, j), _word(pieces, j + 1)
    if word in _PERCENT:
        return "percent", "%", j + 1
    if word == "per" and after == "cent":
        return "percent", "%", j + 2
    if word == "percentage" and after in ("point", "points"):
        return "points", "points", j + 2
    if word == "basis" and after in ("point", "points"):
        return "points", "bps", j + 2
    if word in _POINTS:
        return "points", "bps" if word == "bps" else "points", j + 1
    if word in _MULTIPLIER_UNITS:
        return "multiplier", "x", j + 1
    if word == "times" and after in _TIMES_COMPARATIVES:
        return "multiplier", "x", j + 1
    if word in _MONEY_WORDS:
        return "money", "$", j + 1
    if word in ("quarter", "quarters") and after == "of":
        return "fraction", None, j
    if word in ("third", "thirds", "half", "halves"):
        return "fraction", None, j
    if word in _TIME_UNITS:
        unit = _TIME_UNITS[word]
        return ("latency" if unit == "ms" else "duration"), unit, j + 1
    if word == "dozen":
        return "count", None, j + 1
    return None, None, j


def find_numbers(text: str | Sequence[str]) -> list[NumberMention]:
    """Every number in `text` (a string, or words as written) with its kind and unit.

    Word indexes in the result refer to `text.split()` for a string, or to the given words.
    """
    tokens = text.split() if isinstance(text, str) else list(text)
    pieces = _pieces(tokens)
    found: list[NumberMention] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.value is None and not piece.percentile and piece.word not in _STARTERS:
            i += 1  # most words cannot start a number
            continue
        mention, i = _read(tokens, pieces, i)
        if mention is not None:
            found.append(mention)
    return _link_ranges(tokens, found)


def _read(tokens: Sequence[str], pieces: list[_Piece], i: int) -> tuple[NumberMention | None, int]:
    piece = pieces[i]
    start = i
    if piece.percentile:
        return _mention(tokens, pieces, i, i + 1, piece.value or 0, "percentile", None), i + 1
    if piece.word in _MULTIPLIER_WORDS:
        return _mention(
            tokens, pieces, i, i + 1, _MULTIPLIER_WORDS[piece.word], "multiplier", "x"
        ), i + 1
    if piece.word == "half" and _word(pieces, i + 1) in ("a", "an"):
        unit = _TIME_UNITS.get(_word(pieces, i + 2))
        if unit is not None:  # "half a day", "half an hour"
            return _mention(tokens, pieces, i, i + 3, 0.5, "duration", unit), i + 3
    if piece.word in ("half", "halves"):
        return _mention(tokens, pieces, i, i + 1, 0.5, "fraction", None), i + 1
    money = piece.word == "$"
    if money:
        i += 1
        if i >= len(pieces) or pieces[i].value is None:
            return None, i
    core = _core(pieces, i)
    if core is None:
        return None, start + 1
    value, j, bare_one = core
    if [_word(pieces, k) for k in (j, j + 1, j + 2)] == ["and", "a", "half"]:
        value, j, bare_one = value + 0.5, j + 3, False  # "two and a half weeks"
    kind, unit, end = _unit(pieces, j, value)
    if kind == "fraction":
        denominator = _FRACTIONS[pieces[j].word]
        return _mention(tokens, pieces, start, j + 1, value / denominator, "fraction", None), j + 1
    if bare_one and kind in (None, "points"):
        return None, start + 1  # "one of the models", "at one point": not a quantity
    if unit == "seconds" and _word(pieces, j) == "second" and _word(pieces, start) in ("a", "an"):
        return None, start + 1  # "a second model"
    if [_word(pieces, k) for k in (end, end + 1, end + 2)] == ["and", "a", "half"]:
        value, end = value + 0.5, end + 3  # "an hour and a half"
    if money or kind == "money":
        kind, unit = "money", "$"
    elif kind is None:
        is_digits = pieces[start].value is not None
        if (
            is_digits
            and value.is_integer()
            and 1950 <= value <= 2049
            and "," not in pieces[start].word
        ):
            kind = "year"
        else:
            kind = "count" if value.is_integer() else "other"
    if kind == "duration" and unit == "seconds" and _near(pieces, start, end, _LATENCY_CONTEXT):
        kind = "latency"
    return _mention(tokens, pieces, start, end, value, kind, unit), max(end, start + 1)


def _near(pieces: list[_Piece], start: int, end: int, words: set[str]) -> bool:
    """A context word in the six pieces before the number or the three after it."""
    around = pieces[max(0, start - 6) : start] + pieces[end : end + 3]
    return any(p.word in words or p.percentile for p in around)


def _mention(
    tokens: Sequence[str],
    pieces: list[_Piece],
    start: int,
    end: int,
    value: float,
    kind: NumberKind,
    unit: str | None,
) -> NumberMention:
    first, last = pieces[start].token, pieces[end - 1].last_token
    return NumberMention(
        value=value,
        kind=kind,
        unit=unit,
        text=_whole_text(tokens, first, last),
        first=first,
        end=last + 1,
        incidental=_incidental(pieces, start, end, kind),
        threshold=_is_threshold(tokens, pieces, start, end),
    )


def _whole_text(tokens: Sequence[str], first: int, last: int) -> str:
    """The tokens of a number as written, split pieces joined again ("0 .41" -> "0.41")."""
    return " ".join(text for text, _, _ in _glued(tokens[first : last + 1]))


def _is_threshold(tokens: Sequence[str], pieces: list[_Piece], start: int, end: int) -> bool:
    """A limit rather than a result: a limit word just after it ("a 120 ms latency budget"), or a
    condition or limit before it in its clause ("alert if it drops 2%", "stay under 80 ms")."""
    after = [p.word for p in pieces[end : end + 3]]
    if any(w in _LIMIT_NOUNS for w in after):
        return True
    before: list[str] = []
    k = start - 1
    while k >= 0 and len(before) < _LOOK_BACK:
        if _CLAUSE_END.search(tokens[pieces[k].last_token].strip()):
            break  # "When we launched, conversion fell 4%": the condition ends at the comma
        before.insert(0, pieces[k].word)
        k -= 1
    if any(w in _CONDITIONS or w in _LIMIT_NOUNS for w in before):
        return True
    if "when" in before and any(w in _TRIGGERS for w in before[: before.index("when")]):
        return True
    said = f" {' '.join(before)} "
    return any(phrase in said for phrase in _LIMIT_PHRASES)


def _incidental(pieces: list[_Piece], start: int, end: int, kind: NumberKind) -> str | None:
    """Why a number is background rather than a result, from the words just around it."""
    if kind == "year":
        return "calendar year"
    if kind == "percentile":
        return "percentile name"
    following = [p.word for p in pieces[end : end + 3]]
    if kind in ("count", "other") and any(w in _TEAM_NOUNS for w in following[:2]):
        return "team size"
    if [p.word for p in pieces[max(0, start - 2) : start]] == ["team", "of"]:
        return "team size"
    if kind in ("count", "other") and any(w in _MODEL_NOUNS for w in following):
        return "model size"
    if kind == "duration":
        if following[:1] == ["ago"]:
            return "when it happened"
        if following[:1] == ["of"] and any(w in _DATA_NOUNS for w in following[1:3]):
            return "amount of data"
    return None


def _link_ranges(tokens: Sequence[str], found: list[NumberMention]) -> list[NumberMention]:
    """Give "28 to 3 percent" its unit on both ends: a bare number joined to the next one by
    "to", "and" or a dash takes that number's kind and unit."""
    linked = list(found)
    for k in range(len(linked) - 2, -1, -1):
        here, after = linked[k], linked[k + 1]
        between = [t.strip().lower() for t in tokens[here.end : after.first]]
        same_word = after.first < here.end  # "5-50%"
        joined = same_word or (len(between) == 1 and between[0] in _RANGE_LINKS)
        if (
            here.unit is None
            and here.kind in ("count", "other")
            and after.unit is not None
            and joined
        ):
            linked[k] = NumberMention(
                value=here.value,
                kind=after.kind,
                unit=after.unit,
                text=here.text,
                first=here.first,
                end=here.end,
                incidental=after.incidental,
                threshold=here.threshold,
            )
    return linked
