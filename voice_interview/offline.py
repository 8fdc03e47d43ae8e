"""The switches that keep every library the product loads off the network.

They are environment variables because the libraries read them from the environment, some of
them in native code at start-up: ONNX Runtime (which faster-whisper loads for voice-activity
detection, and Piper for its voices) sends usage telemetry from release 1.29 on unless
ORT_DISABLE_TELEMETRY is set before it initialises, and it resolves the telemetry host itself,
where no Python socket guard can see it. The package sets them when it is imported, which is
before any of those libraries is (every heavy import is deferred into the function that needs
it), so the console script, `python -m voice_interview`, the app and library use are all
covered. They are set, not defaulted: a user's own value cannot switch them back on.

How this is checked, at the operating-system level, is in docs/privacy.md.
"""

from __future__ import annotations

import os

OFFLINE_ENVIRONMENT: dict[str, str] = {
    # ONNX Runtime: no telemetry (the opt-out its own code reads; ORT_TELEMETRY_DISABLED is not).
    "ORT_DISABLE_TELEMETRY": "1",
    # Hugging Face hub: never ask the hub; a named model must already be in the local cache.
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
}


def enforce_offline() -> None:
    """Set the offline switches in this process (and so in every process it starts)."""
    os.environ.update(OFFLINE_ENVIRONMENT)
