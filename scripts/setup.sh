#!/usr/bin/env bash
# Usage: bash scripts/setup.sh [--test]
#
# Sets up voice-interview from a fresh clone: the system packages it needs (when missing and
# installable), a virtual environment in .venv, and the package itself, at the exact versions in
# requirements-lock.txt. With --test, also the test tools, the optional Piper voice, and the
# audio-server, terminal and tracing packages the end-to-end and privacy tests use. Safe to run
# again: it brings an existing .venv to the locked versions.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

say() { printf '[setup] %s\n' "$*" >&2; }

install_system_packages() {
  local pkgs=(espeak-ng libportaudio2 alsa-utils)
  [ "$want_test" = 1 ] && pkgs+=(pulseaudio pulseaudio-utils libasound2-plugins tmux strace)
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    say "not a Debian/Ubuntu system: install espeak-ng and PortAudio yourself (see README)"
    return 0
  fi
  local missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      say "missing ${missing[*]}; run as root or install them: apt-get install ${missing[*]}"
      return 0
    fi
  fi
  say "installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

find_python() {
  for py in python3.13 python3.12 python3.11 python3; do
    if command -v "$py" >/dev/null 2>&1 &&
      "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  say "Python 3.11 or newer is needed"; exit 1
}

install_system_packages
if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "$(find_python)" -m venv .venv
fi
extra=""
[ "$want_test" = 1 ] && extra="[test,voices]"
say "installing voice-interview${extra} into .venv (versions from requirements-lock.txt)"
# The lock constrains every install, including the isolated build of the package itself.
export PIP_CONSTRAINT="$PWD/requirements-lock.txt"
export PIP_DISABLE_PIP_VERSION_CHECK=1
lock_pip=$(sed -n 's/^pip==//p' requirements-lock.txt)
.venv/bin/python -m pip install -q "pip==${lock_pip}" >/dev/null
.venv/bin/python -m pip install -q -e ".${extra}"
say "ready: .venv/bin/voice-interview"
