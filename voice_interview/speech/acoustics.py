"""Frame-level acoustics in numpy: loudness, voicing, pitch and spectral shape, and the held,
steady voiced sounds that filled pauses are made of.

A filled pause ("uh", "um") is a vowel or nasal held for a quarter of a second or more on a flat
pitch with an unchanging spectrum (Shriberg 1999; Goto, Itou and Hayamizu 1999 detect them by
"small F0 transition and small spectral envelope deformation"). Ordinary syllables change
within 100-150 ms, so a held sound is rare in fluent speech; lengthened words ("sooo", a
drawn-out "the") are held too, which is why the sound alone only proposes candidates and the
transcription model decides (see filler_probe.py).

Pitch is the peak of the normalised autocorrelation, computed with the FFT and divided by the
window's own autocorrelation (Boersma 1993), in 40 ms frames every 20 ms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from voice_interview.models.transcript import Interval
from voice_interview.speech.audio import SAMPLE_RATE

HOP_S = 0.02  # a held sound lasts 300 ms or more: 20 ms steps resolve it and halve the work
_HOP = int(SAMPLE_RATE * HOP_S)
_CHANGE_LAG = max(1, round(0.02 / HOP_S))  # spectral change is measured over 20 ms
_FRAME = 640  # 40 ms: two periods of a 50 Hz voice, the lowest pitch we look for
_NFFT = 1280  # 2 * _FRAME, so the autocorrelation via the FFT does not wrap around
_BLOCK = 2000  # frames analysed at once, to bound memory on long recordings
_MIN_F0, _MAX_F0 = 60.0, 400.0
_N_BANDS = 24
_BAND_LO_HZ, _BAND_HI_HZ = 80.0, 5000.0
# Nasal murmur ([m], [n]) keeps its energy below ~400 Hz and loses F2 (800-2500 Hz).
_LOW_HZ, _MID_HZ = (80.0, 400.0), (800.0, 2500.0)


@dataclass(frozen=True)
class Frames:
    """Per-frame measurements, one value every HOP_S seconds (frame centres in `times`)."""

    times: np.ndarray
    level_db: np.ndarray
    """Frame RMS in dB relative to full scale."""
    voicing: np.ndarray
    """Peak of the normalised autocorrelation, 0-1: near 1 for a steady voiced sound."""
    f0: np.ndarray
    """Pitch in Hz at the autocorrelation peak (meaningful only where `voicing` is high)."""
    bands_db: np.ndarray
    """Log energies in _N_BANDS mel-spaced bands, shape (frames, bands)."""
    nasal_db: np.ndarray
    """Energy below 400 Hz minus energy at 800-2500 Hz, in dB: high for a nasal murmur."""


@dataclass(frozen=True)
class HeldSound:
    """A stretch of held, steady voicing: a candidate filled pause."""

    start: float
    end: float
    f0_hz: float
    """Median pitch."""
    pitch_spread_st: float
    """Pitch range in semitones between the 10th and 90th percentile over the whole stretch."""
    spectral_change_db: float
    """Median frame-to-frame change of the spectral shape, in dB (low when held)."""
    nasal_rise_db: float
    """How much more nasal the last third is than the first third: high for "um"."""
    level_db: float
    """Median level relative to the recording's loud speech (0 = as loud, negative = quieter)."""

    @property
    def duration(self) -> float:
        return self.end - self.start


