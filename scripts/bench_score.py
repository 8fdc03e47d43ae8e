"""Compare after-the-fact scoring of a saved recording with plain faster-whisper.

Usage:
    python scripts/bench_score.py --audio FILE [FILE ...] [--repeat N]

For each file (several files are joined end to end into one recording), times:
- `plain_s`: faster-whisper alone with the same model and settings (`WhisperModel.transcribe`
  with word timestamps, beam 5, language en, default threads), iterating every segment;
- `score_s`: the product's whole `score` path (decode, voice activity, transcription in parts,
  filled-pause detector, delivery, rubric) through `voice_interview.pipeline.score_audio`;
- `transcribe_s`: the same path without the filled-pause detector or scoring (what
  `voice-interview transcribe` does);
- `no_detector_score_s`: the whole `score` path with the filled-pause detector turned off;
- `one_pass_score_s`: the whole `score` path with the recording transcribed in one pass.
The best of N runs of each is kept (runs are interleaved). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench_audio import joined, write_wav  # noqa: E402

from voice_interview.core.questions import load_bank  # noqa: E402
from voice_interview.pipeline import score_audio, transcribe_saved  # noqa: E402
from voice_interview.settings import load_settings  # noqa: E402
from voice_interview.speech.audio import SAMPLE_RATE, load_audio  # noqa: E402
from voice_interview.speech.transcriber import (  # noqa: E402
    WhisperTranscriber,
    parallel_workers,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audio", nargs="+", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--question", default="amazon-mle-ownership-offline-online")
    args = parser.parse_args()

    settings = load_settings()
    question = load_bank(None).get(args.question)
    samples = joined(args.audio)
    one_pass = WhisperTranscriber(settings.model)
    model = one_pass.load()
    workers = parallel_workers(settings.model)
    parallel = WhisperTranscriber(settings.model, workers=workers)
    parallel.load()

    with tempfile.TemporaryDirectory() as tmp:
        path = write_wav(Path(tmp) / "answer.wav", samples)

        def plain() -> int:
            segments, _ = model.transcribe(
                str(path),
                language=settings.model.language,
                beam_size=settings.model.beam_size,
                word_timestamps=True,
            )
            return sum(len(s.words or []) for s in segments)

        def score_with(transcriber: WhisperTranscriber, detector: bool = True) -> int:
            chosen = settings
            if not detector:
                off = settings.filled_pauses.model_copy(update={"enabled": False})
                chosen = settings.model_copy(update={"filled_pauses": off})
            report = score_audio(path, question, settings=chosen, transcriber=transcriber)
            return len(report.transcript.words)

        def transcribe_only() -> int:
            audio = load_audio(path)
            found = transcribe_saved(
                audio.samples, settings=settings, transcriber=parallel, fillers=False
            )
            return len(found.transcript.words)

        variants = {
            "plain": plain,
            "score": lambda: score_with(parallel),
            "transcribe": transcribe_only,
            "no_detector_score": lambda: score_with(parallel, detector=False),
            "one_pass_score": lambda: score_with(one_pass),
        }
        timings: dict[str, list[float]] = {name: [] for name in variants}
        words: dict[str, int] = {}
        for _ in range(args.repeat):
            for name, fn in variants.items():
                started = time.perf_counter()
                words[name] = fn()
                timings[name].append(time.perf_counter() - started)
    best = {name: min(times) for name, times in timings.items()}
    plain_s, score_s = best["plain"], best["score"]
    print(
        json.dumps(
            {
                "audio_s": round(len(samples) / SAMPLE_RATE, 1),
                "plain_s": round(plain_s, 2),
                "score_s": round(score_s, 2),
                "score_over_plain": round(score_s / plain_s, 3),
                "transcribe_s": round(best["transcribe"], 2),
                "no_detector_score_s": round(best["no_detector_score"], 2),
                "one_pass_score_s": round(best["one_pass_score"], 2),
                "parts_workers": workers,
                "plain_words": words["plain"],
                "score_words": words["score"],
                "repeat": args.repeat,
                "cpus": os.cpu_count(),
                "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
