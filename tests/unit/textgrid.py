"""A reader for Praat TextGrid interval tiers (the long text format), for tests only.

Enough for forced alignments such as the Montreal Forced Aligner's: each interval tier becomes a
list of (start, end, label). Point tiers and the short format are not needed and not read.
"""

from __future__ import annotations

import re
from pathlib import Path

from voice_interview.models.transcript import Interval, Word

_TIER = re.compile(r'class = "IntervalTier"\s*name = "([^"]*)"(.*?)(?=item \[\d+\]:|\Z)', re.S)
_INTERVAL = re.compile(r'xmin = ([\d.eE+-]+)\s*xmax = ([\d.eE+-]+)\s*text = "((?:[^"]|"")*)"', re.S)
_SHORT_TIER = re.compile(r'"IntervalTier"\s*"([^"]*)"\s*[\d.]+\s*[\d.]+\s*(\d+)\s*', re.S)
_SHORT_INTERVAL = re.compile(r'\s*([\d.eE+-]+)\s+([\d.eE+-]+)\s+"((?:[^"]|"")*)"', re.S)

Tier = list[tuple[float, float, str]]


def read_tiers(path: Path) -> dict[str, Tier]:
    """Every interval tier of a TextGrid, by name: (start, end, label) in file order."""
    text = path.read_text(encoding="utf-8")
    tiers: dict[str, Tier] = {}
    if "item [" in text:  # long ("ooTextFile") format: labelled fields
        for name, body in _TIER.findall(text):
            tiers[name] = [
                (float(a), float(b), label.replace('""', '"'))
                for a, b, label in _INTERVAL.findall(body)
            ]
        return tiers
    # Short format: bare values, each tier as class, name, xmin, xmax, count, then intervals.
    for match in _SHORT_TIER.finditer(text):
        pos = match.end()
        intervals: Tier = []
        for _ in range(int(match.group(2))):
            m = _SHORT_INTERVAL.match(text, pos)
            if m is None:
                raise ValueError(f"{path}: malformed interval in tier {match.group(1)!r}")
            intervals.append((float(m.group(1)), float(m.group(2)), m.group(3).replace('""', '"')))
            pos = m.end()
        tiers[match.group(1)] = intervals
    return tiers


def aligned_words(path: Path, tier: str = "words") -> list[Word]:
    """The labelled intervals of a word tier as timed Words (silences, labelled "", dropped)."""
    return [Word(text=label, start=a, end=b) for a, b, label in read_tiers(path)[tier] if label]


def silences(path: Path, tier: str = "words") -> list[tuple[float, float]]:
    """The unlabelled (silent) intervals of a word tier."""
    return [(a, b) for a, b, label in read_tiers(path)[tier] if not label]


def speech_intervals(path: Path, tier: str = "words") -> list[Interval]:
    """The labelled intervals as voice activity, touching ones joined."""
    merged: list[Interval] = []
    for a, b, label in read_tiers(path)[tier]:
        if not label:
            continue
        if merged and abs(merged[-1].end - a) < 1e-9:
            merged[-1] = Interval(start=merged[-1].start, end=b)
        else:
            merged.append(Interval(start=a, end=b))
    return merged
