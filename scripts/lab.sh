#!/usr/bin/env bash
# scripts/lab.sh - private, real Docker engines ("lab hosts") for Netatlas tests.
# Each slot NAME is its own dockerd in network namespace netatlas-NAME, with its own socket, data,
# bridges and iptables. It never talks to or changes any other Docker engine on the machine.
#   up [--engine 26.1|20.10] [--name NAME]  start the slot (idempotent); last stdout line: DOCKER_HOST=...
#   up ... --tls DIR [--no-images]          the slot's engine also listens on tcp://10.211.N.2:2376 with --tlsverify,
#                                           using DIR/ca.pem, DIR/server-cert.pem, DIR/server-key.pem (copied into the
#                                           slot; other material than the running engine's restarts it); --no-images
#                                           skips building the test images (a faster start for a TLS-only slot)
#   up --hosts 2 [--engine 26.1|20.10]      engine B too: slots a (--engine) and b (always 20.10), linked
#                                           directly (a: lab-b 10.212.0.1, b: lab-a 10.212.0.2) and made a
#                                           two-node swarm, a manager and b worker (idempotent); last two
#                                           stdout lines: DOCKER_HOST=<a> and NETATLAS_ENGINES=a=<a>,b=<b>
#   down [--name NAME | --all] [--purge]    stop and remove slot(s); --purge also drops the download cache
#   restart [--name NAME]                   stop and start the slot's dockerd, keeping its data (containers
#                                           stop as on any daemon restart); for tests of engines that go away
#   status                                  list slots (last column SWARM: manager, worker or -);
#                                           exit 0 all running, 3 none running, 1 mixed
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

usage() { sed -n '2,/^# Needs root/s/^# \{0,1\}//p' "$0" >&2; exit "${1:-2}"; }

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
dkh() { local h=$1; shift; timeout "${DK_TIMEOUT:-60}" docker -H "$h" "$@"; }   # any slot's engine
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
# Lab addresses never leave this machine: a slot that is down has no 10.211.N.0/24 route, and without this
# a client still dialling its address (a feed retrying, a test's leftover engine) would follow the default route
# out. The blackhole answers "unreachable" at once; each running slot's /24 is more specific and wins.
blackhole_lab_range() {
  ip route replace blackhole 10.211.0.0/16
}

make_netns() {
  ip netns add "$NS"
  ip link add "$VETH" type veth peer name eth0 netns "$NS"
  ip addr add "10.211.$N.1/24" dev "$VETH"
  ip link set "$VETH" up
  ip -n "$NS" addr add "$LAB_ADDR/24" dev eth0
  ip -n "$NS" link set eth0 up
  ip -n "$NS" link set lo up
}

# close_fds: before starting a daemon, so it does not inherit our callers' pipes.
# shellcheck source=lib/close-fds.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/close-fds.sh"

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
  # A TLS slot (up --tls) also listens on its lab address with client certificates required, like a remote
  # engine set up by the docker docs ("Protect the Docker daemon socket").
  local tls_args=()
  if [ -f "$STATE/tls/ca.pem" ]; then
    tls_args=(-H "tcp://$LAB_ADDR:2376" --tlsverify --tlscacert "$STATE/tls/ca.pem"
      --tlscert "$STATE/tls/server-cert.pem" --tlskey "$STATE/tls/server-key.pem")
  fi
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
      --config-file "$STATE/daemon.json" --cgroup-parent "/$NS" "${tls_args[@]}"
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
  [ -z "$NO_IMAGES" ] || return 0
  ensure_lab_image
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

# The labs' image (netatlas/lab:1: busybox, curl, dig, nginx, haproxy, dnsmasq, ip), built on each slot it brings
# up; nothing when it is already there.
ensure_lab_image() {
  "$(dirname "${BASH_SOURCE[0]}")/lab-image.sh" "$HOST" || die "could not build the lab image on slot $NAME"
}

