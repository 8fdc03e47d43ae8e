"""Synthesise spoken test clips with filled pauses, lengthened words and clean speech, each with
its reference transcript and a TextGrid giving the exact time of every filler.

Usage:
    python scripts/make_filler_samples.py              # writes audio_samples/fillers/
    python scripts/make_filler_samples.py --out DIR    # somewhere else
    python scripts/make_filler_samples.py --list       # print the clips and exit

Each clip is assembled from pieces spoken separately by espeak-ng: phrases, filled pauses
("um" is the phonemes [[@m]], "uh" is [[V]]) and lengthened words, held to a set length with
sox's pitch-keeping `tempo` effect so that they sound like a speaker holding the sound. A
filled pause made this way is a steady vowel or nasal on a flat pitch, as real ones are;
lengthened words ("sooo", a drawn-out "the") are held the same way but are words, not
fillers. Because the pieces are joined here, the TextGrid's times are exact.

Output per clip: NAME.flac (16 kHz mono), NAME.txt (the words, fillers written um/uh) and
NAME.TextGrid (Praat long text format, one "words" tier: phrases, fillers, held words and the
silences between them). espeak-ng and sox are deterministic, so the files can be regenerated at
any time. Needs espeak-ng and sox (apt-get install espeak-ng sox).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from bench_audio import write_wav

OUT_DIR = Path(__file__).resolve().parent.parent / "audio_samples" / "fillers"
SAMPLE_RATE = 16000
GAP_S = 0.12
"""Silence between phrases, fillers and held words: a short breath-free joint."""
FILLER_PHONEMES = {"um": "[[@m]]", "uh": "[[V]]"}

# A part is (kind, text, seconds): kind "say" speaks text at its natural length, "um"/"uh" a
# filled pause held for `seconds`, "hold" a word held for `seconds`, "gap" a longer silence.
Part = tuple[str, str, float]


@dataclass(frozen=True)
class Clip:
    name: str
    voice: str
    rate: int
    """espeak-ng words per minute."""
    parts: tuple[Part, ...]


def say(text: str) -> Part:
    return ("say", text, 0.0)


CLIPS = (
    Clip(
        "um_mid_male",
        "en-us",
        160,
        (
            say("I rolled the model back to the previous version,"),
            ("um", "um", 0.45),
            say("and then we rebuilt the feature pipeline."),
        ),
    ),
    Clip(
        "uh_mid_female",
        "en-us+f3",
        165,
        (
            say("The offline metrics looked fine,"),
            ("uh", "uh", 0.40),
            say("but the online click rate dropped by four percent."),
        ),
    ),
    Clip(
        "um_uh_male",
        "en-us+m3",
        150,
        (
            say("So the first thing I checked was"),
            ("um", "um", 0.55),
            say("the training data, and"),
            ("uh", "uh", 0.35),
            say("the label distribution had shifted."),
        ),
    ),
    Clip(
        "um_start_female",
        "en-us+f3",
        160,
        (
            ("um", "um", 0.50),
            ("gap", "", 0.15),
            say("I think the main risk was latency on the ranking service."),
        ),
    ),
    Clip(
        "uh_um_slow_male",
        "en-us",
        130,
        (
            say("We shipped it to one percent of traffic,"),
            ("uh", "uh", 0.50),
            say("watched the error rate for a day,"),
            ("um", "um", 0.60),
            say("and then ramped to fifty percent."),
        ),
    ),
    Clip(
        "clean_male",
        "en-us",
        160,
        (
            say(
                "I owned the rollback plan, wrote the postmortem, "
                "and added an alert on feature drift."
            ),
        ),
    ),
    Clip(
        "clean_female",
        "en-us+f3",
        160,
        (say("Our precision went from eighty to ninety two percent after we fixed the labels."),),
    ),
    Clip(
        "held_so_male",
        "en-us",
        155,
        (
            say("The first version was"),
            ("hold", "so", 0.60),
            say("slow that the whole team noticed it."),
        ),
    ),
    Clip(
        "held_the_female",
        "en-us+f3",
        160,
        (
            say("We retrained"),
            ("hold", "the", 0.50),
            say("ranking model every night after that."),
        ),
    ),
    Clip(
        "held_and_male",
        "en-us+m3",
        150,
        (
            say("We measured recall"),
            ("hold", "and", 0.55),
            say("precision on the holdout set."),
        ),
    ),
)


def speak(text: str, voice: str, rate: int, tmp: Path, hold_s: float = 0.0) -> np.ndarray:
    """One piece as 16 kHz float samples, silence trimmed, held to `hold_s` if given."""
    raw, out = tmp / "raw.wav", tmp / "out.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(raw), text], check=True)
    trim = ["silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse"]
    subprocess.run(
        ["sox", "-D", str(raw), "-r", str(SAMPLE_RATE), "-b", "16", str(out), *trim], check=True
    )
    samples = read_wav(out)
    if hold_s > 0:
        factor = len(samples) / SAMPLE_RATE / hold_s
        stretched = tmp / "held.wav"
        subprocess.run(
            ["sox", "-D", str(out), str(stretched), "tempo", "-s", f"{factor:.4f}"], check=True
        )
        samples = read_wav(stretched)
    return samples


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as fh:
        data = np.frombuffer(fh.readframes(fh.getnframes()), dtype=np.int16)
    return data.astype(np.float32) / 32768.0


def build(clip: Clip, tmp: Path) -> tuple[np.ndarray, list[tuple[float, float, str]], str]:
    """The clip's samples, its intervals (start, end, label) and its reference text."""
    pieces: list[np.ndarray] = []
    intervals: list[tuple[float, float, str]] = []
    words: list[str] = []
    t = 0.0

    def add(samples: np.ndarray, label: str) -> None:
        nonlocal t
        pieces.append(samples)
        end = t + len(samples) / SAMPLE_RATE
        intervals.append((t, end, label))
        t = end

    add(np.zeros(int(0.3 * SAMPLE_RATE), dtype=np.float32), "")
    for n, (kind, text, seconds) in enumerate(clip.parts):
        if kind == "gap":
            add(np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32), "")
            continue
        if n > 0 and clip.parts[n - 1][0] != "gap":
            add(np.zeros(int(GAP_S * SAMPLE_RATE), dtype=np.float32), "")
        source = FILLER_PHONEMES.get(kind, text)
        samples = speak(source, clip.voice, clip.rate, tmp, hold_s=seconds)
        label = " ".join(w.strip(",.").lower() for w in text.split())
        add(samples, label)
        words.append(label)
    add(np.zeros(int(0.4 * SAMPLE_RATE), dtype=np.float32), "")
    audio = np.concatenate(pieces)
    peak = float(np.max(np.abs(audio))) or 1.0
    return (0.7 / peak) * audio, intervals, " ".join(words)


