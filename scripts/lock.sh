#!/usr/bin/env bash
# Usage: bash scripts/lock.sh
#
# Rewrites requirements-lock.txt: the exact versions that scripts/setup.sh installs. It resolves
# the package with every extra in a throwaway virtual environment, from the ranges in
# pyproject.toml and the deliberate choices below, and writes what pip installed.
#
# To upgrade: edit the ranges or the choices, run this script, then run the whole test suite
# (bash scripts/test.sh) and the evaluation scripts whose figures are in docs/ (fillers,
# transcription, rubric, latency); commit the lock with the re-measured figures.
set -euo pipefail
cd "$(dirname "$0")/.."

# Deliberate choices, each with its reason.
choices=(
  # ONNX Runtime (faster-whisper's voice-activity detection) sends usage telemetry from 1.29 on;
  # 1.28.0 is the newest release whose library has no telemetry endpoint (docs/privacy.md).
  "onnxruntime==1.28.0"
  # The build backend: setup.sh passes the lock to pip as PIP_CONSTRAINT, which also holds for the
  # isolated build of the package itself.
  "setuptools==84.2.1"
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
printf '%s\n' "${choices[@]}" >"$tmp/choices.txt"
"$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check \
  -r "$tmp/choices.txt" ".[test,voices,samples]"
{
  echo "# Exact versions installed by scripts/setup.sh; regenerate with: bash scripts/lock.sh"
  echo "# (the upgrade steps are in that script's header)."
  "$tmp/venv/bin/python" -m pip freeze --exclude-editable --all |
    grep -v -E '^(voice-interview|wheel)\b' | LC_ALL=C sort -f
} >requirements-lock.txt
echo "wrote requirements-lock.txt ($(grep -c '==' requirements-lock.txt) packages)"
