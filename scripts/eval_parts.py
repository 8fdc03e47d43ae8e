"""Is transcribing a long recording in parts as accurate as one pass, and how much faster?

Usage:
    python scripts/eval_parts.py [--groups N] [--seed S] [--length SECONDS]

Joins the spoken sample answers (audio_samples/answers, each with the text it was made from) into
N recordings of about `--length` seconds (default 360, six minutes), in shuffled orders, and
transcribes each twice: in one pass, and cut into parts transcribed at once (speech/parts.py, the
`score` default). Prints one JSON line: the word error rate of each against the joined reference
texts (lower-cased, without punctuation, fillers set aside), the error rate between the two, and
the time of each. The parts follow the settings (`VOICE_INTERVIEW_MODEL__MIN_PART_S=60` tries
shorter parts).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

import jiwer

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench_audio import joined  # noqa: E402

from voice_interview.pipeline import transcribe_saved  # noqa: E402
from voice_interview.settings import load_settings  # noqa: E402
from voice_interview.speech.audio import load_audio  # noqa: E402
from voice_interview.speech.transcriber import (  # noqa: E402
    WhisperTranscriber,
    parallel_workers,
)

ANSWERS = Path(__file__).resolve().parent.parent / "audio_samples" / "answers"
_FILLERS = {"um", "uh"}


def _norm(text: str) -> str:
    words = re.sub(r"[^a-z' ]", " ", text.lower()).split()
    return " ".join(w for w in words if w not in _FILLERS)


def _groups(count: int, seed: int, length_s: float) -> list[list[Path]]:
    """Answers dealt into groups of about equal length, `count` groups per shuffled round."""
    files = sorted(ANSWERS.glob("*.wav"))
    seconds = {f: load_audio(f).duration_s for f in files}
    per_round = max(1, round(sum(seconds.values()) / length_s))
    groups: list[list[Path]] = []
    rng = random.Random(seed)
    while len(groups) < count:
        order = files[:]
        rng.shuffle(order)
        dealt: list[list[Path]] = [[] for _ in range(per_round)]
        for f in order:
            min(dealt, key=lambda g: sum(seconds[x] for x in g)).append(f)
        groups.extend(dealt)
    return groups[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--length", type=float, default=360.0)
    args = parser.parse_args()

    settings = load_settings()
    one_pass = WhisperTranscriber(settings.model)
    parts = WhisperTranscriber(settings.model, workers=parallel_workers(settings.model))
    errors = {"one_pass": 0, "parts": 0}
    between = 0
    ref_words = 0
    seconds = {"one_pass": 0.0, "parts": 0.0}
    audio_s = 0.0
    for group in _groups(args.groups, args.seed, args.length):
        samples = joined(group)
        audio_s += len(samples) / 16000
        reference = _norm(" ".join(f.with_suffix(".txt").read_text() for f in group))
        texts: dict[str, str] = {}
        for name, transcriber in (("one_pass", one_pass), ("parts", parts)):
            started = time.perf_counter()
            found = transcribe_saved(
                samples, settings=settings, transcriber=transcriber, fillers=False
            )
            seconds[name] += time.perf_counter() - started
            texts[name] = _norm(found.transcript.text)
            out = jiwer.process_words(reference, texts[name])
            errors[name] += out.substitutions + out.deletions + out.insertions
        out = jiwer.process_words(texts["one_pass"], texts["parts"])
        between += out.substitutions + out.deletions + out.insertions
        ref_words += len(reference.split())
    print(
        json.dumps(
            {
                "groups": args.groups,
                "min_part_s": settings.model.min_part_s,
                "audio_s": round(audio_s, 1),
                "reference_words": ref_words,
                "one_pass_wer": round(errors["one_pass"] / ref_words, 4),
                "parts_wer": round(errors["parts"] / ref_words, 4),
                "parts_vs_one_pass_wer": round(between / ref_words, 4),
                "one_pass_s": round(seconds["one_pass"], 1),
                "parts_s": round(seconds["parts"], 1),
                "workers": parts.workers,
                "cpus": os.cpu_count(),
                "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
