#!/usr/bin/env bash
# Start, stop or check a PulseAudio server with a virtual speaker, for the audio tests.
#
# Usage:
#   bash scripts/pulse.sh start    # start a server with a null sink "vspeaker" (does nothing if running)
#   bash scripts/pulse.sh stop     # stop exactly what `start` started, by PID
#   bash scripts/pulse.sh status   # print what is running; exit 0 if the server answers, 3 if not
#   bash scripts/pulse.sh address  # the PULSE_SERVER value that reaches the server it started (or nothing)
#
# Whatever is played into the null sink "vspeaker" can be recorded back from its monitor source
# "vspeaker.monitor", so recording can be tested on a machine without a sound card (CI, containers).
#
# If no server is running, `start` launches one (root is fine, no systemd needed) and makes vspeaker
# the default sink and vspeaker.monitor the default source. If a server not started by this script
# is already running (a desktop session), `start` only loads the null sink into it and leaves the
# defaults alone: the tests then pick the sink with PULSE_SINK / PULSE_SOURCE, so they never play
# through the real speakers or record the real microphone.
#
# A keep-alive stream of silence plays into vspeaker while the server runs: without it the first
# second or two of a new recording arrives late and is lost.
#
# A server this script starts listens on a socket in its state folder, not in the user's home, so
# that clients find it by address (PULSE_SERVER, printed by `address`) whatever HOME they run with:
# the tests are run with a throwaway HOME too, and a client there would otherwise not find it.
#
# State (PIDs, module index, socket, log) lives in $VOICE_INTERVIEW_PULSE_STATE
# (default: ${XDG_RUNTIME_DIR:-/tmp}/voice-interview-pulse-$UID).

set -euo pipefail

SINK=vspeaker
STATE_DIR="${VOICE_INTERVIEW_PULSE_STATE:-${XDG_RUNTIME_DIR:-/tmp}/voice-interview-pulse-$(id -u)}"
STATE="$STATE_DIR/state"
LOG="$STATE_DIR/pulseaudio.log"
SOCKET="$STATE_DIR/native"
ADDRESS="unix:$SOCKET"
WAIT_S=10

server_answers() { pactl info >/dev/null 2>&1; }

# Our own server answers at its socket.
own_answers() { [[ -S "$SOCKET" ]] && PULSE_SERVER="$ADDRESS" pactl info >/dev/null 2>&1; }

sink_exists() { pactl list short sinks 2>/dev/null | awk '{print $2}' | grep -qx "$SINK"; }

# The value of KEY in the state file, or nothing.
state_get() { [[ -f "$STATE" ]] && awk -v k="$1" '$1 == k {print $2}' "$STATE" || true; }

# True if PID is alive AND is the program we started (guards against a reused PID).
pid_is() {
    local pid="$1" name="$2"
    [[ -n "$pid" && -r "/proc/$pid/comm" ]] && [[ "$(cat "/proc/$pid/comm")" == "$name" ]]
}

wait_for() {
    local i
    for ((i = 0; i < WAIT_S * 10; i++)); do
        if "$@"; then return 0; fi
        sleep 0.1
    done
    return 1
}

start_keepalive() {
    setsid pacat -p --device="$SINK" --latency-msec=20 --raw --format=s16le --rate=16000 --channels=1 \
        </dev/zero >/dev/null 2>&1 &
    echo "pacat $!" >>"$STATE"
}

# Point this script's own pactl and pacat at the server recorded in the state, if it is ours.
use_own_if_recorded() {
    if [[ "$(state_get mode)" == own ]]; then export PULSE_SERVER="$ADDRESS"; fi
}

cmd_start() {
    use_own_if_recorded
    if [[ -f "$STATE" ]] && server_answers && sink_exists && pid_is "$(state_get pacat)" pacat; then
        echo "pulse.sh: already running (state in $STATE)"
        return 0
    fi
    [[ -f "$STATE" ]] && cmd_stop >/dev/null  # stale or half-dead: clean up what we own first
    unset PULSE_SERVER
    if ! command -v pulseaudio >/dev/null && ! server_answers; then
        echo "pulse.sh: pulseaudio is not installed (apt-get install pulseaudio pulseaudio-utils)" >&2
        return 2
    fi
    mkdir -p "$STATE_DIR"
    chmod 700 "$STATE_DIR"
    : >"$STATE"

    if server_answers; then
        # Someone else's server: add the sink only, never touch their defaults.
        if ! sink_exists; then
            local module
            module=$(pactl load-module module-null-sink "sink_name=$SINK" \
                sink_properties=device.description=VirtualSpeaker)
            echo "module $module" >>"$STATE"
        fi
        echo "mode foreign" >>"$STATE"
    else
        # setsid: a Ctrl-C in the terminal running the tests must not take the server down.
        # Its runtime files and socket in the state folder (mode 700, so the anonymous socket is
        # reachable by this user only), and no pid file: it must not clash with a session server.
        PULSE_RUNTIME_PATH="$STATE_DIR/runtime" setsid pulseaudio -n --daemonize=no \
            --use-pid-file=no --exit-idle-time=-1 --log-target="file:$LOG" \
            -L "module-native-protocol-unix socket=$SOCKET auth-anonymous=1" \
            -L "module-null-sink sink_name=$SINK sink_properties=device.description=VirtualSpeaker" \
            </dev/null >/dev/null 2>&1 &
        echo "pulseaudio $!" >>"$STATE"
        echo "mode own" >>"$STATE"
        export PULSE_SERVER="$ADDRESS"
        if ! wait_for own_answers; then
            echo "pulse.sh: the server did not answer within ${WAIT_S}s; see $LOG" >&2
            cmd_stop >/dev/null
            return 1
        fi
        pactl set-default-sink "$SINK"
        pactl set-default-source "$SINK.monitor"
    fi
    start_keepalive
    echo "pulse.sh: running, sink $SINK, source $SINK.monitor (state in $STATE)"
}

cmd_stop() {
    if [[ ! -f "$STATE" ]]; then
        echo "pulse.sh: nothing to stop"
        return 0
    fi
    use_own_if_recorded
    local pid module
    pid=$(state_get pacat)
    if pid_is "$pid" pacat; then kill "$pid" 2>/dev/null || true; fi
    module=$(state_get module)
    if [[ -n "$module" ]]; then pactl unload-module "$module" 2>/dev/null || true; fi
    pid=$(state_get pulseaudio)
    if pid_is "$pid" pulseaudio; then
        kill "$pid" 2>/dev/null || true
        if ! wait_for bash -c "! kill -0 $pid 2>/dev/null"; then
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$STATE"
    echo "pulse.sh: stopped"
}

cmd_address() {
    if [[ "$(state_get mode)" == own ]] && own_answers; then echo "$ADDRESS"; fi
}

cmd_status() {
    use_own_if_recorded
    if server_answers; then
        echo "server: answering ($(pactl info | awk -F': ' '/^Server Name/ {print $2}'))"
        echo "default sink: $(pactl get-default-sink 2>/dev/null || echo '?')"
        echo "default source: $(pactl get-default-source 2>/dev/null || echo '?')"
        if sink_exists; then echo "sink $SINK: present"; else echo "sink $SINK: missing"; fi
    else
        echo "server: not answering"
    fi
    if [[ -f "$STATE" ]]; then
        echo "started by pulse.sh:"
        sed 's/^/  /' "$STATE"
    fi
    server_answers
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status || exit 3 ;;
address) cmd_address ;;
*)
    sed -n '4,7p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 64
    ;;
esac
