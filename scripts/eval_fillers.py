"""Measure filled-pause recall and precision, and word error rate, against reference transcripts.

Usage:
    python scripts/eval_fillers.py DIR [DIR ...]
    python scripts/eval_fillers.py audio_samples/real audio_samples/fillers --tolerance 0.3
    python scripts/eval_fillers.py DIR --no-baseline        # the product path only

For every recording NAME.(wav|flac|mp3|ogg|m4a) in each DIR that has a reference transcript
NAME.txt, it runs:

- the product path: load_audio -> detect_speech -> WhisperTranscriber (bundled model, default
  settings) with the filled-pause probe -> transcript fillers (core.fillers.find_fillers) merged
  with the detector's (core.fillers.merge_fillers), counting those at the report's confidence
  threshold (fillers.min_confidence), as the scorer does;
- the baseline: plain faster-whisper on the whole file (default decoding, beam 5, word times),
  counting only the fillers its transcript writes.

Reference filled pauses are um, uh, er, ah, hm, hmm, mm (and longer spellings) in NAME.txt;
"yknow"/"you know" is a discourse filler and not counted. Where NAME.TextGrid (a Praat forced
alignment, long or short text format, tier "words") exists, a found filler counts when its time
overlaps a reference filler's, give or take --tolerance seconds; a reference filler missing from
the alignment is placed in the gap between its aligned neighbours. Without a TextGrid, fillers are
matched by count. Word error rate compares content words: both sides lower-cased, punctuation
removed and filled pauses left out, so it measures the words and not the fillers.

Figures are also given by the kind of place a filler is in, to show where the misses and false
alarms are: "run" (next to another filler), "restart" (beside a cut-off word said again),
"lengthened" (beside a lengthened word), "sentence_start" and "mid". A TextGrid with an
"events" tier (scripts/make_piper_samples.py writes one) labels each filler "um:run" and so on,
and marks held words ("held:so") and cut-offs ("cutoff:deployed"); a false alarm takes the kind
of the nearest labelled event within 0.5 s (a held word counts as "lengthened", a cut-off as
"restart"), else "other". Without that tier the kind comes from the reference text: "run" beside
another filler, "sentence_start" first in a sentence, else "mid". The summary line gives the
figures over all clips, per folder ("sets") and per kind of place ("places").

Prints one JSON line per clip, then one summary line. Set HF_HUB_OFFLINE=1 on machines without a
model hub.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".m4a")
_FILLED = re.compile(r"^(?:u+h+m*|u+m+|e+r+m*|a+h+|h+m+|m+h?m+)$")
_TAG = re.compile(r"\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")

Span = tuple[float, float]
PLACES = ("run", "restart", "lengthened", "sentence_start", "mid")
_EVENT_PLACE = {"held": "lengthened", "cutoff": "restart"}
_ATTRIBUTE_S = 0.5


def words_of(text: str) -> list[str]:
    """Lower-cased words without punctuation or [tags]; "yknow" becomes "you know"."""
    text = _TAG.sub(" ", text.lower()).replace("-", " ")
    text = re.sub(r"\by'?know\b", "you know", text)
    return [w.strip("'") for w in _NOT_WORD.sub(" ", text).split() if w.strip("'")]


def is_filled(word: str) -> bool:
    return bool(_FILLED.match(word))


def read_textgrid(path: Path) -> dict[str, list[tuple[float, float, str]]]:
    """Interval tiers of a Praat TextGrid, long or short text format, by tier name."""
    raw = path.read_bytes()
    text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode("utf-8")
    tokens: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if re.fullmatch(r"[\w ]*\[\d*\]:?", line):
            continue  # long format headers: "item []:", "item [1]:", "intervals [3]:"
        if "=" in line and not line.startswith('"'):
            line = line.split("=", 1)[1]
        tokens += re.findall(r'"(?:[^"]|"")*"|<exists>|[-+]?\d[\d.eE+-]*', line)
    pos = 6  # "ooTextFile" "TextGrid" xmin xmax <exists> size
    tiers: dict[str, list[tuple[float, float, str]]] = {}
    while pos + 5 <= len(tokens):
        kind, name, count = tokens[pos].strip('"'), tokens[pos + 1].strip('"'), int(tokens[pos + 4])
        pos += 5
        width = 3 if kind == "IntervalTier" else 2
        if kind == "IntervalTier":
            tiers[name] = [
                (float(tokens[i]), float(tokens[i + 1]), tokens[i + 2][1:-1].replace('""', '"'))
                for i in range(pos, pos + 3 * count, 3)
            ]
        pos += width * count
    return tiers


def reference_spans(ref_words: list[str], grid: Path) -> list[Span]:
    """Time span of each reference filler, from the alignment or from its aligned neighbours."""
    tier = read_textgrid(grid).get("words", [])
    aligned: list[tuple[str, float, float]] = [
        (w, a, b) for a, b, label in tier for w in words_of(label)
    ]
    matcher = difflib.SequenceMatcher(a=ref_words, b=[w for w, _, _ in aligned], autojunk=False)
    where: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            where[block.a + k] = block.b + k
    spans: list[Span] = []
    for i, word in enumerate(ref_words):
        if not is_filled(word):
            continue
        if i in where:
            spans.append(aligned[where[i]][1:])
            continue
        before = [where[j] for j in range(i) if j in where]
        after = [where[j] for j in range(i + 1, len(ref_words)) if j in where]
        lo = aligned[before[-1]][2] if before else 0.0
        hi = aligned[after[0]][1] if after else (tier[-1][1] if tier else lo)
        spans.append((lo, hi))
    return spans


def match_by_time(found: list[Span | None], ref: list[Span], tolerance: float) -> int:
    """How many found fillers overlap a distinct reference filler (greedy, nearest first)."""
    return len(matched_pairs(found, ref, tolerance))


def matched_pairs(found: list[Span | None], ref: list[Span], tolerance: float) -> dict[int, int]:
    """Found filler index -> reference filler index, greedy, nearest first."""
    pairs = []
    for i, f in enumerate(found):
        if f is None:
            continue
        for j, (a, b) in enumerate(ref):
            gap = max(0.0, a - f[1], f[0] - b)
            if gap <= tolerance:
                pairs.append((gap, i, j))
    pairs_out: dict[int, int] = {}
    for _, i, j in sorted(pairs):
        if i not in pairs_out and j not in pairs_out.values():
            pairs_out[i] = j
    return pairs_out


@dataclass(frozen=True)
class Reference:
    """A clip's reference fillers: how many, their times if aligned, and their kinds of place."""

    count: int
    spans: list[Span] | None
    places: list[str]
    events: list[tuple[float, float, str]]
    """Labelled held words and cut-offs (start, end, kind of place), for false alarms."""