# --- engine B: slots a and b as two hosts of one swarm ------------------------------------------
# A veth pair straight from namespace to namespace (never in the root namespace): lab-b in netatlas-a
# (PAIR_A), lab-a in netatlas-b (PAIR_B). a is the swarm's manager, b its worker, both advertised on
# the link. The pair dies with either namespace.
PAIR_A=10.212.0.1
PAIR_B=10.212.0.2
A_HOST=unix://$RUN_ROOT/a/docker.sock
B_HOST=unix://$RUN_ROOT/b/docker.sock
SWARM_WAIT=60

pair_end_ok() {   # NS IFNAME ADDR: the interface is there, up (so is its peer), with the address
  ip -n "$1" -br addr show dev "$2" 2>/dev/null |
    awk -v a="$3/24" '$2 == "UP" { for (i = 3; i <= NF; i++) if ($i == a) ok = 1 } END { exit !ok }'
}

ensure_pair_link() {
  pair_end_ok netatlas-a lab-b "$PAIR_A" && pair_end_ok netatlas-b lab-a "$PAIR_B" && return 0
  log "linking netatlas-a (lab-b $PAIR_A/24) and netatlas-b (lab-a $PAIR_B/24)"
  ip -n netatlas-a link del lab-b 2>/dev/null || true
  ip -n netatlas-b link del lab-a 2>/dev/null || true
  drop_stray_pair_ends
  ip -n netatlas-a link add lab-b type veth peer name lab-a netns netatlas-b
  ip -n netatlas-a addr add "$PAIR_A/24" dev lab-b
  ip -n netatlas-b addr add "$PAIR_B/24" dev lab-a
  ip -n netatlas-a link set lab-b up
  ip -n netatlas-b link set lab-a up
}

# The pair is made inside the namespaces; should an end ever be left in the root namespace, drop it.
drop_stray_pair_ends() {
  local i
  for i in lab-a lab-b; do
    if ip link show dev "$i" >/dev/null 2>&1; then ip link del "$i" 2>/dev/null || true; fi
  done
}

# An engine's swarm membership: "state|manager?|node id|node address|its own manager address",
# e.g. "active|true|kt0b...|10.212.0.1|10.212.0.1:2377" (the last is empty on workers).
swarm_info() {
  DK_TIMEOUT=10 dkh "$1" info --format '{{.Swarm.LocalNodeState}}|{{.Swarm.ControlAvailable}}|{{.Swarm.NodeID}}|{{.Swarm.NodeAddr}}|{{range .Swarm.RemoteManagers}}{{if eq .NodeID $.Swarm.NodeID}}{{.Addr}}{{end}}{{end}}'
}

swarm_role() {   # for status: manager, worker, - (not in a swarm) or the state (pending, error, locked)
  local st
  st=$(swarm_info "$1" 2>/dev/null) || { echo -; return; }
  case $st in
    active\|true\|*) echo manager ;;
    active\|*) echo worker ;;
    inactive\|* | '') echo - ;;
    *) echo "${st%%|*}" ;;
  esac
}

swarm_init_a() {
  dkh "$A_HOST" swarm init --advertise-addr "$PAIR_A" --data-path-addr "$PAIR_A" >/dev/null
}

