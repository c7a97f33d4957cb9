#!/usr/bin/env bash
# scripts/lab-sshd.sh - an OpenSSH server inside a lab slot's namespace, in front of that slot's engine: what an
# ssh:// engine is (the client runs `docker system dial-stdio` over ssh; the machine's docker CLI answers on this
# side, with DOCKER_HOST set to the slot's socket by the server's SetEnv).
#   up --name SLOT --authorized-keys FILE [--port 22] [--new-host-key] [--docker-host URL]
#        starts sshd on 10.211.N.2:PORT in netns netatlas-SLOT (a running one of that port is restarted, so a
#        new authorized_keys or host key takes effect); root may log in with the keys of FILE only (no
#        passwords). The host key (ed25519) is made once and kept; --new-host-key makes another (a "host key
#        changed" test). --docker-host overrides the DOCKER_HOST the session gets (e.g. a missing socket).
#        stdout: the server's known_hosts line, e.g. "10.211.1.2 ssh-ed25519 AAAA..." ("[10.211.1.2]:2222 ..."
#        for another port)
#   down --name SLOT [--port 22]   stops it (scripts/lab.sh down of the slot also does: it kills everything
#                                  in the namespace and removes the slot's /run folder, where sshd's files are)
# Files: /run/netatlas-lab/SLOT/sshd-PORT/{sshd_config,host_key,authorized_keys,sshd.pid,sshd.log}.
# Needs root, a running slot (scripts/lab.sh up --name SLOT) and Debian's openssh-server (lab.sh up installs it).
# See docs/lab.md ("SSH and TLS engines").
set -euo pipefail

RUN_ROOT=/run/netatlas-lab
SSHD=/usr/sbin/sshd

log() { printf 'lab-sshd: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() { sed -n '2,/^# Needs root/s/^# \{0,1\}//p' "$0" >&2; exit "${1:-2}"; }

CMD=${1:-}
[ $# -gt 0 ] && shift
NAME= KEYS= PORT=22 NEW_KEY= DOCKER_HOST_OPT=
while [ $# -gt 0 ]; do
  case $1 in
    --name) NAME=${2:?--name needs a value}; shift ;;
    --authorized-keys) KEYS=${2:?--authorized-keys needs a file}; shift ;;
    --port) PORT=${2:?--port needs a value}; shift ;;
    --new-host-key) NEW_KEY=1 ;;
    --docker-host) DOCKER_HOST_OPT=${2:?--docker-host needs a value}; shift ;;
    -h | --help) usage 0 ;;
    *) log "unknown option '$1'"; usage ;;
  esac
  shift
done
[ "$(id -u)" = 0 ] || die "must run as root (it starts sshd in a network namespace)"
[[ $NAME =~ ^[a-z][a-z0-9-]{0,11}$ ]] || die "--name SLOT is needed (a lab slot's name)"
[[ $PORT =~ ^[0-9]{1,5}$ ]] || die "bad --port '$PORT'"
NS=netatlas-$NAME
DIR=$RUN_ROOT/$NAME/sshd-$PORT
PIDFILE=$DIR/sshd.pid

# Our sshd: the pidfile's process runs with this folder's config (guards against pid reuse).
sshd_pid() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-f $DIR/sshd_config" || return 1
  echo "$pid"
}

stop() {
  local pid i
  pid=$(sshd_pid) || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 40); do [ -d "/proc/$pid" ] || return 0; sleep 0.05; done
  kill -KILL "$pid" 2>/dev/null || true
}

# close_fds: before starting a daemon, so it does not inherit our callers' pipes.
# shellcheck source=lib/close-fds.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/close-fds.sh"

cmd_up() {
  local addr i
  [ -n "$KEYS" ] && [ -r "$KEYS" ] || die "--authorized-keys FILE is needed (a public key per line)"
  [ -x "$SSHD" ] || die "$SSHD not found: install openssh-server (scripts/lab.sh up installs it)"
  [ -S "$RUN_ROOT/$NAME/docker.sock" ] || die "slot $NAME is not running (scripts/lab.sh up --name $NAME)"
  addr=$(ip -n "$NS" -4 -o addr show dev eth0 2>/dev/null | awk '{ split($4, a, "/"); print a[1]; exit }')
  [ -n "$addr" ] || die "no address on eth0 in $NS"
  stop
  mkdir -p "$DIR" /run/sshd   # /run/sshd: sshd's privilege separation folder
  chmod 755 "$DIR" /run/sshd
  if [ -n "$NEW_KEY" ] || [ ! -s "$DIR/host_key" ]; then
    rm -f "$DIR/host_key" "$DIR/host_key.pub"
    ssh-keygen -q -t ed25519 -N '' -C "netatlas-lab-$NAME" -f "$DIR/host_key" >/dev/null
  fi
  install -m 600 "$KEYS" "$DIR/authorized_keys"
  cat >"$DIR/sshd_config" <<EOF
# scripts/lab-sshd.sh: a test sshd for slot $NAME; nothing from /etc/ssh is read.
ListenAddress $addr:$PORT
HostKey $DIR/host_key
PidFile $PIDFILE
AuthorizedKeysFile $DIR/authorized_keys
PermitRootLogin prohibit-password
AllowUsers root
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
# No PAM: its session modules (loginuid, systemd) fail in a bare namespace; sshd's own checks suffice here.
UsePAM no
PrintMotd no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
# The docker CLI on this side (docker system dial-stdio) talks to the slot's engine.
SetEnv DOCKER_HOST=${DOCKER_HOST_OPT:-unix://$RUN_ROOT/$NAME/docker.sock}
EOF
  "$SSHD" -t -f "$DIR/sshd_config" || die "sshd refused its config $DIR/sshd_config"
  rm -f "$PIDFILE"
  # sshd daemonizes itself and writes its pidfile once it listens.
  (close_fds; exec nsenter --net="/run/netns/$NS" "$SSHD" -f "$DIR/sshd_config" -E "$DIR/sshd.log") </dev/null
  for i in $(seq 1 100); do
    sshd_pid >/dev/null && break
    [ "$i" -lt 100 ] || { tail -n 20 "$DIR/sshd.log" >&2 || true; die "sshd did not start within 5 s"; }
    sleep 0.05
  done
  log "sshd for slot $NAME on $addr:$PORT (pid $(sshd_pid), log $DIR/sshd.log)"
  local where=$addr
  [ "$PORT" = 22 ] || where="[$addr]:$PORT"
  echo "$where $(cut -d' ' -f1,2 "$DIR/host_key.pub")"
}

case $CMD in
  up) cmd_up ;;
  down) stop; rm -rf "$DIR"; log "sshd for slot $NAME (port $PORT) stopped" ;;
  -h | --help | help) usage 0 ;;
  *) usage ;;
esac