def scores(found: list[Span | None], ref: Reference, tol: float) -> dict[str, Any]:
    by_place = {place: {"tp": 0, "fn": 0, "fp": 0} for place in (*PLACES, "other")}
    if ref.spans is not None:
        pairs = matched_pairs(found, ref.spans, tol)
        for j, place in enumerate(ref.places):
            by_place[place]["tp" if j in pairs.values() else "fn"] += 1
        for i, span in enumerate(found):
            if i not in pairs:
                by_place[false_alarm_place(span, ref)]["fp"] += 1
        tp = len(pairs)
    else:
        tp = min(len(found), ref.count)
        # By count: the matched ones are credited to the places in order.
        for j, place in enumerate(ref.places):
            by_place[place]["tp" if j < tp else "fn"] += 1
        by_place["other"]["fp"] += len(found) - tp
    fp, fn = len(found) - tp, ref.count - tp
    return {
        "found": len(found),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "recall": round(tp / ref.count, 3) if ref.count else None,
        "precision": round(tp / len(found), 3) if found else None,
        "by_place": {k: v for k, v in by_place.items() if any(v.values())},
    }


def false_alarm_place(span: Span | None, ref: Reference) -> str:
    """The kind of place a false alarm is in: that of the nearest labelled event or filler."""
    if span is None:
        return "other"
    near: list[tuple[float, str]] = []
    for a, b, place in ref.events:
        near.append((max(0.0, a - span[1], span[0] - b), place))
    for (a, b), place in zip(ref.spans or [], ref.places, strict=False):
        near.append((max(0.0, a - span[1], span[0] - b), place))
    gap, place = min(near, default=(math.inf, "other"))
    return place if gap <= _ATTRIBUTE_S else "other"


