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
#   RINGSIDE_ATTACHED_HEADERS (X-Ringside-Business-Type,X-Ringside-Account,X-Ringside-Language,X-Ringside-Callback,User-to-User)
#                                         headers passed to the bridge with an offer (at most 16); the bridge's
#                                         routing rules decide which it reads and check each value
#   RINGSIDE_QUEUE_MAX_MS (300000)        longest wait for a decision before Kamailio answers 503 itself
#   RINGSIDE_RTPENGINE (0)                1: also run rtpengine (userspace) for plain-RTP callers -> WebRTC agents
#   RINGSIDE_DIALER_SOURCE (the WS listen IP)  where the bridge's own SIP user agent (server-placed calls) connects from
#   RINGSIDE_RTPENGINE_NG (127.0.0.1:2223)  its control socket; RINGSIDE_RTP_PORTS (30000-30100) its media ports
# Sizing (README "Sizing Kamailio"):
#   RINGSIDE_PBX_AGENTS (1000)            registered softphones to size for: shared memory, TCP connections, open files
#   RINGSIDE_KAMAILIO_SHM_MB (64 + agents/8)  shared memory (-m); RINGSIDE_KAMAILIO_PKG_MB (8) per process (-M)
#   RINGSIDE_KAMAILIO_CHILDREN, RINGSIDE_KAMAILIO_TCP_CHILDREN (CPUs, 2..8)  UDP and TCP/WebSocket workers
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

# Whole numbers only, within bounds; anything else stops the start naming the setting.
setting() {
  local name=$1 default=$2 min=$3 max=$4 value
  value=${!name:-$default}
  if ! [[ "$value" =~ ^[0-9]{1,9}$ ]] || ((10#$value < min || 10#$value > max)); then
    echo "$name must be a whole number from $min to $max, got \"$value\"" >&2
    return 1
  fi
  echo $((10#$value))
}

# Kamailio's memory and processes for RINGSIDE_PBX_AGENTS registered softphones. Measured on 5.6: each agent's
# WebSocket (its TCP connection, the WebSocket frame buffer of 64 KB, its usrloc contact) holds ~81 KB of shared
# memory, so the 64 MB default stops at ~750 agents (REGISTER 500, "could not allocate shared memory").
# 128 KB per agent leaves room for its calls (transactions, dialogs, htable entries); 64 MB for the rest
# (queued callers, tm and dialog tables). Private memory (-M) stays at 8 MB: tcp main uses ~2.3 MB at 1,000.
size_for_agents() {
  local cpus
  cpus=$(nproc 2>/dev/null || echo 2)
  AGENTS=$(setting RINGSIDE_PBX_AGENTS 1000 1 100000) || return 1
  SHM_MB=$(setting RINGSIDE_KAMAILIO_SHM_MB $((64 + (AGENTS + 7) / 8)) 16 65536) || return 1
  PKG_MB=$(setting RINGSIDE_KAMAILIO_PKG_MB 8 2 1024) || return 1
  local workers=$((cpus < 2 ? 2 : cpus > 8 ? 8 : cpus))
  CHILDREN=$(setting RINGSIDE_KAMAILIO_CHILDREN "$workers" 1 64) || return 1
  TCP_CHILDREN=$(setting RINGSIDE_KAMAILIO_TCP_CHILDREN "$workers" 1 64) || return 1
  # one connection per softphone, as many again for phones reconnecting before the old one is cleaned up, and
  # callers or trunks over TCP/WebSocket; each is an open file of tcp main
  TCP_MAX_CONNECTIONS=$((AGENTS * 2 + 512))
  OPEN_FILES=$((TCP_MAX_CONNECTIONS + 256))
  # usrloc's hash table: 2^n slots, about one per agent
  USRLOC_HASH_SIZE=10
  while ((USRLOC_HASH_SIZE < 16 && (1 << USRLOC_HASH_SIZE) < AGENTS)); do USRLOC_HASH_SIZE=$((USRLOC_HASH_SIZE + 1)); done
}

# Kamailio raises its soft open-files limit to open_files_limit, but a limit it may not raise (past the hard one,
# without CAP_SYS_RESOURCE) stops it at start; a soft limit of 1024 left alone would stop it near 1,000 phones.
cap_open_files() {
  (ulimit -n "$OPEN_FILES") 2>/dev/null && return 0
  local hard
  hard=$(ulimit -Hn)
  echo "warning: the open files hard limit $hard is below the $OPEN_FILES that $AGENTS agents need:" \
    "raise it (LimitNOFILE=, limits.conf) or lower RINGSIDE_PBX_AGENTS" >&2
  OPEN_FILES=$hard
}

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
  size_for_agents || return 2
  local attached=${RINGSIDE_ATTACHED_HEADERS-X-Ringside-Business-Type,X-Ringside-Account,X-Ringside-Language,X-Ringside-Callback,User-to-User}
  if ! [[ "$attached" =~ ^([A-Za-z][A-Za-z0-9-]{0,63}(,[A-Za-z][A-Za-z0-9-]{0,63}){0,15})?$ ]]; then
    echo "RINGSIDE_ATTACHED_HEADERS must be up to 16 comma-separated SIP header names, got \"$attached\"" >&2
    return 2
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
  cap_open_files
  # -DD: foreground main process (its children still fork) so stderr (-E) goes to the log; -P: Kamailio writes its pid
  nohup kamailio -f "$ROOT/kamailio/kamailio.cfg" -P "$PID_FILE" -E -DD -m "$SHM_MB" -M "$PKG_MB" \
    -A "CHILDREN=$CHILDREN" -A "TCP_CHILDREN=$TCP_CHILDREN" -A "TCP_MAX_CONNECTIONS=$TCP_MAX_CONNECTIONS" \
    -A "OPEN_FILES_LIMIT=$OPEN_FILES" -A "USRLOC_HASH_SIZE=$USRLOC_HASH_SIZE" \
    -A "LISTEN_IP=$listen_ip" -A "SIP_PORT=${RINGSIDE_SIP_PORT:-5060}" -A "WS_PORT=$ws_port" \
    -A "SIP_DOMAIN=\"${RINGSIDE_SIP_DOMAIN:-ringside.local}\"" \
    -A "EVAPI_ADDR=\"${RINGSIDE_KAMAILIO_EVAPI:-127.0.0.1:8448}\"" \
    -A "AUTH_DB_URL=\"sqlite://$auth_db\"" \
    -A "PSTN_GW=\"${RINGSIDE_PSTN_GATEWAY:-sip:127.0.0.2:5190}\"" \
    -A "QUEUE_MAX_MS=${RINGSIDE_QUEUE_MAX_MS:-300000}" -A "ATTACHED_HEADERS=\"$attached\"" \
    -A "DIALER_SOURCE=\"${RINGSIDE_DIALER_SOURCE:-$listen_ip}\"" "${rtpe_args[@]}" \
    >"$LOG_FILE" 2>&1 </dev/null &
  # generous: a loaded 2-core CI machine can take seconds to fork and bind
  for _ in $(seq 1 150); do
    if pid=$(running_pid) && grep -q "CTI\|INFO: <core> \[core/tcp_main.c\|tcp_main" "$LOG_FILE" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if pid=$(running_pid); then
    echo "kamailio running (pid $pid) sip:$listen_ip:${RINGSIDE_SIP_PORT:-5060} ws://$listen_ip:$ws_port log $LOG_FILE"
    echo "  sized for $AGENTS agents: shared memory $SHM_MB MB, $CHILDREN UDP + $TCP_CHILDREN TCP workers," \
      "$TCP_MAX_CONNECTIONS TCP connections"
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
