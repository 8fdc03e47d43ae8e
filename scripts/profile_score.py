"""Where the time of `voice-interview score` goes, stage by stage, on one core.

Usage:
    python scripts/profile_score.py --audio FILE [FILE ...] [--parts N] [--question ID]

Scores the recording (several files are joined end to end) through
`voice_interview.pipeline.score_audio` on one model thread, so that every stage runs on its own
and its time is its cost in CPU-seconds. `--parts N` cuts the recording into N parts as `score`
does on N cores (default 1: one pass), to count what the parts cost in extra work.

Each call into the model is timed (encoder, beam-search decoding, faster-whisper's word-timestamp
alignment, the filled-pause probe's alignments), and so are voice-activity detection and the
held-sound analysis; `other_s` is the rest (decoding the file, mel features, scoring). Prints one
JSON line.

Model calls, voice-activity detection and the held-sound analysis run one at a time here: they
wait for each other behind one lock, and only the time inside it is counted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench_audio import joined, write_wav  # noqa: E402

from voice_interview.core.questions import load_bank  # noqa: E402
from voice_interview.pipeline import score_audio  # noqa: E402
from voice_interview.settings import load_settings  # noqa: E402
from voice_interview.speech import filled_pauses, parts  # noqa: E402
from voice_interview.speech.audio import SAMPLE_RATE  # noqa: E402
from voice_interview.speech.transcriber import WhisperTranscriber  # noqa: E402

ONE_AT_A_TIME = threading.Lock()


class TimedModel:
    """Stands in for the ctranslate2 model: one call at a time, each timed by kind."""

    def __init__(
        self, inner: Any, sot_prev: int, seconds: defaultdict[str, float], calls: Counter[str]
    ):
        self._inner = inner
        self._sot_prev = sot_prev
        self._seconds = seconds
        self._calls = calls

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name not in ("encode", "generate", "align"):
            return attr

        def timed(*args: Any, **kwargs: Any) -> Any:
            kind = {"encode": "encoder", "generate": "decoding"}.get(name, "word_alignment")
            # The probe's texts start with the previous-text token (its prompt); faster-whisper's
            # word-timestamp alignment starts at the start-of-transcript token.
            if name == "align" and args[1] and args[1][0] == self._sot_prev:
                kind = "filler_probe"
            with ONE_AT_A_TIME:
                started = time.perf_counter()
                result = attr(*args, **kwargs)
                self._seconds[kind] += time.perf_counter() - started
            self._calls[kind] += 1
            return result

        return timed


def timed_function(
    fn: Callable[..., Any], kind: str, seconds: defaultdict[str, float]
) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with ONE_AT_A_TIME:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[kind] += time.perf_counter() - started

    return wrapper


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audio", nargs="+", type=Path, required=True)
    parser.add_argument("--parts", type=int, default=1)
    parser.add_argument("--question", default="amazon-mle-ownership-offline-online")
    args = parser.parse_args()

    base = load_settings()
    # One thread per model replica: with N parts, N replicas of one thread each.
    model_settings = base.model.model_copy(
        update={"cpu_threads": args.parts, "parallel_parts": args.parts}
    )
    settings = base.model_copy(update={"model": model_settings})
    question = load_bank(None).get(args.question)
    samples = joined(args.audio)
    transcriber = WhisperTranscriber(model_settings, workers=args.parts)
    model = transcriber.load()
    from faster_whisper.tokenizer import Tokenizer

    tokenizer = Tokenizer(model.hf_tokenizer, False, task="transcribe", language="en")
    seconds: defaultdict[str, float] = defaultdict(float)
    calls: Counter[str] = Counter()
    model.model = TimedModel(model.model, tokenizer.sot_prev, seconds, calls)
    parts.detect_speech = timed_function(parts.detect_speech, "voice_activity", seconds)
    filled_pauses.find_held_sounds = timed_function(
        filled_pauses.find_held_sounds, "held_sounds", seconds
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = write_wav(Path(tmp) / "answer.wav", samples)
        started = time.perf_counter()
        score_audio(path, question, settings=settings, transcriber=transcriber)
        total = time.perf_counter() - started
    stages = ["decoding", "encoder", "word_alignment", "filler_probe"]
    stages += ["voice_activity", "held_sounds"]
    figures: dict[str, Any] = {"audio_s": round(len(samples) / SAMPLE_RATE, 1), "parts": args.parts}
    figures["total_s"] = round(total, 2)
    for stage in stages:
        figures[f"{stage}_s"] = round(seconds[stage], 2)
    figures["other_s"] = round(total - sum(seconds[s] for s in stages), 2)
    figures["windows"] = calls["encoder"]
    figures["probe_passes"] = calls["filler_probe"]
    figures["command"] = " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]])
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
