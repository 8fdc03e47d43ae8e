"""Ask the transcription model whether an "um" or "uh" belongs at each held sound.

Whisper writes clean text and leaves most filled pauses out even when it hears them. Free decoding
with a filler-keeping prompt brings them back but changes the transcript, invents text on short
clips and costs a full second decode. Instead, for each window of the transcript just written, we
insert a filler token at the places where a held sound (acoustics.py) meets the text, and let the
model score that edited transcript against the same encoder output (teacher forcing with
`model.align`, one pass per filler word, about a fifth of a free greedy decode). The probability
the model gives the inserted token says whether the text needs a filler there: on the real clips it
is 0.70-0.96 at the spoken fillers and at most 0.03 at lengthened words ("slow", "words") and
laughter, because the model knows which words it wrote cover the sound. The same pass aligns the
inserted token in time, which tells which held sound it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from voice_interview.speech.acoustics import HeldSound
from voice_interview.speech.windows import DecodedWindow

FILLER_WORDS = ("um", "uh")
# A transcribed filled pause; its neighbours are not probed again (the filler is already there).
_FILLED = re.compile(r"^(?:u+h+m*|u+m+|e+r+m*|a+h+|h+m+|m+h?m+)$")
_PUNCT = re.compile(r"[^\w' ]")
_EDGE = re.compile(r"^[^\w']+|[^\w']+$")
_TOKENS_PER_SECOND = 50  # Whisper's encoder frames are 20 ms
_CONTEXT = 4  # words either side kept for the report
_LEAD_S = 0.1  # a word may start this much before the sound and still follow it
_FULL_WINDOW_FRAMES = 2900  # a window this long was cut by the 30-s limit, not by the recording


@dataclass(frozen=True)
class Insertion:
    """A place in the transcript where a filler was tried, and what the model made of it."""

    p_um: float
    """Probability the model gave an inserted "um" at this place."""
    p_uh: float
    """Probability the model gave an inserted "uh"."""
    aligned: tuple[float, float] | None
    """Where the model aligned the inserted filler (the likelier of the two), in recording time."""
    sounds: tuple[HeldSound, ...]
    """The held sounds that proposed this place."""
    before: tuple[str, ...]
    """Transcript words just before the place."""
    after: tuple[str, ...]
    """Transcript words just after the place."""

    @property
    def probability(self) -> float:
        return max(self.p_um, self.p_uh)


@dataclass
class FillerProbe:
    """A window hook for WhisperTranscriber.transcribe that scores filler insertions.

    Build it with the held sounds of the recording, pass it as `window_hook`, then read
    `insertions`. A failure inside the probe is recorded in `error` and never stops transcription.
    """

    sounds: Sequence[HeldSound]
    prompt: str
    """Text given to the model as preceding context; fillers in it make fillers likelier."""
    insertions: list[Insertion] = field(default_factory=list)
    min_spacing: int = 2
    """Fewest words between two fillers inserted into the same scored text."""
    max_groups: int = 1
    """Most scored texts per filler word and window (each costs one pass of the decoder)."""
    windows: int = 0
    """Windows scored."""
    error: str | None = None
    _tokenizer: Any = None

    def __call__(self, window: DecodedWindow) -> None:
        try:
            self._score_window(window)
            self.windows += 1
        except Exception as exc:  # the probe is optional; a transcript without it is still right
            self.error = f"{type(exc).__name__}: {exc}"

    def _score_window(self, window: DecodedWindow) -> None:
        words = [(_plain(text), start, end) for text, start, end in window.words]
        words = [w for w in words if w[0]]
        if not words:
            return
        first, last = words[0][1], words[-1][2]
        places = _places(words, [s for s in self.sounds if first - 1.0 <= s.start <= last + 1.0])
        if window.num_frames >= _FULL_WINDOW_FRAMES:
            # After the last word of a full window the model expects the next window's words, and
            # any token there scores high (measured: 0.33-0.72 on synthetic filler-free answers).
            # That sound is tried at the start of the next window instead.
            places.pop(len(words), None)
        if not places:
            return
        tokenizer = self._tokenizer_for(window)
        prefix = [tokenizer.sot_prev, *tokenizer.encode(" " + self.prompt.strip())]
        prefix += [*tokenizer.sot_sequence, tokenizer.no_timestamps]
        scored: dict[tuple[str, int], tuple[float, tuple[float, float] | None]] = {}
        for group in _spaced_groups(places, self.min_spacing, self.max_groups):
            for filler in FILLER_WORDS:
                tokens, slots = _edited_tokens(tokenizer, words, group, filler)
                result = window.model.model.align(
                    window.encoder_output, prefix, [tokens], window.num_frames
                )[0]
                probs = list(result.text_token_probs)
                spans = _token_spans(result.alignments, len(tokens))
                for place, i in zip(group, slots, strict=True):
                    scored[filler, place] = (float(probs[i]), _to_recording(window, spans.get(i)))
        for place in sorted(places):
            if ("um", place) not in scored:
                continue
            (p_um, um_at), (p_uh, uh_at) = scored["um", place], scored["uh", place]
            self.insertions.append(
                Insertion(
                    p_um=round(p_um, 4),
                    p_uh=round(p_uh, 4),
                    aligned=um_at if p_um >= p_uh else uh_at,
                    sounds=tuple(places[place]),
                    before=tuple(w[0].strip() for w in words[max(0, place - _CONTEXT) : place]),
                    after=tuple(w[0].strip() for w in words[place : place + _CONTEXT]),
                )
            )

    def _tokenizer_for(self, window: DecodedWindow) -> Any:
        if self._tokenizer is None:
            from faster_whisper.tokenizer import Tokenizer

            model = window.model
            self._tokenizer = Tokenizer(
                model.hf_tokenizer,
                model.model.is_multilingual,
                task="transcribe",
                language=window.language,
            )
        return self._tokenizer


def _plain(text: str) -> str:
    """A word lower-cased, without punctuation, with its leading space ("" if nothing is left).

    The edited transcript is scored in this plain style, the style of the prompt: in Whisper's
    training data fillers are mostly written in such verbatim, unpunctuated transcripts, and an
    "um" before a capitalised word with no full stop reads as a mistake to the model (measured:
    0.07-0.34 instead of 0.73-0.98 at the same spoken fillers).
    """
    plain = _PUNCT.sub("", text.lower()).strip()
    return " " + plain if plain else ""


def is_filler(text: str) -> bool:
    return bool(_FILLED.match(_EDGE.sub("", text.strip().lower())))


def _places(
    words: list[tuple[str, float, float]], sounds: Sequence[HeldSound]
) -> dict[int, list[HeldSound]]:
    """The word position (insert before word i) to try for each held sound.

    Whisper's word times smear a dropped filler into a neighbouring word. If the first word that
    ends after the sound starts also starts after it (give or take _LEAD_S), the filler comes
    before that word (the usual case on the real clips). If that word's time covers the sound,
    the word was stretched over it from one side: a sound in the word's later half is its end,
    or a filler right after it; a sound in its earlier half is a filler before it, the word's
    start pulled back over it (measured on the real clip, cut where the live path cuts it: "and"
    timed 22.96-24.34 s over an um at 23.23-23.57 s; on Piper answers, a first word timed from
    0.0 s over the um that opens the answer). Trying both places for every sound doubles the
    edits in the text, and the model then finds fillers likelier everywhere (measured:
    lengthened words rose to 0.35). Places next to a transcribed filler are skipped: that filler
    is most likely the sound itself.
    """
    taken: set[int] = set()
    for i, (text, _, _) in enumerate(words):
        if is_filler(text):
            taken.update((i, i + 1))
    ends = [end for _, _, end in words]
    places: dict[int, list[HeldSound]] = {}
    for sound in sounds:
        k = next((i for i, end in enumerate(ends) if end > sound.start + 0.02), len(words))
        if k < len(words) and words[k][1] < sound.start - _LEAD_S:
            middle = (words[k][1] + words[k][2]) / 2
            if sound.start >= middle:
                k += 1
        if k not in taken:
            places.setdefault(k, []).append(sound)
    return places


def _spaced_groups(
    places: dict[int, list[HeldSound]], min_spacing: int, max_groups: int
) -> list[list[int]]:
    """Split places into groups whose places are `min_spacing` words apart, longest sounds first.

    Each inserted filler changes how likely the model finds the next one: a filler a word or two
    earlier makes another one there look like a repetition, or like this speaker's habit (measured:
    a spoken "um" fell from 0.43 to 0.29 when two false insertions preceded it within three
    words). Places far apart barely interact, so each group is scored in one pass. Places that fit
    in none of `max_groups` groups are not tried: of two held sounds a word apart, the longer one
    is the likelier filler.
    """
    groups: list[list[int]] = []
    for place in sorted(places, key=lambda p: -max(s.duration for s in places[p])):
        for group in groups:
            if all(abs(place - other) >= min_spacing for other in group):
                group.append(place)
                break
        else:
            if len(groups) < max_groups:
                groups.append([place])
    return [sorted(group) for group in groups]


def _edited_tokens(
    tokenizer: Any, words: list[tuple[str, float, float]], places: list[int], filler: str
) -> tuple[list[int], list[int]]:
    """The window's text with `filler` inserted at each place; returns tokens and filler indices."""
    tokens: list[int] = []
    slots: list[int] = []
    wanted = set(places)
    for i in range(len(words) + 1):
        if i in wanted:
            slots.append(len(tokens))
            tokens.extend(tokenizer.encode(" " + filler))
        if i < len(words):
            tokens.extend(tokenizer.encode(words[i][0]))
    return tokens, slots


def _token_spans(alignments: Sequence[Any], count: int) -> dict[int, tuple[int, int]]:
    """First and last encoder frame the alignment path assigns to each text token."""
    path = np.asarray(alignments, dtype=np.int64).reshape(-1, 2)
    spans: dict[int, tuple[int, int]] = {}
    for token, frame in path:
        if 0 <= token < count:
            lo, hi = spans.get(int(token), (int(frame), int(frame)))
            spans[int(token)] = (min(lo, int(frame)), max(hi, int(frame)))
    return spans


def _to_recording(
    window: DecodedWindow, span: tuple[int, int] | None
) -> tuple[float, float] | None:
    if span is None:
        return None
    start = window.offset_s + span[0] / _TOKENS_PER_SECOND
    end = window.offset_s + (span[1] + 1) / _TOKENS_PER_SECOND
    return (round(window.to_recording(start), 3), round(window.to_recording(end), 3))