def analyse(samples: np.ndarray) -> Frames:
    """Loudness, voicing, pitch and band energies of 16 kHz mono samples."""
    x = np.asarray(samples, dtype=np.float32)
    if len(x) < _FRAME:
        x = np.pad(x, (0, _FRAME - len(x)))
    count = 1 + (len(x) - _FRAME) // _HOP
    window = np.hanning(_FRAME).astype(np.float32)
    window_ac = np.fft.irfft(np.abs(np.fft.rfft(window, _NFFT)) ** 2, _NFFT)[:_FRAME]
    freqs = np.fft.rfftfreq(_NFFT, 1.0 / SAMPLE_RATE)
    lag_lo, lag_hi = int(SAMPLE_RATE / _MAX_F0), int(SAMPLE_RATE / _MIN_F0)
    band_matrix = _mel_matrix(freqs)
    low = (freqs >= _LOW_HZ[0]) & (freqs < _LOW_HZ[1])
    mid = (freqs >= _MID_HZ[0]) & (freqs < _MID_HZ[1])
    parts: list[tuple[np.ndarray, ...]] = []
    for first in range(0, count, _BLOCK):
        n = min(_BLOCK, count - first)
        idx = (first + np.arange(n))[:, None] * _HOP + np.arange(_FRAME)[None, :]
        frames = x[idx]
        frames = frames - frames.mean(axis=1, keepdims=True)
        level = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
        spectrum = np.fft.rfft(frames * window, _NFFT)
        power = np.abs(spectrum) ** 2
        ac = np.fft.irfft(power, _NFFT)[:, :_FRAME] / np.maximum(window_ac, 1e-9)
        ac = ac / np.maximum(ac[:, :1], 1e-12)
        lag, peak = _pick_lag(ac, lag_lo, lag_hi)
        bands = 10 * np.log10(power @ band_matrix.T + 1e-10)
        nasal = 10 * np.log10(power[:, low].sum(1) + 1e-10) - 10 * np.log10(
            power[:, mid].sum(1) + 1e-10
        )
        parts.append((level, peak, SAMPLE_RATE / lag, bands, nasal))
    times = (np.arange(count) * _HOP + _FRAME / 2) / SAMPLE_RATE
    level, peak, f0, bands, nasal = (np.concatenate(p) for p in zip(*parts, strict=True))
    return Frames(times, level, np.clip(peak, 0.0, 1.0), f0, bands, nasal)


def _mel_matrix(freqs: np.ndarray) -> np.ndarray:
    """Triangular mel filters: enough spectral detail to tell a held sound from a moving one."""

    def mel(f: np.ndarray | float) -> np.ndarray:
        return 2595.0 * np.log10(1.0 + np.asarray(f) / 700.0)

    edges = 700.0 * (
        10 ** (np.linspace(mel(_BAND_LO_HZ), mel(_BAND_HI_HZ), _N_BANDS + 2) / 2595) - 1
    )
    matrix = np.zeros((_N_BANDS, len(freqs)), dtype=np.float32)
    for b in range(_N_BANDS):
        lo, centre, hi = edges[b], edges[b + 1], edges[b + 2]
        rising = (freqs - lo) / (centre - lo)
        falling = (hi - freqs) / (hi - centre)
        matrix[b] = np.clip(np.minimum(rising, falling), 0.0, None)
    return matrix


def _pick_lag(ac: np.ndarray, lag_lo: int, lag_hi: int) -> tuple[np.ndarray, np.ndarray]:
    """The pitch lag per frame, refined by a parabola through the peak.

    A steady voice correlates as well at two periods as at one, so the global maximum often
    halves the pitch (measured: a held 200 Hz "uh" read as 100 Hz every other frame). The
    shortest-lag local maximum within 10% of the best one is taken instead.
    """
    lags = np.arange(lag_lo, lag_hi + 1)
    region = ac[:, lag_lo : lag_hi + 1]
    rows = np.arange(len(ac))
    peak = np.zeros(region.shape, dtype=bool)
    peak[:, 1:-1] = (region[:, 1:-1] > region[:, :-2]) & (region[:, 1:-1] >= region[:, 2:])
    strong = peak & (region >= 0.9 * region.max(axis=1, keepdims=True))
    best = np.where(strong.any(axis=1), strong.argmax(axis=1), region.argmax(axis=1))
    k = lags[best]
    left = ac[rows, k - 1]
    centre = ac[rows, k]
    right = ac[rows, np.minimum(k + 1, ac.shape[1] - 1)]
    denom = left - 2 * centre + right
    shift = np.where(np.abs(denom) > 1e-9, 0.5 * (left - right) / np.where(denom == 0, 1, denom), 0)
    return k + np.clip(shift, -1.0, 1.0), centre