def text_places(ref_words: list[str], text: str) -> list[str]:
    """Kinds of place of the reference fillers, read from the reference text alone."""
    starts = {0}
    for sentence in re.split(r"(?<=[.?!])\s+", text.strip())[:-1]:
        starts.add(max(starts) + len(words_of(sentence)))
    places = []
    for i, word in enumerate(ref_words):
        if not is_filled(word):
            continue
        beside = [ref_words[j] for j in (i - 1, i + 1) if 0 <= j < len(ref_words)]
        if any(is_filled(w) for w in beside):
            places.append("run")
        elif i in starts:
            places.append("sentence_start")
        else:
            places.append("mid")
    return places


def read_reference(path: Path) -> tuple[list[str], Reference]:
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    ref_words = words_of(text)
    count = sum(is_filled(w) for w in ref_words)
    grid = path.with_suffix(".TextGrid")
    if not grid.exists():
        return ref_words, Reference(count, None, text_places(ref_words, text), [])
    events = [e for e in read_textgrid(grid).get("events", []) if e[2]]
    fillers = [(a, b, label.split(":")[1]) for a, b, label in events if _is_filler_event(label)]
    if fillers:
        spans: list[Span] = [(a, b) for a, b, _ in fillers]
        places = [place for _, _, place in fillers]
    else:
        spans, places = reference_spans(ref_words, grid), text_places(ref_words, text)
    others = [
        (a, b, _EVENT_PLACE.get(label.split(":")[0], "other"))
        for a, b, label in events
        if not _is_filler_event(label)
    ]
    return ref_words, Reference(count, spans, places, others)


def _is_filler_event(label: str) -> bool:
    return ":" in label and is_filled(label.split(":")[0])


def word_errors(ref_words: list[str], hyp_text: str) -> tuple[int, int]:
    """(errors, reference words) over content words: fillers left out of both sides."""
    import jiwer

    ref = [w for w in ref_words if not is_filled(w)]
    hyp = [w for w in words_of(hyp_text) if not is_filled(w)]
    if not ref:
        return len(hyp), 0
    out = jiwer.process_words(" ".join(ref), " ".join(hyp) or "<empty>")
    return out.substitutions + out.deletions + out.insertions, len(ref)


def product_run(path: Path) -> tuple[str, list[Span | None], int, float]:
    """Transcript text, filled pauses found (times), detector items, seconds: the product path."""
    from voice_interview.core import fillers as core
    from voice_interview.models.config import FillerConfig
    from voice_interview.settings import ModelSettings
    from voice_interview.speech.audio import load_audio
    from voice_interview.speech.filled_pauses import transcribe_with_fillers
    from voice_interview.speech.transcriber import WhisperTranscriber
    from voice_interview.speech.vad import detect_speech

    start = time.perf_counter()
    samples = load_audio(path).samples
    speech = detect_speech(samples)
    transcript, _, audio_items, _ = transcribe_with_fillers(
        WhisperTranscriber(ModelSettings()), samples, speech
    )
    config = FillerConfig()
    items = core.find_fillers(transcript.words)
    merged = core.merge_fillers(items, audio_items, config.merge_tolerance_s)
    # As the report counts them: only fillers at the confidence threshold.
    found = [
        _span(f.start, f.end)
        for f in merged
        if f.kind == "filled_pause" and f.confidence >= config.min_confidence
    ]
    return transcript.text, found, len(audio_items), time.perf_counter() - start


def baseline_run(path: Path) -> tuple[str, list[Span | None], float]:
    """Plain faster-whisper, default decoding: its transcript's own fillers."""
    from voice_interview.core import fillers as core
    from voice_interview.models.transcript import Word
    from voice_interview.speech.audio import load_audio
    from voice_interview.speech.transcriber import WhisperTranscriber

    start = time.perf_counter()
    samples = load_audio(path).samples
    model = WhisperTranscriber(_settings()).load()
    segments, _ = model.transcribe(samples, language="en", beam_size=5, word_timestamps=True)
    words = [
        Word(text=w.word.strip(), start=w.start, end=w.end)
        for s in segments
        for w in s.words or []
        if w.word.strip()
    ]
    found = [_span(f.start, f.end) for f in core.find_fillers(words) if f.kind == "filled_pause"]
    return " ".join(w.text for w in words), found, time.perf_counter() - start


