#!/usr/bin/env bash
# Usage: bash scripts/test.sh [PYTEST ARGS...]
#
# Sets up everything the tests need (scripts/setup.sh --test), starts a private PulseAudio server
# with a null sink so the recording tests have a real audio device, runs the linters and type
# checker and the import contracts, then the whole test suite. Stops the audio server it started.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --test
export HF_HUB_OFFLINE=1
# In CI the audio-server tests must run, not skip: a missing server is a failure there.
if [ "${CI:-}" = "true" ]; then export VOICE_INTERVIEW_REQUIRE_AUDIO=1; fi

started_pulse=0
if [ -f scripts/pulse.sh ] && command -v pulseaudio >/dev/null 2>&1; then
  if ! bash scripts/pulse.sh status >/dev/null 2>&1; then
    bash scripts/pulse.sh start && started_pulse=1
  fi
  # The server this script starts is reached by address, whatever HOME the tests run with.
  address=$(bash scripts/pulse.sh address)
  if [ -n "$address" ]; then export PULSE_SERVER="$address"; fi
fi
cleanup() { [ "$started_pulse" = 1 ] && bash scripts/pulse.sh stop || true; }
trap cleanup EXIT

echo "[test] ruff"
.venv/bin/ruff check voice_interview tests scripts
.venv/bin/ruff format --check voice_interview tests scripts
echo "[test] mypy"
.venv/bin/mypy
echo "[test] import contracts"
# Quiet when the contracts hold (its banner is long); the whole report when one is broken.
contracts=$(.venv/bin/lint-imports --no-cache 2>&1) || { echo "$contracts"; exit 1; }
echo "[test] pytest"
.venv/bin/python -m pytest -q "$@"