def textgrid(intervals: list[tuple[float, float, str]]) -> str:
    """A Praat TextGrid (long text format) with one interval tier named "words"."""
    end = intervals[-1][1]
    lines = [
        'File type = "ooTextFile"',
        'Object class = "TextGrid"',
        "",
        "xmin = 0",
        f"xmax = {end:.4f}",
        "tiers? <exists>",
        "size = 1",
        "item []:",
        "    item [1]:",
        '        class = "IntervalTier"',
        '        name = "words"',
        "        xmin = 0",
        f"        xmax = {end:.4f}",
        f"        intervals: size = {len(intervals)}",
    ]
    for i, (a, b, label) in enumerate(intervals, start=1):
        lines += [
            f"        intervals [{i}]:",
            f"            xmin = {a:.4f}",
            f"            xmax = {b:.4f}",
            f'            text = "{label}"',
        ]
    return "\n".join(lines) + "\n"


def write_clip(clip: Clip, out: Path) -> Path:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        audio, intervals, text = build(clip, tmp)
        wav = write_wav(tmp / "clip.wav", audio)
        flac = out / f"{clip.name}.flac"
        subprocess.run(["sox", "-D", str(wav), str(flac)], check=True)
    (out / f"{clip.name}.txt").write_text(text + "\n", encoding="utf-8")
    (out / f"{clip.name}.TextGrid").write_text(textgrid(intervals), encoding="utf-8")
    return flac


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    parser.add_argument("--list", action="store_true", help="print the clips and exit")
    args = parser.parse_args(argv)
    if args.list:
        for clip in CLIPS:
            print(clip.name, clip.voice, " | ".join(p[1] or f"({p[0]})" for p in clip.parts))
        return 0
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            print(f"{tool} not found: apt-get install espeak-ng sox", file=sys.stderr)
            return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for clip in CLIPS:
        print(write_clip(clip, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
