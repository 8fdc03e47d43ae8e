"""Letting the person edit a text in their own editor ($VISUAL, $EDITOR), as git does."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

from voice_interview.errors import InputError

_HEADER = (
    "# Correct the words the transcriber got wrong, then save and close the editor.",
    "# Change, add or delete words freely: the words you keep keep their times in the",
    "# recording. Lines starting with '# ' are ignored; an unchanged file changes nothing.",
)
_FALLBACKS = ("editor", "nano", "vi")  # Debian's default editor, then the usual two


def editor_command() -> list[str]:
    """The person's editor as a command line; InputError when none is set or found."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if chosen:
        return shlex.split(chosen)
    for name in _FALLBACKS:
        if shutil.which(name):
            return [name]
    raise InputError("no text editor found: set the EDITOR environment variable (e.g. EDITOR=nano)")


def edit_text(text: str, *, name: str) -> str | None:
    """`text` as the person left it in their editor (header lines removed); None if they
    emptied the file."""
    command = editor_command()
    with tempfile.TemporaryDirectory(prefix="voice-interview-") as folder:
        # A private folder: the text is a transcript of the person's voice.
        path = Path(folder) / f"{name}.txt"
        wrapped = textwrap.fill(text, width=88, break_long_words=False, break_on_hyphens=False)
        path.write_text("\n".join([*_HEADER, "", wrapped, ""]), encoding="utf-8")
        try:
            result = subprocess.run([*command, str(path)], check=False)
        except OSError as exc:
            raise InputError(
                f"could not start the editor {command[0]!r}: {exc.strerror or exc} (set EDITOR "
                "to an editor you have)"
            ) from None
        if result.returncode != 0:
            raise InputError(
                f"the editor {command[0]!r} exited with status {result.returncode}: nothing "
                "was changed"
            )
        edited = path.read_text(encoding="utf-8", errors="replace")
    kept = [line for line in edited.splitlines() if not line.startswith("# ")]
    joined = " ".join(" ".join(kept).split())
    return joined or None