def _settings() -> Any:
    from voice_interview.settings import ModelSettings

    return ModelSettings()


def _span(start: float | None, end: float | None) -> Span | None:
    return (start, end) if start is not None and end is not None else None


def evaluate(path: Path, tolerance: float, baseline: bool) -> dict[str, Any]:
    ref_words, ref = read_reference(path)
    row: dict[str, Any] = {
        "clip": f"{path.parent.name}/{path.name}",
        "ref_fillers": ref.count,
        "matched_by": "time" if ref.spans is not None else "count",
    }
    text, found, detector_items, seconds = product_run(path)
    errors, n_ref = word_errors(ref_words, text)
    row["product"] = {
        **scores(found, ref, tolerance),
        "detector_items": detector_items,
        "word_errors": errors,
        "ref_words": n_ref,
        "wer": round(errors / n_ref, 4) if n_ref else None,
        "seconds": round(seconds, 2),
    }
    if baseline:
        text, found, seconds = baseline_run(path)
        errors, n_ref = word_errors(ref_words, text)
        row["baseline"] = {
            **scores(found, ref, tolerance),
            "word_errors": errors,
            "ref_words": n_ref,
            "wer": round(errors / n_ref, 4) if n_ref else None,
            "seconds": round(seconds, 2),
        }
    return row


def summarize(rows: list[dict[str, Any]], system: str) -> dict[str, Any]:
    """Totals over all clips, then per folder ("sets") and per kind of place ("places")."""
    total = _totals(rows, system)
    sets = sorted({r["clip"].split("/")[0] for r in rows})
    total["sets"] = {
        s: _totals([r for r in rows if r["clip"].startswith(s + "/")], system) for s in sets
    }
    places: dict[str, dict[str, Any]] = {}
    for place in (*PLACES, "other"):
        counts = [r[system]["by_place"].get(place, {}) for r in rows if system in r]
        tp, fp, fn = (sum(c.get(k, 0) for c in counts) for k in ("tp", "fp", "fn"))
        if tp or fp or fn:
            places[place] = {
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "recall": round(tp / (tp + fn), 3) if tp + fn else None,
                "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            }
    total["places"] = places
    return total


def _totals(rows: list[dict[str, Any]], system: str) -> dict[str, Any]:
    picked = [r for r in rows if system in r]
    tp = sum(r[system]["tp"] for r in picked)
    fp = sum(r[system]["fp"] for r in picked)
    fn = sum(r[system]["fn"] for r in picked)
    errors = sum(r[system]["word_errors"] for r in picked)
    n_ref = sum(r[system]["ref_words"] for r in picked)
    return {
        "ref_fillers": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "fillers_on_clean_clips": sum(r[system]["found"] for r in picked if r["ref_fillers"] == 0),
        "clean_clips": sum(1 for r in picked if r["ref_fillers"] == 0),
        "wer": round(errors / n_ref, 4) if n_ref else None,
        "seconds": round(sum(r[system]["seconds"] for r in picked), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("dirs", nargs="+", type=Path, metavar="DIR")
    parser.add_argument(
        "--tolerance", type=float, default=0.3, help="seconds a filler may miss its reference"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip plain faster-whisper")
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = []
    for folder in args.dirs:
        if not folder.is_dir():
            print(f"{folder}: not a directory", file=sys.stderr)
            return 2
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in AUDIO_SUFFIXES and path.with_suffix(".txt").exists():
                row = evaluate(path, args.tolerance, baseline=not args.no_baseline)
                rows.append(row)
                print(json.dumps(row), flush=True)
    if not rows:
        print("no recordings with a NAME.txt reference found", file=sys.stderr)
        return 2
    summary: dict[str, Any] = {"summary": True, "clips": len(rows)}
    summary["product"] = summarize(rows, "product")
    if not args.no_baseline:
        summary["baseline"] = summarize(rows, "baseline")
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
