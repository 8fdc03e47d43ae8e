"""Transcripts as SRT or WebVTT cues, grouped at sentence ends or every few words."""

from __future__ import annotations

from collections.abc import Sequence

from voice_interview.core.text import ends_sentence
from voice_interview.models.transcript import Word

# A subtitle line longer than this is hard to read; split long sentences.
_MAX_WORDS_PER_CUE = 12


def _cues(words: Sequence[Word]) -> list[list[Word]]:
    cues: list[list[Word]] = []
    current: list[Word] = []
    for w in words:
        current.append(w)
        if ends_sentence(w.text) or len(current) >= _MAX_WORDS_PER_CUE:
            cues.append(current)
            current = []
    if current:
        cues.append(current)
    return cues


def _stamp(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def render_srt(words: Sequence[Word]) -> str:
    blocks = []
    for n, cue in enumerate(_cues(words), start=1):
        start, end = cue[0].start or 0.0, cue[-1].end or 0.0
        text = " ".join(w.text for w in cue)
        blocks.append(f"{n}\n{_stamp(start, ',')} --> {_stamp(end, ',')}\n{text}\n")
    return "\n".join(blocks)


def render_vtt(words: Sequence[Word]) -> str:
    blocks = ["WEBVTT\n"]
    for cue in _cues(words):
        start, end = cue[0].start or 0.0, cue[-1].end or 0.0
        text = " ".join(w.text for w in cue)
        blocks.append(f"{_stamp(start, '.')} --> {_stamp(end, '.')}\n{text}\n")
    return "\n".join(blocks)
