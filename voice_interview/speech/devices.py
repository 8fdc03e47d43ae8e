"""Audio devices by stable names, with one-line errors for the problems a user can fix.

PortAudio numbers devices in the order it finds them, so an index saved in the settings can point
at another device after a reboot or a replug. A device is saved instead by its stable name: the host
API and the device name, e.g. "ALSA: pulse" (with " #2", " #3" appended when two devices share a
name, in PortAudio's order).

sounddevice is imported inside the functions: importing it loads PortAudio, which the CLI's
`--help` and the scoring path never need.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any, Literal

from voice_interview.errors import VoiceInterviewError

Kind = Literal["input", "output"]


class AudioError(VoiceInterviewError):
    """No audio library, no usable device, or a device that failed while in use."""

    exit_code = 5


@dataclass(frozen=True)
class AudioDevice:
    """One PortAudio device, as a plain record."""

    name: str
    """Stable name, "HOSTAPI: DEVICE": what the settings store."""
    index: int
    """PortAudio's index: valid in this process only, never saved."""
    hostapi: str
    device_name: str
    max_input_channels: int
    max_output_channels: int
    default_samplerate: float
    is_default: bool
    """True for the system's default device of the kind that was listed."""


def import_sounddevice() -> ModuleType:
    """Import sounddevice, turning a missing PortAudio library into an AudioError."""
    try:
        import sounddevice
    except OSError as exc:  # raised by sounddevice when it cannot load libportaudio
        raise AudioError(
            "PortAudio is not installed: install libportaudio2 (apt-get install libportaudio2) "
            f"or your system's PortAudio package, then try again ({exc})"
        ) from None
    return sounddevice


def list_devices(kind: Kind = "input") -> list[AudioDevice]:
    """Every device that can record (kind="input") or play (kind="output"), in PortAudio order."""
    sd = import_sounddevice()
    try:
        raw: list[dict[str, Any]] = list(sd.query_devices())
        hostapis = [h["name"] for h in sd.query_hostapis()]
    except sd.PortAudioError as exc:
        raise AudioError(
            f"cannot list audio devices: {exc} (is an audio server running?)"
        ) from None
    default = _default_index(sd, kind)
    channels_key = "max_input_channels" if kind == "input" else "max_output_channels"
    seen: dict[str, int] = {}
    devices = []
    for info in raw:
        base = f"{hostapis[info['hostapi']]}: {info['name']}"
        seen[base] = seen.get(base, 0) + 1
        if info[channels_key] < 1:
            continue
        devices.append(
            AudioDevice(
                name=base if seen[base] == 1 else f"{base} #{seen[base]}",
                index=int(info["index"]),
                hostapi=hostapis[info["hostapi"]],
                device_name=str(info["name"]),
                max_input_channels=int(info["max_input_channels"]),
                max_output_channels=int(info["max_output_channels"]),
                default_samplerate=float(info["default_samplerate"]),
                is_default=info["index"] == default,
            )
        )
    return devices


def device_names(kind: Kind = "input") -> list[str]:
    """Stable names of the devices of `kind`, for a settings screen."""
    return [d.name for d in list_devices(kind)]


def find_device(name: str | None, kind: Kind = "input", *, fallback: bool = True) -> AudioDevice:
    """The device called `name` (a stable name, or a device name that is unique).

    None gives the system default. A name that matches nothing gives the default when `fallback`
    is true (a saved microphone that is unplugged today), and raises AudioError otherwise.
    """
    devices = list_devices(kind)
    if not devices:
        raise AudioError(_no_device_message(kind))
    if name:
        exact = [d for d in devices if d.name == name]
        bare = [d for d in devices if d.device_name == name]
        if exact or len(bare) == 1:
            return (exact or bare)[0]
        if not fallback:
            listed = ", ".join(repr(d.name) for d in devices)
            raise AudioError(
                f"{kind} device {name!r} not found; available: {listed} "
                "(pick one in the settings, or leave it empty for the default)"
            )
    for device in devices:
        if device.is_default:
            return device
    # PortAudio reports no default (e.g. ALSA without a "default" PCM): the first one will do.
    return devices[0]


def _default_index(sd: ModuleType, kind: Kind) -> int:
    try:
        info = sd.query_devices(kind=kind)
    except sd.PortAudioError:  # "Error querying device -1": there is no default device
        return -1
    return int(info["index"])


def _no_device_message(kind: Kind) -> str:
    what = "microphone or other input" if kind == "input" else "speaker or other output"
    return (
        f"no audio {kind} device found: connect a {what}, or start an audio server "
        "(PulseAudio or PipeWire), then try again"
    )