# a must manage a swarm advertised on the link; b must be its worker. Only what is wrong is changed.
ensure_swarm() {
  local st a_state a_mgr a_id a_addr a_maddr b_state b_id b_addr node i stale token
  st=$(swarm_info "$A_HOST") || die "slot a does not answer docker info"
  IFS='|' read -r a_state a_mgr a_id a_addr a_maddr <<<"$st"
  if [ "$a_state" = active ] && [ "$a_mgr" = true ]; then
    if [ "$a_addr" != "$PAIR_A" ] || [ "$a_maddr" != "$PAIR_A:2377" ]; then
      # A swarm made on another address, which b cannot reach. (`swarm init --force-new-cluster
      # --advertise-addr` would keep its state but not move the manager's raft address.)
      log "slot a manages a swarm advertised on ${a_maddr:-$a_addr}, not on the link: leaving it (its services and overlays go), then swarm init"
      dkh "$A_HOST" swarm leave --force >/dev/null
      swarm_init_a
    fi
  elif [ "$a_state" = inactive ]; then
    log "slot a: swarm init (manager, advertised on $PAIR_A)"
    swarm_init_a
  else
    log "slot a is in a swarm as $([ "$a_state" = active ] && echo worker || echo "$a_state"), not its manager: leaving it, then swarm init"
    dkh "$A_HOST" swarm leave --force >/dev/null || true
    swarm_init_a
  fi
  st=$(swarm_info "$A_HOST") || die "slot a does not answer docker info"
  IFS='|' read -r a_state a_mgr a_id a_addr a_maddr <<<"$st"

  st=$(swarm_info "$B_HOST") || die "slot b does not answer docker info"
  IFS='|' read -r b_state _ b_id b_addr _ <<<"$st"
  node=
  if [ "$b_state" = active ] && [ -n "$b_id" ]; then
    node=$(DK_TIMEOUT=10 dkh "$A_HOST" node inspect "$b_id" --format '{{.Spec.Role}}' 2>/dev/null) || node=
  fi
  case $node in
    worker) ;;   # joined (if not Ready yet, e.g. just restarted, the wait below covers it)
    manager)
      log "slot b is a manager of a's swarm: demoting it to worker"
      # A node only just promoted cannot be demoted before it is in raft (here ~40 s, its manager
      # certificate comes first). Leaving instead could cost a its quorum: wait.
      for i in $(seq 1 180); do
        DK_TIMEOUT=10 dkh "$A_HOST" node demote "$b_id" >/dev/null 2>&1 && break
        [ "$i" -lt 180 ] || dkh "$A_HOST" node demote "$b_id" >/dev/null
        if [ "$i" = 1 ]; then log "slot b is still becoming a manager: waiting for that before demoting it"; fi
        sleep 0.5
      done ;;
    *)
      if [ "$b_state" != inactive ]; then
        log "slot b is not a node of a's swarm (its swarm state: $b_state${b_addr:+, advertised on $b_addr}): leaving that swarm"
        dkh "$B_HOST" swarm leave --force >/dev/null || true
      fi
      log "slot b: swarm join as worker ($PAIR_B -> $PAIR_A:2377)"
      token=$(dkh "$A_HOST" swarm join-token -q worker)
      dkh "$B_HOST" swarm join --token "$token" --advertise-addr "$PAIR_B" --data-path-addr "$PAIR_B" "$PAIR_A:2377" >/dev/null
      st=$(swarm_info "$B_HOST") || die "slot b does not answer docker info"
      IFS='|' read -r b_state _ b_id b_addr _ <<<"$st"
      # Nodes an earlier slot b left behind (Down for good).
      stale=$(dkh "$A_HOST" node ls --format '{{.ID}} {{.Hostname}}' | awk -v me="$b_id" '$2 == "netatlas-b" && $1 != me {print $1}')
      if [ -n "$stale" ]; then
        # shellcheck disable=SC2086 # one id per word
        dkh "$A_HOST" node rm --force $stale >/dev/null || true
      fi ;;
  esac

  for i in $(seq 1 $((SWARM_WAIT * 2))); do
    st=$(DK_TIMEOUT=10 dkh "$A_HOST" node inspect "$a_id" "$b_id" --format '{{.Status.State}}' 2>/dev/null | tr '\n' ' ') || st=
    [ "$st" = "ready ready " ] && return 0
    sleep 0.5
  done
  log "error: the swarm's nodes are not both Ready after $SWARM_WAIT s; docker node ls on slot a:"
  dkh "$A_HOST" node ls >&2 || true
  for i in a b; do
    log "last lines of $STATE_ROOT/$i/dockerd.log:"
    tail -n 20 "$STATE_ROOT/$i/dockerd.log" >&2 || true
  done
  exit 1
}

