"""Synthesise the sample spoken answers in audio_samples/answers/ with espeak-ng.

Usage:
    python scripts/make_samples.py                      # every answer in answers.toml
    python scripts/make_samples.py --only meta-mle-move-fast-ambiguity
    python scripts/make_samples.py --out /tmp/samples --rate 160

For each question id in answers.toml and each kind (strong, weak) it writes
`<question-id>--<kind>.txt` (the answer text, whitespace collapsed) and `<question-id>--<kind>.wav`
(16 kHz mono 16-bit PCM when sox is installed, otherwise espeak-ng's own 22050 Hz mono output).
espeak-ng is deterministic: the same text, voice and rate give the same audio, so the files can be
regenerated at any time. Needs Python 3.11+ (tomllib), espeak-ng, and optionally sox.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ANSWERS_DIR = Path(__file__).resolve().parent.parent / "audio_samples" / "answers"
KINDS = ("strong", "weak")
VOICE = "en-us"
DEFAULT_RATE = 155
"""Words per minute: inside the 140-160 wpm band usually called a comfortable speaking pace."""
WORD_GAP = 1
"""espeak-ng -g: extra pause between words in units of 10 ms; a small gap makes the speech easier to
follow without slowing it much."""
SAMPLE_RATE = 16000
"""Whisper works at 16 kHz, and 16 kHz files are a quarter smaller than espeak's 22050 Hz."""


def spoken_text(raw: str) -> str:
    """The text as spoken and stored in the .txt file: whitespace collapsed to single spaces."""
    return " ".join(raw.split())


def load_answers(path: Path) -> dict[str, dict[str, str]]:
    """Read answers.toml and return {question_id: {kind: text}} for the kinds in KINDS."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    answers: dict[str, dict[str, str]] = {}
    for qid, entry in data.get("answers", {}).items():
        answers[qid] = {kind: spoken_text(entry[kind]) for kind in KINDS}
    return answers


def synthesise(text_file: Path, wav: Path, rate: int) -> None:
    """Speak the text in `text_file` into `wav`, resampled to 16 kHz when sox is available."""
    sox = shutil.which("sox")
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "espeak.wav" if sox else wav
        voice = ["-v", VOICE, "-s", str(rate), "-g", str(WORD_GAP)]
        subprocess.run(["espeak-ng", *voice, "-w", str(raw), "-f", str(text_file)], check=True)
        if sox:
            # -D: no dither; dither adds random noise, so every run would give different bytes.
            resample = ["-r", str(SAMPLE_RATE), "-c", "1", "-b", "16"]
            subprocess.run([sox, "-D", str(raw), *resample, str(wav)], check=True)


def make_samples(answers: dict[str, dict[str, str]], out: Path, rate: int) -> list[Path]:
    """Write the .txt and .wav pair for every answer; return the paths of the WAV files."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for qid, texts in answers.items():
        for kind, text in texts.items():
            stem = out / f"{qid}--{kind}"
            txt = stem.with_suffix(".txt")
            txt.write_text(text + "\n", encoding="utf-8")
            wav = stem.with_suffix(".wav")
            synthesise(txt, wav, rate)
            written.append(wav)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--answers", type=Path, default=ANSWERS_DIR / "answers.toml", help="answers file"
    )
    parser.add_argument("--out", type=Path, default=ANSWERS_DIR, help="output directory")
    parser.add_argument("--only", metavar="ID", help="make only this question id's samples")
    parser.add_argument("--rate", type=int, default=DEFAULT_RATE, help="words per minute")
    args = parser.parse_args(argv)

    if shutil.which("espeak-ng") is None:
        print("espeak-ng not found: install espeak-ng: apt-get install espeak-ng", file=sys.stderr)
        return 2
    answers = load_answers(args.answers)
    if args.only is not None:
        if args.only not in answers:
            known = ", ".join(sorted(answers))
            print(f"unknown question id {args.only!r}; known ids: {known}", file=sys.stderr)
            return 2
        answers = {args.only: answers[args.only]}
    if shutil.which("sox") is None:
        print("sox not found: keeping espeak-ng's 22050 Hz output", file=sys.stderr)
    for wav in make_samples(answers, args.out, args.rate):
        print(wav)
    return 0


if __name__ == "__main__":
    sys.exit(main())
