"""Filled pauses (um, uh) that the transcript left out, found in the sound and confirmed by the
transcription model.

Three kinds of evidence, combined (docs/fillers.md has the method and the measured figures):

1. The sound: a filled pause is a held, steady, voiced vowel or nasal (acoustics.py). Held sounds
   are only candidates: lengthened words ("sooo", a drawn-out "the") are held too.
2. The text: the transcript as written must lack a word there. Whisper's word times smear over a
   dropped filler, so coverage is not read from the times; instead the model is asked.
3. The model: with a filler-keeping prompt, the model scores the transcript with an "um" and with
   an "uh" inserted at each candidate (filler_probe.py), reusing the encoder output of the pass
   that wrote the transcript. A likely insertion, aligned onto a held sound, is a filled pause.

The transcript itself is never changed, so the word error rate cannot get worse.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from voice_interview.models.config import FilledPauseConfig
from voice_interview.models.report import FillerItem
from voice_interview.models.transcript import Interval, Transcribed, Transcript, Word
from voice_interview.speech.acoustics import Frames, HeldSound, analyse, held_sounds, sound_nuclei
from voice_interview.speech.filler_probe import FillerProbe, Insertion, is_filler

if TYPE_CHECKING:
    from voice_interview.speech.transcriber import Transcriber, WhisperTranscriber

ProgressFn = Callable[[float, str], None]


def find_held_sounds(
    samples: np.ndarray,
    speech: Sequence[Interval],
    config: FilledPauseConfig,
    frames: Frames | None = None,
) -> list[HeldSound]:
    """Held, steady voiced sounds inside the speech: the candidates for filled pauses."""
    return held_sounds(
        analyse(samples) if frames is None else frames,
        speech,
        window_s=config.window_s,
        min_duration_s=config.min_duration_s,
        max_pitch_spread_st=config.max_pitch_spread_st,
        max_spectral_change_db=config.max_spectral_change_db,
        min_voicing=config.min_voicing,
        max_below_loud_db=config.max_below_loud_db,
    )


def detect_filled_pauses(
    samples: np.ndarray,
    words: Sequence[Word],
    speech: Sequence[Interval],
    config: FilledPauseConfig = FilledPauseConfig(),  # noqa: B008 (frozen, safe to share)
    *,
    evidence: Sequence[Insertion] | None = None,
) -> list[FillerItem]:
    """Filled pauses in `samples` that `words` does not already contain, in time order.

    `evidence` is what the model said about filler insertions (a FillerProbe's `insertions`,
    gathered while transcribing). Without it only the sound is used, and only if
    `config.acoustic_only` is set.
    """
    if not config.enabled:
        return []
    transcribed = [
        (w.start, w.end)
        for w in words
        if w.start is not None and w.end is not None and is_filler(w.text)
    ]
    if evidence is None:
        if not config.acoustic_only:
            return []
        found = _by_shape(find_held_sounds(samples, speech, config), words, config)
    else:
        found = _confirmed(evidence, config)
    items = [
        item for item in found if not _near_any(item, transcribed, config.duplicate_tolerance_s)
    ]
    return sorted(items, key=lambda item: item.start or 0.0)


def judge_transcribed_runs(
    frames: Frames,
    words: Sequence[Word],
    speech: Sequence[Interval],
    config: FilledPauseConfig,
) -> list[FillerItem]:
    """Each um/uh of a run of transcribed fillers once: no more, no fewer than were said.

    Whisper writes a run of hesitations badly: 7 to 11 "uh" for 6 said (several at one time),
    or 3 for 6. In each run of two or more transcribed filled pauses (no other word between
    them) the separate steady sounds are found (acoustics.sound_nuclei, over the run's time
    give or take `run_margin_s`, up to the next word's start) and the written fillers are paired
    with them in order. Each written filler is returned (source "transcript") to re-judge it: a
    paired one at its sound's time (`heard`), one left without a sound with confidence 0 (the
    report lists it, uncounted). Sounds left without a written filler between the run's first
    and last filler are returned as audio fillers with confidence `run_sound_confidence`.
    """
    timed = [w for w in words if w.start is not None and w.end is not None]
    in_speech = _frames_in(frames, speech)
    if not in_speech.any():
        return []
    loud = float(np.percentile(frames.level_db[in_speech], 95))
    found: list[FillerItem] = []
    for run, after in _filler_runs(timed):
        if len(run) < 2:
            continue
        first, last = run[0].start or 0.0, run[-1].end or 0.0
        start, end = first - config.run_margin_s, last + config.run_margin_s
        if after is not None:
            # The next word's start is where Whisper is most reliable in a run (it stretches the
            # word before a filler over it, not the one after): its sound is not the run's.
            end = min(end, after.start or end)
        nuclei = [
            n
            for n in sound_nuclei(
                frames,
                start - 0.5,
                end + 0.5,
                loud_db=loud,
                max_below_loud_db=config.max_below_loud_db,
                min_voicing=config.min_voicing,
                dip_db=config.run_dip_db,
                min_duration_s=config.run_min_sound_s,
                max_spectral_change_db=config.run_max_spectral_change_db,
            )
            if start <= (n[0] + n[1]) / 2 < end
        ]
        if not nuclei:
            continue  # nothing steady to count by: leave the transcript as written
        pairs, unmatched_words, unmatched_sounds = _pair_up(run, nuclei)
        for word, (a, b) in pairs:
            at = word.start or 0.0
            heard = (round(a - at, 3), round(b - at, 3))
            found.append(_transcribed_item(word, timed, confidence=1.0, heard=heard))
        for word in unmatched_words:
            found.append(_transcribed_item(word, timed, confidence=0.0))
        for a, b in unmatched_sounds:
            if first - 0.1 <= (a + b) / 2 <= last + 0.1:
                found.append(_run_item(frames, a, b, timed, config.run_sound_confidence))
    return found


def _transcribed_item(
    word: Word,
    words: Sequence[Word],
    confidence: float,
    heard: tuple[float, float] | None = None,
) -> FillerItem:
    return FillerItem(
        text=word.text,
        start=word.start,
        end=word.end,
        context=_context_by_time(words, word),
        kind="filled_pause",
        source="transcript",
        confidence=confidence,
        heard=heard,
    )


def _run_item(
    frames: Frames, start: float, end: float, words: Sequence[Word], confidence: float
) -> FillerItem:
    """A sound of a run no written filler took, named um or uh by its nasal ending."""
    inside = (frames.times >= start) & (frames.times < end)
    nasal = frames.nasal_db[inside]
    third = max(1, len(nasal) // 3)
    rise = float(nasal[-third:].mean() - nasal[:third].mean()) if len(nasal) else 0.0
    text = "um" if rise >= _NASAL_RISE_DB else "uh"
    span = Word(text=text, start=start, end=end)
    return FillerItem(
        text=text,
        start=start,
        end=end,
        context=_context_by_time(words, span),
        kind="filled_pause",
        source="audio",
        confidence=confidence,
    )


def _filler_runs(words: Sequence[Word]) -> list[tuple[list[Word], Word | None]]:
    """Each run of consecutive transcribed filled pauses, with the word that follows it."""
    runs: list[tuple[list[Word], Word | None]] = []
    current: list[Word] = []
    for word in words:
        if is_filler(word.text):
            current.append(word)
            continue
        if current:
            runs.append((current, word))
        current = []
    if current:
        runs.append((current, None))
    return runs


def _pair_up(
    run: list[Word], nuclei: list[tuple[float, float]]
) -> tuple[list[tuple[Word, tuple[float, float]]], list[Word], list[tuple[float, float]]]:
    """Pair written fillers with sounds in time order (Whisper keeps their order, not their
    times): the pairs, then the written fillers and the sounds left over."""

    # Of the ways to keep the order, the one whose pairs lie nearest in time (few words, few
    # sounds: a small dynamic programme over both lists).
    def gap(word: Word, sound: tuple[float, float]) -> float:
        middle = ((word.start or 0.0) + (word.end or 0.0)) / 2
        return max(0.0, sound[0] - middle, middle - sound[1])

    n, m = len(run), len(nuclei)
    pairs_needed = min(n, m)
    inf = float("inf")
    # cost[i][j][k]: best total gap pairing k of the first i words with the first j sounds.
    cost = [[[inf] * (pairs_needed + 1) for _ in range(m + 1)] for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            cost[i][j][0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            for k in range(1, min(i, j, pairs_needed) + 1):
                cost[i][j][k] = min(
                    cost[i - 1][j][k],
                    cost[i][j - 1][k],
                    cost[i - 1][j - 1][k - 1] + gap(run[i - 1], nuclei[j - 1]),
                )
    pairs: list[tuple[Word, tuple[float, float]]] = []
    i, j, k = n, m, pairs_needed
    while k > 0:
        if cost[i][j][k] == cost[i - 1][j][k]:
            i -= 1
        elif cost[i][j][k] == cost[i][j - 1][k]:
            j -= 1
        else:
            pairs.append((run[i - 1], nuclei[j - 1]))
            i, j, k = i - 1, j - 1, k - 1
    pairs.reverse()
    used_words = {id(w) for w, _ in pairs}
    used_sounds = {s for _, s in pairs}
    return (
        pairs,
        [w for w in run if id(w) not in used_words],
        [s for s in nuclei if s not in used_sounds],
    )


def _frames_in(frames: Frames, speech: Sequence[Interval]) -> np.ndarray:
    mask = np.zeros(len(frames.times), dtype=bool)
    for iv in speech:
        mask |= (frames.times >= iv.start) & (frames.times < iv.end)
    return mask


def transcribe_with_fillers(
    transcriber: Transcriber,
    samples: np.ndarray,
    speech: Sequence[Interval],
    config: FilledPauseConfig = FilledPauseConfig(),  # noqa: B008
    *,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Transcribed:
    """Transcribe, and find the filled pauses the transcript left out, in one pass of the model.

    With a WhisperTranscriber the probe rides along the transcription; any other transcriber is
    called as usual and the detector falls back to the sound alone (off by default). If the
    probe fails (it records the error), the transcript is still returned, with no fillers.
    """
    from voice_interview.speech.transcriber import WhisperTranscriber

    probe: FillerProbe | None = None
    frames = analyse(samples) if config.enabled else None
    if config.enabled and isinstance(transcriber, WhisperTranscriber):
        probe = FillerProbe(
            find_held_sounds(samples, speech, config, frames),
            config.prompt,
            min_spacing=config.min_spacing_words,
            max_groups=config.max_passes,
        )
        transcript = _transcribe_probing(transcriber, samples, speech, probe, progress, cancel)
    else:
        transcript = transcriber.transcribe(samples, speech, progress=progress, cancel=cancel)
    # A probe that saw no window while there were words did not run (e.g. a model without the
    # encoder hook): say so rather than report "no fillers found".
    ran = probe is not None and probe.error is None and (probe.windows > 0 or not transcript.words)
    evidence = probe.insertions if probe is not None and ran else None
    items = detect_filled_pauses(samples, transcript.words, speech, config, evidence=evidence)
    by_sound = evidence is not None or (config.enabled and config.acoustic_only)
    if by_sound and frames is not None:
        items += judge_transcribed_runs(frames, transcript.words, speech, config)
    return Transcribed(
        transcript, list(speech), items, "transcript+audio" if by_sound else "transcript"
    )


def _transcribe_probing(
    transcriber: WhisperTranscriber,
    samples: np.ndarray,
    speech: Sequence[Interval],
    probe: FillerProbe,
    progress: ProgressFn | None,
    cancel: threading.Event | None,
) -> Transcript:
    """Transcribe while the probe scores each finished window on a thread of its own.

    The probe's model calls then run on whichever model replica is free: while the next window
    decodes when there is one replica, and on a core whose own part of the recording is done
    when parts are transcribed at once (speech/parts.py), which evens out their finishing times.
    Windows are scored in order, one at a time, so the probe needs no locking.
    """
    pool = ThreadPoolExecutor(1, thread_name_prefix="filler-probe")
    jobs: list[Future[None]] = []
    try:
        transcript = transcriber.transcribe(
            samples,
            speech,
            progress=progress,
            cancel=cancel,
            window_hook=lambda window: jobs.append(pool.submit(probe, window)),
        )
        for job in jobs:
            job.result()
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return transcript


def _confirmed(evidence: Sequence[Insertion], config: FilledPauseConfig) -> list[FillerItem]:
    """Insertions the model found likely, each placed on the held sound it aligned to."""
    used: set[HeldSound] = set()
    items: list[FillerItem] = []
    for insertion in sorted(evidence, key=lambda i: -i.probability):
        if insertion.probability < _threshold(insertion, config):
            continue
        sound = _aligned_sound(insertion, used, config.max_align_distance_s)
        if sound is None:
            continue
        used.add(sound)
        text = "um" if insertion.p_um >= insertion.p_uh else "uh"
        context = " ".join([*insertion.before, text, *insertion.after])
        items.append(_item(text, sound, context, insertion.probability))
    return items


# Words said as a bare schwa, the vowel of "uh".
_SCHWA_WORDS = frozenset({"a", "an"})


def _threshold(insertion: Insertion, config: FilledPauseConfig) -> float:
    if insertion.after and insertion.after[0] in _SCHWA_WORDS:
        return config.min_probability_before_schwa
    return config.min_probability


def _aligned_sound(
    insertion: Insertion, used: set[HeldSound], max_distance: float
) -> HeldSound | None:
    """The unused held sound nearest to where the model aligned the inserted filler."""
    free = [s for s in insertion.sounds if s not in used]
    if not free:
        return None
    if insertion.aligned is None:
        return max(free, key=lambda s: s.duration)
    lo, hi = insertion.aligned

    def distance(s: HeldSound) -> float:
        return max(0.0, s.start - hi, lo - s.end)

    def overlap(s: HeldSound) -> float:
        return max(0.0, min(hi, s.end) - max(lo, s.start))

    # Nearest first; among sounds the alignment overlaps, the one it overlaps most.
    best = min(free, key=lambda s: (distance(s), -overlap(s), -s.duration))
    return best if distance(best) <= max_distance else None


def _by_shape(
    sounds: Sequence[HeldSound], words: Sequence[Word], config: FilledPauseConfig
) -> list[FillerItem]:
    """Acoustic-only mode: long, flat held sounds, named by whether they end nasal."""
    items = []
    for sound in sounds:
        if sound.duration < config.acoustic_min_duration_s:
            continue
        if sound.pitch_spread_st > config.acoustic_max_pitch_spread_st:
            continue
        text = "um" if sound.nasal_rise_db >= _NASAL_RISE_DB else "uh"
        items.append(_item(text, sound, _context_by_time(words, sound), 0.5))
    return items


# An "um" ends in a nasal murmur: measured 2.8-5.2 dB more low-to-mid energy in its last third.
_NASAL_RISE_DB = 2.5


def _item(text: str, sound: HeldSound, context: str, confidence: float) -> FillerItem:
    return FillerItem(
        text=text,
        start=sound.start,
        end=sound.end,
        context=context,
        kind="filled_pause",
        source="audio",
        confidence=round(confidence, 2),
    )


def _context_by_time(words: Sequence[Word], sound: HeldSound | Word, width: int = 4) -> str:
    timed = [w for w in words if w.start is not None and w.end is not None]
    start, end = sound.start or 0.0, sound.end or 0.0
    before = [w.text for w in timed if w is not sound and (w.end or 0.0) <= start + 0.1][-width:]
    after = [w.text for w in timed if w is not sound and (w.start or 0.0) >= end - 0.1][:width]
    return " ".join([*before, "[filler]", *after])


def _near_any(item: FillerItem, spans: list[tuple[float, float]], tolerance: float) -> bool:
    start, end = item.start or 0.0, item.end or 0.0
    return any(a - tolerance < end and start < b + tolerance for a, b in spans)