# Before slot a or b goes: its partner is not left in a half swarm. a going: b (a's worker) leaves
# the swarm; b going: a forgets b's node. The link itself goes with either namespace.
swarm_part() {
  local ids
  case $1 in
    a)
      if DK_TIMEOUT=5 dkh "$B_HOST" info --format '{{range .Swarm.RemoteManagers}}{{.Addr}} {{end}}' 2>/dev/null |
        grep -qF "$PAIR_A:2377"; then
        log "slot b leaves a's swarm"
        DK_TIMEOUT=20 dkh "$B_HOST" swarm leave --force >/dev/null 2>&1 || true
      fi ;;
    b)
      if [ "$(swarm_role "$A_HOST")" = manager ]; then
        ids=$(DK_TIMEOUT=10 dkh "$A_HOST" node ls --format '{{.ID}} {{.Hostname}}' 2>/dev/null | awk '$2 == "netatlas-b" {print $1}') || ids=
        if [ -n "$ids" ]; then
          log "slot a's swarm forgets slot b's node"
          # shellcheck disable=SC2086 # one id per word
          DK_TIMEOUT=20 dkh "$A_HOST" node rm --force $ids >/dev/null 2>&1 || true
        fi
      fi ;;
  esac
}

# Everything below only touches this slot: its namespace, veth, cgroups and its own dirs (and, for
# a and b, their swarm membership and link).
down_slot() {
  slot "$1"
  local pid pids ids i f m
  case $NAME in a | b) swarm_part "$NAME" ;; esac
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
  case $NAME in a | b) drop_stray_pair_ends ;; esac
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
  blackhole_lab_range
  case $ENGINE in 26.1 | 20.10) ;; *) die "unknown engine '$ENGINE' (26.1 or 20.10)" ;; esac
  case ${HOSTS:-1} in
    1) ;;
    2)
      if [ -n "$NAME_SET" ] && [ "$NAME_OPT" != a ]; then die "--hosts 2 always uses slots a and b (drop --name $NAME_OPT)"; fi
      NAME_OPT=a ;;
    *) die "--hosts takes 1 (one slot, the default) or 2 (slots a and b as a two-node swarm), not '$HOSTS'" ;;
  esac
  if [ -n "$TLS_DIR" ]; then
    [ "${HOSTS:-1}" = 1 ] || die "--tls is for one slot, not --hosts 2"
    local f
    for f in $TLS_FILES; do [ -r "$TLS_DIR/$f" ] || die "--tls $TLS_DIR: $f missing"; done
    TLS_DIR=$(cd "$TLS_DIR" && pwd)
  fi
  slot "$NAME_OPT"
  lock
  # nginx..dnsmasq-base: netatlas/lab:1; openssh-server: scripts/lab-sshd.sh (an ssh:// engine in front of a slot)
  apt_ensure docker.io iptables iproute2 busybox-static tcpdump curl bind9-dnsutils nginx haproxy dnsmasq-base openssh-server
  local ver=$ENGINE
  if [ "$ver" = 26.1 ] && ! fetch_docker26; then
    log "warning: could not get Docker 26.1 (Debian 13 packages not reachable?); falling back to 20.10"
    ver=20.10
  fi
  up_slot "$NAME_OPT" "$ver"
  if [ "${HOSTS:-1}" = 1 ]; then
    echo "DOCKER_HOST=$HOST"
    return 0
  fi
  up_slot b 20.10   # engine B is always Debian 12's Docker 20.10: a mixed-version swarm with 26.1
  ensure_pair_link
  ensure_swarm
  log "swarm: a manager ($PAIR_A on lab-b), b worker ($PAIR_B on lab-a), both Ready"
  echo "DOCKER_HOST=$A_HOST"
  echo "NETATLAS_ENGINES=a=$A_HOST,b=$B_HOST"
}