def held_sounds(
    frames: Frames,
    speech: Sequence[Interval],
    *,
    window_s: float,
    min_duration_s: float,
    max_pitch_spread_st: float,
    max_spectral_change_db: float,
    min_voicing: float,
    max_below_loud_db: float,
) -> list[HeldSound]:
    """Stretches inside `speech` where the voice holds one pitch and one spectrum.

    A frame belongs to a held stretch when some `window_s` window around it is almost all
    voiced, keeps its pitch within `max_pitch_spread_st` (10th-90th percentile) and changes its
    spectral shape by at most `max_spectral_change_db` per 20 ms (median). Stretches shorter
    than `min_duration_s` are dropped.
    """
    n = len(frames.times)
    width = max(2, round(window_s / HOP_S))
    in_speech = _mask(frames.times, speech)
    if n < width or not in_speech.any():
        return []
    loud = float(np.percentile(frames.level_db[in_speech], 95))
    voiced = (
        in_speech
        & (frames.voicing >= min_voicing)
        & (frames.level_db >= loud - max_below_loud_db)
        & (frames.f0 >= _MIN_F0)
        & (frames.f0 <= _MAX_F0)
    )
    semitones = np.where(voiced, 12 * np.log2(np.maximum(frames.f0, 1.0) / 100.0), np.nan)
    change = _spectral_change(frames.bands_db)

    windows = np.lib.stride_tricks.sliding_window_view
    voiced_share = windows(voiced.astype(np.float32), width).mean(axis=1)
    ok = voiced_share >= 0.8
    steady = np.zeros(n, dtype=bool)
    if ok.any():
        starts = np.flatnonzero(ok)
        spread = _spread(windows(semitones, width)[starts])
        moving = np.median(windows(change, width)[starts], axis=1)
        good = starts[(spread <= max_pitch_spread_st) & (moving <= max_spectral_change_db)]
        for s in good:
            steady[s : s + width] = True
    steady &= voiced | np.roll(voiced, 1) | np.roll(voiced, -1)
    return [
        _describe(frames, semitones, change, a, b, loud)
        for a, b in _runs(steady)
        if (b - a) * HOP_S >= min_duration_s
    ]


def _spread(rows: np.ndarray) -> np.ndarray:
    """10th-90th percentile range per row, ignoring NaN (nanpercentile is 50x slower)."""
    ordered = np.sort(rows, axis=1)  # NaN sorts last
    valid = np.sum(~np.isnan(rows), axis=1)
    last = np.maximum(valid - 1, 0)
    lo = np.take_along_axis(ordered, np.floor(0.1 * last).astype(int)[:, None], axis=1)[:, 0]
    hi = np.take_along_axis(ordered, np.ceil(0.9 * last).astype(int)[:, None], axis=1)[:, 0]
    return np.where(valid > 0, hi - lo, np.inf)


def _mask(times: np.ndarray, speech: Sequence[Interval]) -> np.ndarray:
    mask = np.zeros(len(times), dtype=bool)
    for iv in speech:
        mask |= (times >= iv.start) & (times < iv.end)
    return mask


