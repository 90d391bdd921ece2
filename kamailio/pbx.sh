#!/usr/bin/env bash
# Starts / stops Ringside's Kamailio (the SIP edge) with its own pid file and log; no systemd.
#   kamailio/pbx.sh start|stop|status [run dir]        (npm run pbx -- start)
# Settings come from the same RINGSIDE_* variables the bridge reads, so both agree on ports and paths:
#   RINGSIDE_DATA_DIR (./data)            run dir default <data dir>/kamailio: kamailio.pid, kamailio.log
#   RINGSIDE_SIP_WS_URI (ws://127.0.0.1:8188)   the WebSocket listener (its host and port)
#   RINGSIDE_SIP_PORT (5060)              SIP over UDP and TCP for callers and trunks
#   RINGSIDE_SIP_DOMAIN (ringside.local)  agents' domain and digest realm
#   RINGSIDE_KAMAILIO_EVAPI (127.0.0.1:8448)    where the bridge connects
#   RINGSIDE_KAMAILIO_AUTH_DB (<data dir>/kamailio-auth.sqlite)
#   RINGSIDE_PSTN_GATEWAY (sip:127.0.0.2:5190)  where allowed outbound calls are relayed
#   RINGSIDE_QUEUE_MAX_MS (300000)        longest wait for a decision before Kamailio answers 503 itself
#   RINGSIDE_RTPENGINE (0)                1: also run rtpengine (userspace) for plain-RTP callers -> WebRTC agents
#   RINGSIDE_RTPENGINE_NG (127.0.0.1:2223)  its control socket; RINGSIDE_RTP_PORTS (30000-30100) its media ports
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-status}
DATA_DIR=${RINGSIDE_DATA_DIR:-./data}
case "$DATA_DIR" in /*) ;; *) DATA_DIR="$ROOT/$DATA_DIR" ;; esac
RUN_DIR=${2:-${RINGSIDE_PBX_RUN_DIR:-$DATA_DIR/kamailio}}
PID_FILE="$RUN_DIR/kamailio.pid"
LOG_FILE="$RUN_DIR/kamailio.log"
RTPE_PID_FILE="$RUN_DIR/rtpengine.pid"
RTPE_LOG_FILE="$RUN_DIR/rtpengine.log"
RTPE_NG=${RINGSIDE_RTPENGINE_NG:-127.0.0.1:2223}
RTP_PORTS=${RINGSIDE_RTP_PORTS:-30000-30100}

running_pid() {
  pid_of "$PID_FILE"
}

pid_of() {
  [ -s "$1" ] || return 1
  local pid
  pid=$(cat "$1")
  kill -0 "$pid" 2>/dev/null || return 1
  # an orphaned Kamailio that was killed may linger as a zombie where PID 1 does not reap: that is not running
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ] || return 1
  echo "$pid"
}

start() {
  if pid=$(running_pid); then
    echo "kamailio already running (pid $pid)"
    return 0
  fi
  local ws_uri=${RINGSIDE_SIP_WS_URI:-ws://127.0.0.1:8188}
  local hostport=${ws_uri#*://}
  hostport=${hostport%%/*}
  local listen_ip=${hostport%:*} ws_port=${hostport##*:}
  local auth_db=${RINGSIDE_KAMAILIO_AUTH_DB:-kamailio-auth.sqlite}
  case "$auth_db" in /*) ;; *) auth_db="$DATA_DIR/$auth_db" ;; esac
  mkdir -p "$RUN_DIR" "$(dirname "$auth_db")"
  # auth_db opens the subscriber table at start: create it if the bridge has not yet
  [ -s "$auth_db" ] || "$ROOT/node_modules/.bin/tsx" "$ROOT/kamailio/ensure-auth-db.ts" "$auth_db"
  rm -f "$PID_FILE"
  local rtpe_args=()
  if [ "${RINGSIDE_RTPENGINE:-0}" = 1 ]; then
    start_rtpengine "$listen_ip" || return 1
    rtpe_args=(-A WITH_RTPENGINE -A "RTPENGINE_SOCK=\"udp:$RTPE_NG\"")
  fi
  # -DD: foreground main process (its children still fork) so stderr (-E) goes to the log; -P: Kamailio writes its pid
  nohup kamailio -f "$ROOT/kamailio/kamailio.cfg" -P "$PID_FILE" -E -DD -m 64 -M 8 \
    -A "LISTEN_IP=$listen_ip" -A "SIP_PORT=${RINGSIDE_SIP_PORT:-5060}" -A "WS_PORT=$ws_port" \
    -A "SIP_DOMAIN=\"${RINGSIDE_SIP_DOMAIN:-ringside.local}\"" \
    -A "EVAPI_ADDR=\"${RINGSIDE_KAMAILIO_EVAPI:-127.0.0.1:8448}\"" \
    -A "AUTH_DB_URL=\"sqlite://$auth_db\"" \
    -A "PSTN_GW=\"${RINGSIDE_PSTN_GATEWAY:-sip:127.0.0.2:5190}\"" \
    -A "QUEUE_MAX_MS=${RINGSIDE_QUEUE_MAX_MS:-300000}" "${rtpe_args[@]}" \
    >"$LOG_FILE" 2>&1 </dev/null &
  # generous: a loaded 2-core CI machine can take seconds to fork and bind
  for _ in $(seq 1 150); do
    if pid=$(running_pid) && grep -q "CTI\|INFO: <core> \[core/tcp_main.c\|tcp_main" "$LOG_FILE" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if pid=$(running_pid); then
    echo "kamailio running (pid $pid) sip:$listen_ip:${RINGSIDE_SIP_PORT:-5060} ws://$listen_ip:$ws_port log $LOG_FILE"
  else
    echo "kamailio failed to start; last log lines:" >&2
    tail -20 "$LOG_FILE" >&2 || true
    return 1
  fi
}

# userspace only (--table=-1 --no-fallback): no kernel module needed
start_rtpengine() {
  local pid
  if pid=$(pid_of "$RTPE_PID_FILE"); then return 0; fi
  rm -f "$RTPE_PID_FILE"
  nohup rtpengine --config-file=none --table=-1 --no-fallback --interface="$1" --listen-ng="$RTPE_NG" \
    --port-min="${RTP_PORTS%-*}" --port-max="${RTP_PORTS#*-}" --foreground --log-stderr --log-level=5 \
    --pidfile="$RTPE_PID_FILE" >"$RTPE_LOG_FILE" 2>&1 </dev/null &
  for _ in $(seq 1 100); do pid_of "$RTPE_PID_FILE" >/dev/null && return 0; sleep 0.1; done
  echo "rtpengine failed to start; last log lines:" >&2
  tail -20 "$RTPE_LOG_FILE" >&2 || true
  return 1
}

stop_pid_file() {
  local pid
  pid=$(pid_of "$1") || { rm -f "$1"; return 0; }
  kill -TERM "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  rm -f "$1"
  echo "$2 stopped (pid $pid)"
}

stop() {
  stop_pid_file "$RTPE_PID_FILE" rtpengine
  local pid
  if ! pid=$(running_pid); then
    echo "kamailio not running"
    rm -f "$PID_FILE"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  # children that outlived a main process killed while it hung in shutdown carry the pid-file path
  pkill -KILL -f -- "$PID_FILE" 2>/dev/null || true
  rm -f "$PID_FILE"
  echo "kamailio stopped (pid $pid)"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status)
    if pid=$(running_pid); then echo "kamailio running (pid $pid), log $LOG_FILE"; else echo "kamailio not running"; exit 3; fi
    ;;
  *) echo "usage: $0 start|stop|status [run dir]" >&2; exit 2 ;;
esac
