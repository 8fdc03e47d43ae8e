"""The synthetic strong and weak sample answers and what the seeds' evaluations say about them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from tests.audio_util import SAMPLES

ANSWERS = SAMPLES / "answers"


@dataclass(frozen=True)
class SamplePair:
    question_id: str
    strong_text: str
    weak_text: str
    strong_met: tuple[str, ...]
    weak_missing: tuple[str, ...]

    def audio(self, kind: str) -> Path:
        return ANSWERS / f"{self.question_id}--{kind}.wav"


def load_pairs() -> list[SamplePair]:
    data = tomllib.loads((ANSWERS / "answers.toml").read_text(encoding="utf-8"))["answers"]
    return [
        SamplePair(
            question_id=qid,
            strong_text=" ".join(entry["strong"].split()),
            weak_text=" ".join(entry["weak"].split()),
            strong_met=tuple(entry.get("strong_met", [])),
            weak_missing=tuple(entry.get("weak_missing", [])),
        )
        for qid, entry in data.items()
    ]
