"""Measure what the filled-pause detector adds to the time of scoring a recording.

Usage:
    python scripts/bench_fillers.py                 # 60-s and 180-s recordings, 3 runs each
    python scripts/bench_fillers.py --runs 5 --lengths 60 300
    python scripts/bench_fillers.py --max-passes 1    # the detector's cheaper setting

Builds each test recording by joining the real clips in audio_samples/real/ (0.5 s of silence
between them, repeated until the length is reached), writes it as a WAV file, and scores it the
way the product does: decode, voice activity, transcription, delivery and rubric. Each length
is scored alternately without and with the detector (`runs` times each, after one untimed
warm-up that loads the model), and the median times are compared. Prints one JSON line: wall
and CPU seconds per length, the ratio, and the largest share the detector adds. CPU time is
reported too because wall time on a shared machine varies with other load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from bench_audio import write_wav

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "audio_samples" / "real"
SAMPLE_RATE = 16000


def build_recording(seconds: float, out: Path) -> float:
    """Join the real clips into one WAV file of about `seconds`; returns its length."""
    from voice_interview.speech.audio import load_audio

    clips = [
        load_audio(p).samples
        for p in sorted(REAL.iterdir())
        if p.suffix in (".wav", ".flac") and p.with_suffix(".txt").exists()
    ]
    gap = np.zeros(SAMPLE_RATE // 2, dtype=np.float32)
    parts: list[np.ndarray] = []
    total = 0
    while total < seconds * SAMPLE_RATE:
        for clip in clips:
            parts += [clip, gap]
            total += len(clip) + len(gap)
            if total >= seconds * SAMPLE_RATE:
                break
    audio = np.concatenate(parts)
    write_wav(out, audio)
    return len(audio) / SAMPLE_RATE


def score(path: Path, question: Any, settings: Any, with_detector: bool, config: Any = None) -> int:
    """Score one recording as the product does; returns the number of filled pauses found."""
    from voice_interview.core.delivery import build_delivery
    from voice_interview.core.rubric import score_rubric
    from voice_interview.speech.audio import load_audio
    from voice_interview.speech.filled_pauses import FilledPauseConfig, transcribe_with_fillers
    from voice_interview.speech.transcriber import WhisperTranscriber
    from voice_interview.speech.vad import detect_speech

    audio = load_audio(path)
    speech = detect_speech(audio.samples, threshold=settings.audio.vad_threshold)
    transcriber = WhisperTranscriber(settings.model)
    if with_detector:
        transcript, _, items, _ = transcribe_with_fillers(
            transcriber, audio.samples, speech, config or FilledPauseConfig()
        )
    else:
        transcript, items = transcriber.transcribe(audio.samples, speech), []
    delivery = build_delivery(
        transcript.words,
        duration_s=audio.duration_s,
        speech=speech,
        config=settings.scoring,
        audio_fillers=items,
        detector="transcript+audio" if with_detector else "transcript",
    )
    score_rubric(transcript.words, question, settings.scoring.rubric)
    return delivery.fillers.filled_pause_count


def timed(
    path: Path, question: Any, settings: Any, with_detector: bool, config: Any
) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    found = score(path, question, settings, with_detector, config)
    return time.perf_counter() - wall, time.process_time() - cpu, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per length and mode")
    parser.add_argument(
        "--lengths", type=float, nargs="+", default=[60.0, 180.0], help="recording seconds"
    )
    parser.add_argument(
        "--max-passes", type=int, default=None, help="FilledPauseConfig.max_passes to measure"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from voice_interview.core.questions import builtin_pack_dir, load_pack
    from voice_interview.settings import Settings
    from voice_interview.speech.filled_pauses import FilledPauseConfig

    settings = Settings()
    config = (
        FilledPauseConfig(max_passes=args.max_passes) if args.max_passes else FilledPauseConfig()
    )
    question = load_pack(sorted(builtin_pack_dir().glob("*.toml"))[0])[0]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for length in args.lengths:
            path = Path(tmp) / f"bench_{int(length)}.wav"
            seconds = build_recording(length, path)
            score(path, question, settings, True, config)  # warm-up: loads the model
            runs: dict[bool, list[tuple[float, float, int]]] = {False: [], True: []}
            for _ in range(args.runs):
                for mode in (False, True):
                    runs[mode].append(timed(path, question, settings, mode, config))
            plain_wall = statistics.median(r[0] for r in runs[False])
            plain_cpu = statistics.median(r[1] for r in runs[False])
            det_wall = statistics.median(r[0] for r in runs[True])
            det_cpu = statistics.median(r[1] for r in runs[True])
            results.append(
                {
                    "recording_s": round(seconds, 1),
                    "without_s": round(plain_wall, 2),
                    "with_s": round(det_wall, 2),
                    "ratio": round(det_wall / plain_wall, 3),
                    "without_cpu_s": round(plain_cpu, 2),
                    "with_cpu_s": round(det_cpu, 2),
                    "cpu_ratio": round(det_cpu / plain_cpu, 3),
                    "filled_pauses_without": runs[False][0][2],
                    "filled_pauses_with": runs[True][0][2],
                }
            )
    print(
        json.dumps(
            {
                "bench": "filled_pause_detector",
                "cores": os.cpu_count(),
                "machine": platform.machine(),
                "python": platform.python_version(),
                "runs": args.runs,
                "max_passes": config.max_passes,
                "recordings": results,
                "max_added_pct": round(100 * (max(r["ratio"] for r in results) - 1), 1),
                "max_added_cpu_pct": round(100 * (max(r["cpu_ratio"] for r in results) - 1), 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
