"""Where the built-in detectors and red-flag rules are declared, each once.

A detector is a function of the answer (`Context`) that returns a `Finding`. Its module declares
it with `@detector("mechanism", cues=("artifact", "create", ...))`: the id questions use in
`generic_signals`, the cue lists its section of cues.toml must provide, and the logic. The lexicon
checks the cue file against these declarations, the question bank checks a pack's generic signal
ids against them, and the engine runs them; nothing else lists the detectors.

A red-flag rule is a finding that cue phrases cannot make alone ("several possible causes and none
chosen"). A module declares it with `@red_flag_rule("cause_list")`, and a `[red_flags.<id>]`
section of cues.toml names it with `rule = "cause_list"`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voice_interview.core.rubric.context import Context, Finding, Spot

DetectorFn = Callable[["Context"], "Finding"]
RuleFn = Callable[["Context"], "list[Spot]"]


@dataclass(frozen=True)
class Detector:
    id: str
    run: DetectorFn
    cues: tuple[str, ...]
    """The cue lists the detector reads from its section of cues.toml."""


DETECTORS: dict[str, Detector] = {}
RULES: dict[str, RuleFn] = {}


def detector(signal_id: str, cues: tuple[str, ...]) -> Callable[[DetectorFn], DetectorFn]:
    """Declare a built-in detector (see the module docstring)."""

    def register(run: DetectorFn) -> DetectorFn:
        DETECTORS[signal_id] = Detector(signal_id, run, cues)
        return run

    return register


def red_flag_rule(name: str) -> Callable[[RuleFn], RuleFn]:
    """Declare a red-flag rule: the places in the answer where it holds."""

    def register(find: RuleFn) -> RuleFn:
        RULES[name] = find
        return find

    return register


def requirements() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(section, cue lists) for every detector, for checking a cue file."""
    _load_detectors()
    return tuple((d.id, d.cues) for d in DETECTORS.values())


def detector_ids() -> list[str]:
    _load_detectors()
    return list(DETECTORS)


def _load_detectors() -> None:
    # The detector modules declare themselves when imported.
    from voice_interview.core.rubric import diagnosis, outcomes, star, story  # noqa: F401
