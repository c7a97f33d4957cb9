#!/usr/bin/env bash
# scripts/lab.sh - private, real Docker engines ("lab hosts") for Netatlas tests.
# Each slot NAME is its own dockerd in network namespace netatlas-NAME, with its own socket, data,
# bridges and iptables. It never talks to or changes any other Docker engine on the machine.
#   up [--engine 26.1|20.10] [--name NAME]  start the slot (idempotent); last stdout line: DOCKER_HOST=...
#   down [--name NAME | --all] [--purge]    stop and remove slot(s); --purge also drops the download cache
#   restart [--name NAME]                   stop and start the slot's dockerd, keeping its data (containers
#                                           stop as on any daemon restart); for tests of engines that go away
#   status                                  list slots; exit 0 all running, 3 none running, 1 mixed
#   env [--name NAME]                       print DOCKER_HOST=... for the slot
# Needs root and Debian 12 (apt). See docs/lab.md.
set -euo pipefail

RUN_ROOT=/run/netatlas-lab        # short: unix socket paths must stay under ~100 chars
STATE_ROOT=/var/lib/netatlas-lab
CACHE=/var/cache/netatlas-lab
D26=$CACHE/docker-26
IMAGE=netatlas/busybox:latest
APPLETS="sh ping nc httpd nslookup wget ip sleep cat ls echo true hostname ifconfig route top ps mkdir"

log() { printf 'lab: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() { sed -n '2,11s/^# \{0,1\}//p' "$0" >&2; exit "${1:-2}"; }

need_root() { [ "$(id -u)" = 0 ] || die "must run as root (it creates network namespaces and starts dockerd)"; }

# --- slot naming and addressing -----------------------------------------------------------------
# Slot NAME -> lab link 10.211.N.0/24 (root side nl-NAME .1, eth0 .2 inside). Fixed N for the known
# slots so a later engine B (slot b) and swarm addresses are predictable; others hash into 10..249.
slot() {
  NAME=$1
  [[ $NAME =~ ^[a-z][a-z0-9-]{0,11}$ ]] || die "bad slot name '$NAME' (a-z, 0-9, '-', max 12 chars)"
  NS=netatlas-$NAME
  RUN=$RUN_ROOT/$NAME
  STATE=$STATE_ROOT/$NAME
  SOCK=$RUN/docker.sock
  PIDFILE=$RUN/dockerd.pid
  LOGF=$STATE/dockerd.log
  HOST=unix://$SOCK
  VETH=nl-$NAME
  case $NAME in
    a) N=1 ;; b) N=2 ;; old) N=3 ;;
    *) N=$((10 + $(printf %s "$NAME" | cksum | cut -d' ' -f1) % 240)) ;;
  esac
  LAB_ADDR=10.211.$N.2
}

dk() { timeout "${DK_TIMEOUT:-60}" docker -H "$HOST" "$@"; }
server_version() { DK_TIMEOUT=5 dk version --format '{{.Server.Version}} {{.Server.APIVersion}}' 2>/dev/null; }

# Our dockerd: the pidfile's process is a dockerd started with this slot's pidfile (guards against
# pid reuse after a reboot; /run is not a tmpfs on every machine).
slot_pid() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "--pidfile $PIDFILE " || return 1
  echo "$pid"
}
engine_alive() { slot_pid >/dev/null && server_version >/dev/null; }
slot_exists() { [ -e "/run/netns/$NS" ] || [ -d "$RUN" ] || [ -d "$STATE" ] || ip link show "$VETH" >/dev/null 2>&1; }

all_slots() {
  {
    find "$RUN_ROOT" "$STATE_ROOT" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null || true
    ip netns list 2>/dev/null | awk '{print $1}' | sed -n 's/^netatlas-//p'
  } | grep -E '^[a-z][a-z0-9-]{0,11}$' | sort -u || true
}

# --- packages -------------------------------------------------------------------------------------
APT_OPTS=(-o DPkg::Lock::Timeout=300)
APT_UPDATED=
apt_update() {
  [ -n "$APT_UPDATED" ] && return 0
  log "apt-get update"
  # Extra third-party sources may be unreachable here; only Debian's own lists matter.
  apt-get "${APT_OPTS[@]}" -qq update >&2 || log "warning: apt-get update reported errors; checking Debian's lists"
  compgen -G '/var/lib/apt/lists/*_dists_*_Packages*' >/dev/null || die "apt-get update did not fetch Debian's package lists"
  APT_UPDATED=1
}

