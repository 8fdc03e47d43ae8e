"""Time the pure scoring step (rubric and delivery) on a transcript, without the model.

Usage:
    python scripts/bench_rubric.py [--words N] [--question ID] [--repeat R]

Builds a timed transcript of about N words (default 1,000, roughly a 7-minute answer) from the
spoken sample answers' texts, then scores it R times with the question's rubric (red flags and
length policy included) and the delivery rules. Prints one JSON line with the median and worst
times in milliseconds of both together, and of the rubric alone in wall-clock and CPU time (CPU
time is steadier on a busy machine).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from voice_interview.core.delivery import build_delivery
from voice_interview.core.questions import load_bank
from voice_interview.core.rubric import score_rubric
from voice_interview.models.transcript import Interval, Word
from voice_interview.settings import Settings

ANSWERS = Path(__file__).resolve().parents[1] / "audio_samples" / "answers"


def transcript(n_words: int) -> list[Word]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ANSWERS.glob("*--strong.txt"))]
    tokens = " ".join(texts).split()
    while len(tokens) < n_words:
        tokens += tokens
    # 150 words per minute, as a person speaks.
    return [
        Word(text=t, start=i * 0.4, end=i * 0.4 + 0.3, probability=0.9)
        for i, t in enumerate(tokens[:n_words])
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--question", default="amazon-mle-ownership-offline-online")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    settings = Settings()
    question = load_bank(None).get(args.question)
    words = transcript(args.words)
    duration = (words[-1].end or 0.0) + 1.0
    speech = [Interval(start=w.start or 0.0, end=w.end or 0.0) for w in words]
    times: list[float] = []
    rubric_wall: list[float] = []
    rubric_cpu: list[float] = []
    for _ in range(args.repeat):
        started, cpu = time.perf_counter(), time.process_time()
        score_rubric(words, question, settings.scoring.rubric, spoken_s=duration)
        rubric_wall.append((time.perf_counter() - started) * 1000)
        rubric_cpu.append((time.process_time() - cpu) * 1000)
        build_delivery(words, duration_s=duration, speech=speech, config=settings.scoring)
        times.append((time.perf_counter() - started) * 1000)
    print(
        json.dumps(
            {
                "words": len(words),
                "question": question.id,
                "median_ms": round(statistics.median(times), 1),
                "max_ms": round(max(times), 1),
                "rubric_median_ms": round(statistics.median(rubric_wall), 1),
                "rubric_max_ms": round(max(rubric_wall), 1),
                "rubric_cpu_median_ms": round(statistics.median(rubric_cpu), 1),
                "repeat": args.repeat,
                "cpus": os.cpu_count(),
                "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
