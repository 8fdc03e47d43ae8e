"""Measure how well the transcriber's word confidence picks out misheard words, for the rubric's
`misheard_probability` setting.

Usage:
    python scripts/eval_misheard.py DIR [DIR ...]
    python scripts/eval_misheard.py audio_samples/real audio_samples/answers

For every recording NAME.(wav|flac) in each DIR with a reference transcript NAME.txt, it transcribes
the recording as `score` does (bundled model, default settings, no filler detector), lines the
transcript up with the reference word by word, and counts the transcript's words that match the
reference ("right") and those that replace or add to it ("wrong"). Words with digits are left out:
references spell numbers out ("four percent") where the transcript writes "4%". Filled pauses and
[tags] are left out of both sides.

Prints one JSON line per recording, then a summary: for thresholds from 0.2 to 0.8, the share of
wrong words below it (how many misheard words a hint would show) and the share of right words
below it (how many sound words it would show by mistake). Set HF_HUB_OFFLINE=1 on machines without
a model hub.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path
from typing import Any

AUDIO_SUFFIXES = (".wav", ".flac")
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
_FILLED = re.compile(r"^(?:u+h+m*|u+m+|e+r+m*|a+h+|h+m+|m+h?m+)$")
_TAG = re.compile(r"\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^a-z0-9']+")


def norm(word: str) -> str:
    return _NOT_WORD.sub("", word.lower().replace("\u2019", "'")).strip("'")


def reference_words(text: str) -> list[str]:
    words = [norm(w) for w in _TAG.sub(" ", text).replace("-", " ").split()]
    return [w for w in words if w and not _FILLED.match(w)]


def transcript_words(path: Path) -> list[tuple[str, float]]:
    from voice_interview.pipeline import transcribe_saved
    from voice_interview.settings import Settings
    from voice_interview.speech.audio import load_audio

    samples = load_audio(path).samples
    transcript = transcribe_saved(samples, settings=Settings(), fillers=False)[0]
    out = []
    for word in transcript.words:
        for part in word.text.replace("-", " ").split():
            token = norm(part)
            if token and not _FILLED.match(token) and word.probability is not None:
                out.append((token, word.probability))
    return out


def classify(ref: list[str], hyp: list[tuple[str, float]]) -> tuple[list[float], list[float]]:
    """Probabilities of the transcript's right words and of its wrong ones."""
    right: list[float] = []
    wrong: list[float] = []
    matcher = difflib.SequenceMatcher(a=ref, b=[w for w, _ in hyp], autojunk=False)
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        for word, probability in hyp[j1:j2]:
            if any(c.isdigit() for c in word):
                continue
            (right if tag == "equal" else wrong).append(probability)
    return right, wrong


def below(values: list[float], threshold: float) -> float | None:
    return round(sum(v < threshold for v in values) / len(values), 3) if values else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    right_all: list[float] = []
    wrong_all: list[float] = []
    for folder in args.folders:
        for path in sorted(p for p in folder.iterdir() if p.suffix in AUDIO_SUFFIXES):
            reference = path.with_suffix(".txt")
            if not reference.is_file():
                continue
            right, wrong = classify(
                reference_words(reference.read_text(encoding="utf-8")), transcript_words(path)
            )
            right_all += right
            wrong_all += wrong
            row: dict[str, Any] = {"file": str(path), "right": len(right), "wrong": len(wrong)}
            row["wrong_below_0.5"] = below(wrong, 0.5)
            row["right_below_0.5"] = below(right, 0.5)
            print(json.dumps(row), flush=True)
    if not right_all and not wrong_all:
        print("no recordings with a reference .txt found", file=sys.stderr)
        return 2
    summary: dict[str, Any] = {"summary": True, "right": len(right_all), "wrong": len(wrong_all)}
    for t in THRESHOLDS:
        summary[f"wrong_below_{t}"] = below(wrong_all, t)
        summary[f"right_below_{t}"] = below(right_all, t)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
