"""Deterministic, explainable rubric scoring: `score_rubric(words, question, config)`.

Each signal is found by cue phrases and simple tense and person rules, reports its strength,
quotes the words it relied on and says why in one sentence. The built-in detectors are declared
in their modules (see registry.py) and their phrases are in `cues.toml` beside this file, with the
red flags every question shares. A text scorer shows its evidence; it is not a judge.
"""

from voice_interview.core.rubric.engine import score_rubric, verdict
from voice_interview.core.rubric.lexicon import load_lexicon
from voice_interview.core.rubric.registry import DETECTORS, detector_ids

__all__ = ["DETECTORS", "detector_ids", "load_lexicon", "score_rubric", "verdict"]
