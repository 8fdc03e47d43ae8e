"""Synthesise the short spoken answers of a sample round (audio_samples/rounds/) with espeak-ng.

Usage:
    python scripts/make_round_samples.py                 # every answer in answers.toml
    python scripts/make_round_samples.py --out /tmp/round

For each answer in answers.toml it writes `<name>.txt` (the text, whitespace collapsed) and
`<name>.flac` (16 kHz mono 16-bit, espeak-ng voice en-us, converted by sox without dither, so
the files regenerate identically). FLAC keeps the clips small. Needs espeak-ng and sox.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from make_samples import DEFAULT_RATE, SAMPLE_RATE, VOICE, WORD_GAP, spoken_text

ROUNDS_DIR = Path(__file__).resolve().parent.parent / "audio_samples" / "rounds"


def make(answers: Path, out: Path, rate: int) -> list[Path]:
    """Write the .txt and .flac pair of every answer; return the FLAC paths."""
    data = tomllib.loads(answers.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, entry in data["answers"].items():
        text = spoken_text(entry["text"])
        txt = out / f"{name}.txt"
        txt.write_text(text + "\n", encoding="utf-8")
        flac = out / f"{name}.flac"
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "espeak.wav"
            voice = ["-v", VOICE, "-s", str(rate), "-g", str(WORD_GAP)]
            subprocess.run(["espeak-ng", *voice, "-w", str(raw), "-f", str(txt)], check=True)
            resample = ["-r", str(SAMPLE_RATE), "-c", "1", "-b", "16"]
            subprocess.run(["sox", "-D", str(raw), *resample, str(flac)], check=True)
        written.append(flac)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--answers", type=Path, default=ROUNDS_DIR / "answers.toml")
    parser.add_argument("--out", type=Path, default=ROUNDS_DIR, help="output directory")
    parser.add_argument("--rate", type=int, default=DEFAULT_RATE, help="words per minute")
    args = parser.parse_args(argv)
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            print(f"{tool} not found: apt-get install {tool}", file=sys.stderr)
            return 2
    for flac in make(args.answers, args.out, args.rate):
        print(flac)
    return 0


if __name__ == "__main__":
    sys.exit(main())
