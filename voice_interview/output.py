"""Writing results: files that a failure never leaves half-written, and listings that a pipe or
a file receives unwrapped."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from voice_interview.errors import InputError

# Wide enough that no listing a person would pipe into grep is ever wrapped.
_UNWRAPPED_WIDTH = 10_000


def check_out_dir(out: Path) -> None:
    """Create `out` if needed and prove it is writable, before any slow work starts."""
    if out.exists() and not out.is_dir():
        raise InputError(
            f"--out {out} is a file, and --out takes a folder (one report per input is written "
            "into it): give a folder name"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".write-test-"):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(f"cannot write to --out {out}: {reason}; choose another folder") from None


def write_atomic(target: Path, body: str) -> None:
    """Write to a temporary file beside `target`, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def listing_console() -> Console:
    """A console for listings (ids, tables): the terminal's width on a terminal; otherwise no
    wrapping at all, so that `| grep ID` finds whole lines and ids are never split."""
    console = Console()
    if console.is_terminal:
        return console
    return Console(width=_UNWRAPPED_WIDTH, soft_wrap=True)


def plain_columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns two spaces apart, one record a line, nothing wrapped or cut."""
    table = [list(header), *[list(r) for r in rows]]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = []
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def is_terminal() -> bool:
    """Whether standard output is a terminal (and not a pipe or a file)."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False