def _spectral_change(bands_db: np.ndarray) -> np.ndarray:
    """RMS change of the spectral shape (level removed) over 20 ms, per frame."""
    shape = bands_db - bands_db.mean(axis=1, keepdims=True)
    change = np.zeros(len(shape), dtype=np.float64)
    lag = _CHANGE_LAG
    if len(shape) > lag:
        change[lag:] = np.sqrt(np.mean((shape[lag:] - shape[:-lag]) ** 2, axis=1))
    return change


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, past-last) index pairs of the True runs in a boolean array."""
    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _describe(
    frames: Frames, semitones: np.ndarray, change: np.ndarray, a: int, b: int, loud: float
) -> HeldSound:
    pitch = semitones[a:b]
    pitch = pitch[~np.isnan(pitch)]
    spread = float(np.percentile(pitch, 90) - np.percentile(pitch, 10)) if len(pitch) else 0.0
    third = max(1, (b - a) // 3)
    nasal = frames.nasal_db
    half = HOP_S / 2
    return HeldSound(
        start=round(float(frames.times[a]) - half, 3),
        end=round(float(frames.times[b - 1]) + half, 3),
        f0_hz=round(float(100 * 2 ** (np.median(pitch) / 12)) if len(pitch) else 0.0, 1),
        pitch_spread_st=round(spread, 2),
        spectral_change_db=round(float(np.median(change[a:b])), 2),
        nasal_rise_db=round(float(nasal[b - third : b].mean() - nasal[a : a + third].mean()), 2),
        level_db=round(float(np.median(frames.level_db[a:b]) - loud), 1),
    )


def sound_nuclei(
    frames: Frames,
    start: float,
    end: float,
    *,
    loud_db: float,
    max_below_loud_db: float,
    min_voicing: float,
    dip_db: float,
    min_duration_s: float,
    max_spectral_change_db: float,
) -> list[tuple[float, float]]:
    """The separate, steady voiced sounds between `start` and `end`: one per um or uh of a run.

    Hesitations in a run ("uh, uh, uh") are separate sounds: between two of them the voice
    stops or its level falls well below both. A stretch of frames within `max_below_loud_db` of
    the recording's loud speech is cut where voicing stops for 40 ms or more, and again where
    its level dips `dip_db` below the peaks either side; pieces shorter than `min_duration_s`,
    mostly unvoiced, or whose spectrum moves more than `max_spectral_change_db` per 20 ms
    (median: words move, a held um or uh does not) are dropped.
    """
    inside = np.flatnonzero((frames.times >= start) & (frames.times < end))
    if len(inside) == 0:
        return []
    lo, hi = int(inside[0]), int(inside[-1]) + 1
    level = frames.level_db[lo:hi]
    sounding = level >= loud_db - max_below_loud_db
    voiced = frames.voicing[lo:hi] >= min_voicing
    # Bridge single unvoiced or quiet frames: a 20-ms drop inside a vowel is not a boundary.
    bridged = sounding | (np.roll(sounding, 1) & np.roll(sounding, -1))
    change = _spectral_change(frames.bands_db[lo:hi])
    nuclei: list[tuple[float, float]] = []
    for a, b in _runs(bridged):
        for c, d in _split_at_dips(level[a:b], dip_db):
            if (d - c) * HOP_S < min_duration_s or voiced[a + c : a + d].mean() < 0.5:
                continue
            if np.median(change[a + c + 1 : a + d]) > max_spectral_change_db:
                continue
            t0 = float(frames.times[lo + a + c]) - HOP_S / 2
            t1 = float(frames.times[lo + a + d - 1]) + HOP_S / 2
            nuclei.append((round(t0, 3), round(t1, 3)))
    return nuclei


def _split_at_dips(level: np.ndarray, dip_db: float) -> list[tuple[int, int]]:
    """Cut a stretch at its deepest dips that lie `dip_db` below the highest level either side."""
    if len(level) < 5:
        return [(0, len(level))]
    smooth = np.convolve(np.pad(level, 1, mode="edge"), np.ones(3) / 3, mode="valid")
    inner = smooth[2:-2]
    k = int(np.argmin(inner)) + 2
    left, right = float(smooth[:k].max()), float(smooth[k + 1 :].max())
    if min(left, right) - float(smooth[k]) < dip_db:
        return [(0, len(level))]
    first = _split_at_dips(level[:k], dip_db)
    second = _split_at_dips(level[k + 1 :], dip_db)
    return [*first, *[(c + k + 1, d + k + 1) for c, d in second]]
