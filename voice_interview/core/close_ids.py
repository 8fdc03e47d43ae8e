"""The hint an unknown id gets: the known ids closest to it, if any."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(wanted: str, known: Iterable[str]) -> str:
    """ "; did you mean: a, b?" for up to three close ids, or "" when none is close."""
    close = difflib.get_close_matches(wanted, list(known), n=3, cutoff=0.5)
    return f"; did you mean: {', '.join(close)}?" if close else ""