# Package maintainer scripts must never start a daemon (e.g. a system dockerd on /var/run/docker.sock).
POLICY_RC=/usr/sbin/policy-rc.d
POLICY_OURS=
no_daemons_on() {
  [ -e "$POLICY_RC" ] && return 0
  printf '#!/bin/sh\n# netatlas scripts/lab.sh: no service starts during package installs\nexit 101\n' >"$POLICY_RC"
  chmod 755 "$POLICY_RC"
  POLICY_OURS=1
}
no_daemons_off() { if [ -n "$POLICY_OURS" ]; then rm -f "$POLICY_RC"; POLICY_OURS=; fi; }
trap no_daemons_off EXIT

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" -q -y --no-install-recommends install "$@" >&2
}

apt_ensure() {
  command -v apt-get >/dev/null || die "apt-get not found: the lab needs Debian 12 packages"
  local p missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  apt-cache show "${missing[@]}" >/dev/null 2>&1 || apt_update   # no lists yet on a fresh machine
  no_daemons_on
  # Stale lists give 404s: refresh once and retry.
  apt_install "${missing[@]}" || { apt_update && apt_install "${missing[@]}"; } || die "could not install ${missing[*]}"
  no_daemons_off
}

debian_mirror() {
  local codename uri
  # shellcheck source=/dev/null
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  uri=$(awk -v c="$codename" '/^URIs:/{u=$2} /^Suites:/{for(i=2;i<=NF;i++) if($i==c){print u; exit}}' \
    /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 || true)
  [ -n "$uri" ] || uri=$(awk -v c="$codename" '$1=="deb" && $0 ~ " "c" " {for(i=2;i<=NF;i++) if($i ~ /^https?:\/\//){print $i; exit}}' \
    /etc/apt/sources.list 2>/dev/null | head -n1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

# Docker 26.1 = Debian 13's docker.io + containerd (+ tini: its docker-init), unpacked privately;
# the system's apt sources, lists and package cache are left alone. Debian 12's runc stays
# (trixie's runc needs glibc 2.38).
fetch_docker26() {
  [ -e "$D26/.complete" ] && return 0
  local t=$CACHE/trixie deb
  log "fetching Docker 26.1 (Debian 13 docker.io, containerd, tini) into $D26"
  mkdir -p "$t/lists/partial" "$t/cache/archives/partial" "$t/debs"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(debian_mirror) trixie main" >"$t/sources.list"
  # apt drops privileges to _apt for downloads; let it write here.
  if id _apt >/dev/null 2>&1; then chown -R _apt "$t/lists" "$t/debs"; fi
  local o=("${APT_OPTS[@]}" -o "Dir::Etc::sourcelist=$t/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$t/lists" -o "Dir::Cache=$t/cache")
  apt-get "${o[@]}" -qq update >&2 || return 1
  # apt-get update may exit 0 though nothing was fetched.
  compgen -G "$t/lists/*_dists_trixie_*Packages*" >/dev/null || return 1
  rm -f "$t"/debs/*.deb
  (cd "$t/debs" && apt-get "${o[@]}" -q download docker.io/trixie containerd/trixie tini/trixie >&2) || return 1
  rm -rf "$D26.tmp"
  mkdir -p "$D26.tmp/privbin"
  for deb in "$t"/debs/*.deb; do dpkg -x "$deb" "$D26.tmp" || return 1; done
  [ -x "$D26.tmp/usr/sbin/dockerd" ] || return 1
  ln -s /usr/sbin/runc "$D26.tmp/privbin/runc"
  touch "$D26.tmp/.complete"
  rm -rf "$D26"
  mv "$D26.tmp" "$D26"
}

# --- engine lifecycle -----------------------------------------------------------------------------
make_netns() {
  ip netns add "$NS"
  ip link add "$VETH" type veth peer name eth0 netns "$NS"
  ip addr add "10.211.$N.1/24" dev "$VETH"
  ip link set "$VETH" up
  ip -n "$NS" addr add "$LAB_ADDR/24" dev eth0
  ip -n "$NS" link set eth0 up
  ip -n "$NS" link set lo up
}

# Callers (CI, test runners) capture our output: the daemon must not inherit their pipes or our lock.
close_fds() {
  local fd
  for fd in "/proc/$BASHPID/fd/"*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

start_engine() {
  local ver=$1 dockerd path keep_netns=${2:-}
  if [ "$ver" = 26.1 ]; then
    dockerd=$D26/usr/sbin/dockerd
    path=$D26/privbin:$D26/usr/sbin:$D26/usr/bin:/usr/sbin:/usr/bin:/sbin:/bin
  else
    dockerd=/usr/sbin/dockerd
    path=/usr/sbin:/usr/bin:/sbin:/bin
  fi
  mkdir -p "$RUN/exec" "$STATE/data"
  echo "$ver" >"$STATE/engine"
  # Own (empty) config: a system /etc/docker/daemon.json must not leak into lab engines.
  echo '{}' >"$STATE/daemon.json"
  [ -n "$keep_netns" ] || make_netns
  log "starting Docker $ver in $NS (log: $LOGF)"
  # nsenter, not `ip netns exec`: that remounts /sys and dockerd then misses the cgroup mounts.
  # Own cgroup parent per slot, so `down` can find container processes even after a crash.
  # shellcheck disable=SC2016 # $0/$@ belong to the inner sh
  (
    close_fds
    exec env -i PATH="$path" HOME=/root setsid -f \
      nsenter --net="/run/netns/$NS" unshare --uts sh -c 'hostname "$0" && exec "$@"' "$NS" \
      "$dockerd" -H "$HOST" --data-root "$STATE/data" --exec-root "$RUN/exec" --pidfile "$PIDFILE" \
      --config-file "$STATE/daemon.json" --cgroup-parent "/$NS"
  ) </dev/null >>"$LOGF" 2>&1
}

wait_ready() {
  local i why="did not answer within 60 s"
  for i in $(seq 1 120); do
    server_version >/dev/null && return 0
    # Nothing left in the namespace: dockerd already died, no point waiting.
    if [ "$i" -gt 4 ] && [ -z "$(ip netns pids "$NS" 2>/dev/null)" ]; then why="exited"; break; fi
    sleep 0.5
  done
  log "error: engine '$NAME' $why; last lines of $LOGF:"
  tail -n 30 "$LOGF" >&2 || true
  exit 1
}

ensure_image() {
  dk image inspect "$IMAGE" >/dev/null 2>&1 && return 0
  local r a
  r=$(mktemp -d)
  mkdir -p "$r/bin" "$r/tmp"
  cp /bin/busybox "$r/bin/"
  for a in $APPLETS; do ln -s busybox "$r/bin/$a"; done
  echo "netatlas lab" >"$r/index.html"   # so `httpd -f -p 80` answers 200 on /
  tar -C "$r" -c . | dk import -c 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
  rm -rf "$r"
  log "built $IMAGE"
}

# Everything below only touches this slot: its namespace, veth, cgroups and its own dirs.
down_slot() {
  slot "$1"
  local pid pids ids i f m
  if engine_alive; then
    # Removing containers first makes the daemon's shutdown fast.
    mapfile -t ids < <(DK_TIMEOUT=10 dk ps -aq 2>/dev/null || true)
    [ ${#ids[@]} -eq 0 ] || DK_TIMEOUT=60 dk rm -f "${ids[@]}" >/dev/null 2>&1 || true
  fi
  if pid=$(slot_pid); then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 40); do [ -d "/proc/$pid" ] || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # Left-overs (containerd, shims, docker-proxy in the namespace; container processes in the
  # slot's cgroups), e.g. after a crash.
  for i in 1 2 3; do
    mapfile -t pids < <({ ip netns pids "$NS" 2>/dev/null || true
      cat /sys/fs/cgroup/*/"$NS"/*/cgroup.procs 2>/dev/null || true; } | sort -u)
    [ ${#pids[@]} -gt 0 ] || break
    kill -KILL "${pids[@]}" 2>/dev/null || true
    sleep 0.5
  done
  # containerd puts shim sockets in its fixed /run/containerd/s/: drop only those our shims used.
  for f in "$RUN"/exec/containerd/daemon/io.containerd.runtime.v2.task/*/*/address; do
    m=$(cat "$f" 2>/dev/null) || continue
    m=${m#unix://}
    if [[ $m == /run/containerd/s/* ]]; then rm -f "$m"; fi
  done
  awk -v a="$RUN/" -v b="$STATE/" 'index($5, a) == 1 || index($5, b) == 1 {print $5}' /proc/self/mountinfo |
    sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  ip netns del "$NS" 2>/dev/null || true
  ip link del "$VETH" 2>/dev/null || true
  find /sys/fs/cgroup/*/"$NS" -depth -type d -exec rmdir {} + 2>/dev/null || true
  rm -rf --one-file-system "$RUN" "$STATE"
  log "slot $NAME removed"
}

# --- commands -------------------------------------------------------------------------------------
lock() {
  mkdir -p "$RUN_ROOT"
  exec 9>"$RUN_ROOT/.lock"
  flock -w 600 9 || die "another lab.sh is still busy"
}

cmd_up() {
  need_root
  command -v apt-get >/dev/null || die "apt-get not found: the lab needs Debian 12 packages"
  case $ENGINE in 26.1 | 20.10) ;; *) die "unknown engine '$ENGINE' (26.1 or 20.10)" ;; esac
  slot "$NAME_OPT"
  lock
  apt_ensure docker.io iptables iproute2 busybox-static
  local ver=$ENGINE running
  if [ "$ver" = 26.1 ] && ! fetch_docker26; then
    log "warning: could not get Docker 26.1 (Debian 13 packages not reachable?); falling back to 20.10"
    ver=20.10
  fi
  if slot_exists; then
    if engine_alive; then
      running=$(server_version)
      if [[ $running == "$ver".* ]]; then
        ensure_image
        report
        return 0
      fi
      log "slot $NAME runs Docker ${running%% *}, $ver requested: restarting it"
    else
      log "slot $NAME exists but its engine is not running (crash or unclean stop): cleaning up"
    fi
    down_slot "$NAME"
  fi
  start_engine "$ver"
  wait_ready
  ensure_image
  report
}

report() {
  local v
  v=$(server_version)
  log "slot $NAME: Docker ${v% *} (API ${v#* }), netns $NS, lab address $LAB_ADDR (root side 10.211.$N.1 on $VETH)"
  echo "DOCKER_HOST=$HOST"
}

cmd_down() {
  need_root
  lock
  local s
  if [ -n "$ALL" ]; then
    for s in $(all_slots); do down_slot "$s"; done
  else
    slot "$NAME_OPT"
    if slot_exists; then down_slot "$NAME"; else log "slot $NAME is not there"; fi
  fi
  rmdir "$STATE_ROOT" 2>/dev/null || true
  if [ -n "$PURGE" ]; then rm -rf --one-file-system "$CACHE"; log "removed download cache $CACHE"; fi
}

cmd_restart() {
  need_root
  slot "$NAME_OPT"
  lock
  local pid i ver
  engine_alive || die "slot $NAME is not running (scripts/lab.sh up --name $NAME)"
  ver=$(cat "$STATE/engine")
  pid=$(slot_pid)
  log "stopping Docker $ver in $NS"
  kill -TERM "$pid"
  for i in $(seq 1 60); do [ -d "/proc/$pid" ] || break; sleep 0.5; done
  [ ! -d "/proc/$pid" ] || die "dockerd $pid did not stop within 30 s"
  start_engine "$ver" keep-netns
  wait_ready
  report
}

cmd_status() {
  local s v up=0 total=0 pid state
  printf '%-12s %-8s %-8s %-16s %-5s %-12s %s\n' SLOT STATE PID ENGINE API LAB_ADDR DOCKER_HOST
  for s in $(all_slots); do
    slot "$s"
    total=$((total + 1))
    pid=$(slot_pid || echo -)
    if v=$(server_version) && [ "$pid" != - ]; then state=running; up=$((up + 1)); else state=stopped; v="- -"; fi
    printf '%-12s %-8s %-8s %-16s %-5s %-12s %s\n' "$NAME" "$state" "$pid" "${v% *}" "${v#* }" "$LAB_ADDR" "$HOST"
  done
  [ "$up" -gt 0 ] || return 3
  [ "$up" -eq "$total" ] || return 1
}

cmd_env() {
  slot "$NAME_OPT"
  engine_alive || log "warning: slot $NAME is not running (scripts/lab.sh up --name $NAME)"
  echo "DOCKER_HOST=$HOST"
}

CMD=${1:-}
[ $# -gt 0 ] && shift
NAME_OPT=${NETATLAS_LAB_NAME:-a}
ENGINE=${NETATLAS_ENGINE_VERSION:-26.1}
ALL=
PURGE=
while [ $# -gt 0 ]; do
  case $1 in
    --name) NAME_OPT=${2:?--name needs a value}; shift ;;
    --engine) ENGINE=${2:?--engine needs a value}; shift ;;
    --all) ALL=1 ;;
    --purge) PURGE=1 ;;
    -h | --help) usage 0 ;;
    *) log "unknown option '$1'"; usage ;;
  esac
  shift
done

case $CMD in
  up) cmd_up ;;
  down) cmd_down ;;
  restart) cmd_restart ;;
  status) cmd_status ;;
  env) cmd_env ;;
  -h | --help | help) usage 0 ;;
  *) usage ;;
esac
