"""Is the live transcript as accurate as the saved one, clip by clip, and does it find the same
filled pauses?

Usage:
    python scripts/eval_live.py [PATH ...] [--join]

Each PATH is an audio file with its reference transcript beside it (NAME.txt), or a folder of
them (default: audio_samples/real). Every clip is transcribed twice with the user's settings:
after the fact, as `score` does it (transcribe_saved), and live, fed to the live transcriber in
0.1 s blocks as the recorder would (speech/live.py; where it cuts depends only on the audio, so
feeding faster than real time gives the same transcript). Prints one JSON line per clip, with
each path's word error rate against the reference (lower-cased, punctuation and fillers set
aside, as tests/integration/test_live.py computes it), the filled pauses each found (um/uh in the
transcript and in the sound, start times) and how many of the saved path's the live path found
within 0.5 s; then a summary line. `--join` joins the clips end to end into one recording (and
their references into one text), which makes a recording long enough for several live windows.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import jiwer

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench_audio import joined  # noqa: E402

from voice_interview.models.transcript import Transcribed  # noqa: E402
from voice_interview.pipeline import transcribe_saved  # noqa: E402
from voice_interview.pipeline.live_scoring import live_settings  # noqa: E402
from voice_interview.settings import Settings, load_settings  # noqa: E402
from voice_interview.speech.audio import SAMPLE_RATE  # noqa: E402
from voice_interview.speech.live import LiveTranscriber  # noqa: E402
from voice_interview.speech.transcriber import (  # noqa: E402
    WhisperTranscriber,
    parallel_workers,
)

REAL = Path(__file__).resolve().parent.parent / "audio_samples" / "real"
AUDIO = {".wav", ".flac", ".mp3", ".ogg", ".m4a"}
FILLERS = {"um", "uh", "yknow", "hm"}
SAME_FILLER_S = 0.5


def norm(words: list[str]) -> str:
    """Lower-cased words without surrounding punctuation, fillers set aside."""
    kept = (w.lower().strip(".,?!\"'") for w in words)
    return " ".join(w for w in kept if w and w not in FILLERS)


def filled_pauses(result: Transcribed) -> list[float]:
    """Start times of the um/uh found: written in the transcript, or found in the sound."""
    written = [
        w.start
        for w in result.transcript.words
        if w.start is not None and w.text.lower().strip(",.?!") in {"um", "uh"}
    ]
    heard = [f.start for f in result.fillers if f.start is not None]
    return sorted(written + heard)


def clips(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(p for p in path.iterdir() if p.suffix in AUDIO) if path.is_dir() else [path]
    return [p for p in found if p.with_suffix(".txt").is_file()]


def live(transcriber: WhisperTranscriber, settings: Settings, samples: object) -> Transcribed:
    import numpy as np

    assert isinstance(samples, np.ndarray)
    session = LiveTranscriber(transcriber, live_settings(settings), fillers=settings.filled_pauses)
    block = SAMPLE_RATE // 10
    for at in range(0, len(samples), block):
        session.feed(samples[at : at + block])
    return session.finish()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[REAL])
    parser.add_argument("--join", action="store_true", help="score the clips joined as one")
    args = parser.parse_args()
    settings = load_settings()
    one = WhisperTranscriber(settings.model)
    many = WhisperTranscriber(settings.model, workers=parallel_workers(settings.model))
    worst, missed, total = 0.0, 0, 0
    found = clips(args.paths)
    recordings = [(f.name, [f]) for f in found] if not args.join else [("joined", found)]
    for name, parts in recordings:
        samples = joined(parts)
        text = " ".join(f.with_suffix(".txt").read_text() for f in parts)
        reference = norm(text.split())
        saved = transcribe_saved(samples, settings=settings, transcriber=many)
        heard = live(one, settings, samples)
        saved_wer = jiwer.wer(reference, norm([w.text for w in saved.transcript.words]))
        live_wer = jiwer.wer(reference, norm([w.text for w in heard.transcript.words]))
        saved_fp, live_fp = filled_pauses(saved), filled_pauses(heard)
        same = sum(any(abs(t - u) <= SAME_FILLER_S for u in live_fp) for t in saved_fp)
        worst = max(worst, live_wer - saved_wer)
        missed += len(saved_fp) - same
        total += len(saved_fp)
        row = {
            "clip": name,
            "audio_s": round(len(samples) / SAMPLE_RATE, 1),
            "reference_words": len(reference.split()),
            "saved_wer": round(saved_wer, 4),
            "live_wer": round(live_wer, 4),
            "saved_filled_pauses": [round(t, 2) for t in saved_fp],
            "live_filled_pauses": [round(t, 2) for t in live_fp],
            "live_found_of_saved": f"{same}/{len(saved_fp)}",
        }
        print(json.dumps(row), flush=True)
    summary = {
        "summary": True,
        "worst_live_minus_saved_wer": round(worst, 4),
        "saved_filled_pauses_missed_live": f"{missed}/{total}",
        "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
