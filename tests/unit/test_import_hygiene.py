"""The pure core and the models load no UI, audio or model library (see pyproject's contracts)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import voice_interview.core
import voice_interview.models

HEAVY = (
    "textual", "textual_plotext", "sounddevice", "faster_whisper", "ctranslate2", "onnxruntime",
    "pyttsx3", "piper", "av", "rich",
)  # fmt: skip


def _modules() -> list[str]:
    names = []
    for package in (voice_interview.core, voice_interview.models):
        names.append(package.__name__)
        prefix = package.__name__ + "."
        names += [m.name for m in pkgutil.walk_packages(package.__path__, prefix)]
    return names


def test_importing_the_core_and_models_loads_no_heavy_library() -> None:
    modules = _modules()
    assert len(modules) > 10  # the walk found the package's modules
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    loaded = json.loads(run.stdout)
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert heavy == []
