"""Measure how soon the report is ready after the candidate stops speaking.

Usage:
    python scripts/bench_latency.py --audio FILE [FILE ...] [--speed N] [--question ID]

Feeds the recording (several files are joined end to end) through the live pipeline in 0.1 s
blocks at N times real-time pace (default 1, as a person speaks), then stops and times the path
from stop to a finished report. It also scores the same audio after the fact (`batch_s`), measures
the longest stall of a thread that ticks every 10 ms while transcription runs (a stand-in for the
app's UI thread, which shares the interpreter lock), the peak memory, and how far the live
transcript differs from the after-the-fact one (word error rate and word-time drift).
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench_audio import joined, write_wav  # noqa: E402

from voice_interview.core.questions import load_bank  # noqa: E402
from voice_interview.models.report import AudioInfo  # noqa: E402
from voice_interview.models.transcript import Word  # noqa: E402
from voice_interview.pipeline import live_settings, report_for_recording, score_audio  # noqa: E402
from voice_interview.settings import load_settings  # noqa: E402
from voice_interview.speech.audio import SAMPLE_RATE  # noqa: E402
from voice_interview.speech.live import LiveTranscriber  # noqa: E402
from voice_interview.speech.transcriber import (  # noqa: E402
    WhisperTranscriber,
    parallel_workers,
)

BLOCK_S = 0.1


class StallMeter:
    """A thread that sleeps 10 ms at a time and records the longest it was kept waiting."""

    def __init__(self) -> None:
        self.longest_ms = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> StallMeter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        last = time.perf_counter()
        while not self._stop.is_set():
            time.sleep(0.01)
            now = time.perf_counter()
            self.longest_ms = max(self.longest_ms, (now - last - 0.01) * 1000)
            last = now


def _norm(words: list[Word]) -> list[str]:
    out = []
    for w in words:
        t = "".join(c for c in w.text.lower() if c.isalnum() or c in "'%.")
        t = t.strip(".")
        if t:
            out.append(t)
    return out


def compare(live: list[Word], batch: list[Word]) -> tuple[float, float]:
    """(word error rate of live against batch, mean start-time drift of matching words in s)."""
    a, b = _norm(live), _norm(batch)
    matcher = difflib.SequenceMatcher(a=b, b=a, autojunk=False)
    errors = 0
    drifts: list[float] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                bs, ls = batch[i1 + k].start, live[j1 + k].start
                if bs is not None and ls is not None:
                    drifts.append(abs(bs - ls))
        else:
            errors += max(i2 - i1, j2 - j1)
    wer = errors / max(1, len(b))
    return wer, float(np.mean(drifts)) if drifts else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audio", nargs="+", type=Path, required=True)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--question", default="amazon-mle-ownership-offline-online")
    args = parser.parse_args()

    settings = load_settings()
    question = load_bank(None).get(args.question)
    samples = joined(args.audio)
    audio_s = len(samples) / SAMPLE_RATE
    transcriber = WhisperTranscriber(settings.model)
    transcriber.load()  # the app loads the model while the question is being read out

    with tempfile.TemporaryDirectory() as tmp:
        answer = write_wav(Path(tmp) / "answer.wav", samples)
        # After the fact, as `voice-interview score` does it: in parts at once (speech/parts.py).
        saved = WhisperTranscriber(settings.model, workers=parallel_workers(settings.model))
        saved.load()
        started = time.perf_counter()
        batch = score_audio(answer, question, settings=settings, transcriber=saved)
        batch_s = time.perf_counter() - started

        block = int(BLOCK_S * SAMPLE_RATE)
        with StallMeter() as stalls:
            final_words: list[int] = []
            live = LiveTranscriber(
                transcriber,
                live_settings(settings),
                on_words=lambda ws: final_words.append(len(ws)),
                fillers=settings.filled_pauses,
            )
            pace_start = time.perf_counter()
            for i, at in enumerate(range(0, len(samples), block)):
                live.feed(samples[at : at + block])
                due = pace_start + (i + 1) * BLOCK_S / args.speed
                time.sleep(max(0.0, due - time.perf_counter()))
            stopped = time.perf_counter()
            pending_at_stop_s = live.pending_s
            done_before_stop = sum(final_words)
            transcribed = live.finish()
            info = AudioInfo(
                path=str(answer), duration_s=round(audio_s, 3), sample_rate=SAMPLE_RATE, channels=1
            )
            report = report_for_recording(info, transcribed, question, settings=settings)
            stop_to_report_s = time.perf_counter() - stopped
    wer, drift = compare(transcribed.transcript.words, list(batch.transcript.words))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "audio_s": round(audio_s, 1),
                "speed": args.speed,
                "stop_to_report_s": round(stop_to_report_s, 2),
                "pending_at_stop_s": round(pending_at_stop_s, 1),
                "final_words_before_stop": round(
                    done_before_stop / max(1, len(transcribed.transcript.words)), 3
                ),
                "batch_s": round(batch_s, 2),
                "peak_rss_mb": round(peak_kb / 1024),
                "longest_stall_ms": round(stalls.longest_ms, 1),
                "live_vs_batch_wer": round(wer, 4),
                "mean_word_drift_s": round(drift, 3),
                "live_score": report.rubric.score,
                "batch_score": batch.rubric.score,
                "cpus": os.cpu_count(),
                "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
