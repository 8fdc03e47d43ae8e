"""When a recording was made, as the file itself says: the tags recorders write, never the file's
modification time (a copy, a download or a sync changes that, and would misdate the answer).

Phones and recorders write a creation time in MP4/M4A files; FFmpeg-made files carry it in FLAC,
Ogg and MP3 tags; broadcast WAVs carry an origination date and time. Files without any of these
(most WAVs) have no recording time, and the caller decides what to use instead.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

_TIME_OF_DAY = re.compile(r"^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


def recorded_at(path: Path) -> datetime | None:
    """The recording's own creation time, timezone-aware, or None when it names none.

    A full timestamp wins over a date alone. A date without a time of day gives that day at
    local midnight: the day is what orders attempts a person made days apart.
    """
    tags = _tags(path)
    day, clock = tags.get("date", ""), tags.get("creation_time", "")
    candidates = [
        clock,
        # Broadcast WAV: FFmpeg reports the origination date as "date" and its time alone as
        # "creation_time".
        f"{day}T{clock}" if _TIME_OF_DAY.match(clock) else "",
        f"{tags.get('origination_date', '')}T{tags.get('origination_time', '')}",
        day,
        tags.get("year", ""),
    ]
    found = [moment for moment in map(_parse, candidates) if moment is not None]
    precise = [moment for moment, exact in found if exact]
    if precise:
        return precise[0]
    return found[0][0] if found else None


def _tags(path: Path) -> dict[str, str]:
    import av  # deferred: PyAV is heavy

    try:
        with av.open(str(path.resolve()), mode="r", metadata_errors="ignore") as container:
            tags = {k.lower(): str(v) for k, v in container.metadata.items()}
            for stream in container.streams.audio[:1]:
                for key, value in stream.metadata.items():
                    tags.setdefault(key.lower(), str(value))
            return tags
    except (av.error.FFmpegError, OSError):
        return {}


def _parse(text: str) -> tuple[datetime, bool] | None:
    """(the moment, whether it has a time of day), or None for text that names no day."""
    text = text.strip()
    if _is_bwf_date(text):
        text = text.replace(":", "-", 2)
    if len(text) < len("2025-03-14") or text.startswith("T") or text.endswith("T"):
        return _date_only(text.rstrip("T"))
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return _date_only(text[:10])
    if len(text) == len("2025-03-14"):
        return _midnight(moment.date()), False
    # A time without a zone is the recorder's local time.
    return (moment if moment.tzinfo is not None else moment.astimezone()), True


def _date_only(text: str) -> tuple[datetime, bool] | None:
    try:
        return _midnight(date.fromisoformat(text)), False
    except ValueError:
        return None  # a year alone, or no date at all: it orders nothing


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone()


def _is_bwf_date(text: str) -> bool:
    # Broadcast WAV writes "yyyy:mm:dd" or "yyyy-mm-dd" and "hh:mm:ss": normalise the date part.
    return len(text) >= 10 and text[4] == ":" and text[7] == ":"