# Slot NAME running engine VER: a running slot of that version is reused, anything else is
# cleaned up and started afresh.
up_slot() {
  slot "$1"
  local ver=$2 running
  if slot_exists; then
    if engine_alive; then
      running=$(server_version)
      if [[ $running == "$ver".* ]] && tls_same; then
        ensure_image
        report
        return 0
      fi
      if [[ $running == "$ver".* ]]; then
        log "slot $NAME: other TLS material requested: restarting it"
      else
        log "slot $NAME runs Docker ${running%% *}, $ver requested: restarting it"
      fi
    else
      log "slot $NAME exists but its engine is not running (crash or unclean stop): cleaning up"
    fi
    down_slot "$NAME"
  fi
  take_tls
  start_engine "$ver"
  wait_ready
  ensure_image
  report
}

# --tls DIR: the three server files, as the running engine has them (nothing asked: whatever it has is fine).
TLS_FILES="ca.pem server-cert.pem server-key.pem"
tls_same() {
  local f
  [ -n "$TLS_DIR" ] || return 0
  for f in $TLS_FILES; do cmp -s "$TLS_DIR/$f" "$STATE/tls/$f" || return 1; done
}
take_tls() {
  local f
  [ -n "$TLS_DIR" ] || return 0
  mkdir -p "$STATE/tls"
  chmod 700 "$STATE/tls"
  for f in $TLS_FILES; do install -m 600 "$TLS_DIR/$f" "$STATE/tls/$f"; done
}

report() {
  local v
  v=$(server_version)
  log "slot $NAME: Docker ${v% *} (API ${v#* }), netns $NS, lab address $LAB_ADDR (root side 10.211.$N.1 on $VETH)${TLS_DIR:+, TLS on tcp://$LAB_ADDR:2376}"
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
  echo "DOCKER_HOST=$HOST"
}

cmd_status() {
  local s v up=0 total=0 pid state role
  printf '%-12s %-8s %-8s %-16s %-5s %-12s %-49s %s\n' SLOT STATE PID ENGINE API LAB_ADDR DOCKER_HOST SWARM
  for s in $(all_slots); do
    slot "$s"
    total=$((total + 1))
    pid=$(slot_pid || echo -)
    role=-
    if v=$(server_version) && [ "$pid" != - ]; then
      state=running; up=$((up + 1)); role=$(swarm_role "$HOST")
    else
      state=stopped; v="- -"
    fi
    printf '%-12s %-8s %-8s %-16s %-5s %-12s %-49s %s\n' "$NAME" "$state" "$pid" "${v% *}" "${v#* }" "$LAB_ADDR" "$HOST" "$role"
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
NAME_SET=
HOSTS=
ALL=
PURGE=
TLS_DIR=
NO_IMAGES=
while [ $# -gt 0 ]; do
  case $1 in
    --name) NAME_OPT=${2:?--name needs a value}; NAME_SET=1; shift ;;
    --hosts) HOSTS=${2:?--hosts needs a value}; shift ;;
    --engine) ENGINE=${2:?--engine needs a value}; shift ;;
    --all) ALL=1 ;;
    --purge) PURGE=1 ;;
    --tls) TLS_DIR=${2:?--tls needs a folder}; shift ;;
    --no-images) NO_IMAGES=1 ;;
    -h | --help) usage 0 ;;
    *) log "unknown option '$1'"; usage ;;
  esac
  shift
done
if [ -n "$HOSTS" ] && [ "$CMD" != up ]; then die "--hosts is only for 'up'"; fi

case $CMD in
  up) cmd_up ;;
  down) cmd_down ;;
  restart) cmd_restart ;;
  status) cmd_status ;;
  env) cmd_env ;;
  -h | --help | help) usage 0 ;;
  *) usage ;;
esac
