#!/usr/bin/env bash
# scripts/lab-image.sh [DOCKER_HOST] - builds the labs' image netatlas/lab:1 on an engine.
# Nothing can be pulled on the lab engines (no registry is reachable), so the image is assembled from
# this machine's Debian 12 packages: busybox applets (sh, ping, nc, nslookup, wget, httpd, ...), curl,
# dig, nginx, haproxy, dnsmasq (a DNS server for --dns lessons) and iproute2's ip/ss, each with the
# shared libraries `ldd` names and the loader, plus a minimal /etc. Then `docker import` with
# CMD ["/bin/sh"]. An image of this recipe already on the engine is kept (a second run takes well
# under a second); one of an older recipe is replaced. DOCKER_HOST defaults to the environment's.
# Settings: NETATLAS_LAB_IMAGE (default netatlas/lab:1). Needs root for apt-get when packages are missing.
# See docs/lab.md ("Lab image") and docs/labs.md.
set -euo pipefail

HOST=${1:-${DOCKER_HOST:-}}
IMAGE=${NETATLAS_LAB_IMAGE:-netatlas/lab:1}
# Bump when the image's content changes: engines holding an older build get the new one.
RECIPE=4
PACKAGES=(busybox-static curl bind9-dnsutils nginx haproxy iproute2 dnsmasq-base)
# Real programs in the image (besides busybox); their names are never busybox links.
PROGRAMS=(/usr/bin/curl /usr/bin/dig /usr/sbin/nginx /usr/sbin/haproxy /usr/sbin/ip /usr/bin/ss /usr/sbin/dnsmasq)

log() { printf 'lab-image: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ -n "$HOST" ] || die "no engine: pass DOCKER_HOST (unix:///run/netatlas-lab/a/docker.sock) or set it"
dk() { timeout "${DK_TIMEOUT:-120}" docker -H "$HOST" "$@"; }

# Cached on the engine: nothing to do.
recipe() { dk image inspect --format '{{index .Config.Labels "netatlas.lab-image.recipe"}}' "$IMAGE" 2>/dev/null; }
[ "$(recipe)" = "$RECIPE" ] && exit 0
# One build at a time (lab.sh and a test suite may ask together); the one that waited finds it done.
exec 8>/tmp/netatlas-lab-image.lock
flock -w 300 8 || die "another lab-image.sh is still busy"
[ "$(recipe)" = "$RECIPE" ] && exit 0
old=$(dk image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null) || old=

# --- packages (only what is missing; no daemon may start during the install) ---------------------
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing packages ${missing[*]} (run as root to install them)"
  log "installing ${missing[*]}"
  policy=/usr/sbin/policy-rc.d ours=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# netatlas scripts/lab-image.sh: no service starts during package installs\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    ours=1
  fi
  apt=(apt-get -o DPkg::Lock::Timeout=300 -q -y --no-install-recommends)
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >&2 ||
    { apt-get -o DPkg::Lock::Timeout=300 -qq update >&2 || true
      DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >&2; } ||
    { [ -z "$ours" ] || rm -f "$policy"; die "could not install ${missing[*]}"; }
  [ -z "$ours" ] || rm -f "$policy"
fi

# --- the root filesystem --------------------------------------------------------------------------
R=$(mktemp -d /tmp/netatlas-lab-image.XXXXXX)
trap 'rm -rf "$R"' EXIT

# A file (a symlink is followed) copied to the same path under $R.
put() { mkdir -p "$R$(dirname "$1")"; cp -L "$1" "$R$1"; }

libs=()
for prog in "${PROGRAMS[@]}"; do
  [ -x "$prog" ] || die "$prog is missing (package not installed?)"
  put "$prog"
  # "libx.so => /path (0x...)" and the loader's "/lib64/ld-linux-x86-64.so.2 (0x...)"
  while read -r lib; do libs+=("$lib"); done < <(ldd "$prog" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}')
done
# glibc loads libgcc_s when a thread is cancelled or exits (haproxy's threads); not in ldd's list.
for extra in /lib/x86_64-linux-gnu/libgcc_s.so.1; do [ -e "$extra" ] && libs+=("$extra"); done
mapfile -t libs < <(printf '%s\n' "${libs[@]}" | sort -u)
for lib in "${libs[@]}"; do put "$lib"; done

# busybox: every applet as a link in /bin, except names a real program above has.
mkdir -p "$R/bin"
cp /bin/busybox "$R/bin/busybox"
declare -A real=()
for prog in "${PROGRAMS[@]}"; do real[${prog##*/}]=1; done
for a in $(/bin/busybox --list); do
  [ "$a" = busybox ] || [ -n "${real[$a]:-}" ] || ln -s busybox "$R/bin/$a"
done

mkdir -p "$R/etc" "$R/tmp" "$R/root" "$R/www" "$R/run" "$R/var/log/nginx" "$R/var/www/html" \
  "$R/var/lib/nginx"/{body,proxy,fastcgi,uwsgi,scgi} "$R/etc/nginx" "$R/etc/haproxy" "$R/usr/local/bin"
chmod 1777 "$R/tmp"
ln -s /run "$R/var/run"   # as on Debian: dnsmasq and others write their pid files there
cat >"$R/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
www-data:x:33:33:www-data:/var/www:/bin/false
haproxy:x:101:101:haproxy:/var/lib/haproxy:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >"$R/etc/group" <<'EOF'
root:x:0:
www-data:x:33:
haproxy:x:101:
dip:x:30:
nogroup:x:65534:
EOF
echo 'hosts: files dns' >"$R/etc/nsswitch.conf"
# So `httpd -f -p 80` (home: the working dir /) and `httpd -f -p 80 -h /www` answer 200 on /.
echo "netatlas lab" >"$R/index.html"
echo "netatlas lab" >"$R/www/index.html"
echo "netatlas lab" >"$R/var/www/html/index.html"
cp /etc/nginx/mime.types "$R/etc/nginx/mime.types"
# nginx: one server on port 80 serving /var/www/html, in the foreground (as a container's main process).
cat >"$R/etc/nginx/nginx.conf" <<'EOF'
# netatlas/lab:1 - one server on port 80 serving /var/www/html; nginx stays in the foreground.
daemon off;
user www-data;
worker_processes 1;
pid /run/nginx.pid;
error_log stderr;
events { worker_connections 256; }
http {
  include mime.types;
  access_log off;
  server {
    listen 80 default_server;
    root /var/www/html;
  }
}
EOF
# haproxy: the labs' load balancer. BACKENDS is one DNS name and port (e.g. lab-lb-app:80); every address
# Docker's DNS (127.0.0.11) gives for it becomes a server, looked up again every second, each checked
# every second: a backend that goes away leaves the rotation, a network change brings new ones. An
# address missing from an answer goes after 1 s; a failed lookup (Docker may forward the AAAA question
# to outside servers that never answer) keeps the servers for 30 s instead of emptying the backend.
cat >"$R/etc/haproxy/haproxy.cfg" <<'EOF'
# netatlas/lab:1 - HTTP on port 80, round robin over every address of "${BACKENDS}" (name:port).
# docker run -d -e BACKENDS=web:80 netatlas/lab:1 haproxy -f /etc/haproxy/haproxy.cfg
global
  maxconn 256
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
  retries 2
  option redispatch
resolvers docker
  nameserver dns 127.0.0.11:53
  accepted_payload_size 1232
  hold valid 1s
  hold obsolete 1s
  hold nx 30s
  hold other 30s
  hold refused 30s
  hold timeout 30s
frontend web
  bind :80
  default_backend app
backend app
  balance roundrobin
  server-template app 1-10 "${BACKENDS}" check inter 1s fall 1 rise 1 resolvers docker resolve-prefer ipv4 init-addr none
EOF

log "importing $IMAGE ($(du -sh "$R" | cut -f1)) into $HOST"
tar -C "$R" --owner=0 --group=0 -c . | dk import -c 'CMD ["/bin/sh"]' -c "LABEL netatlas.lab-image.recipe=$RECIPE" - "$IMAGE" >/dev/null
# The older build, now untagged, goes too (kept while a container still uses it).
[ -z "$old" ] || dk rmi "$old" >/dev/null 2>&1 || true
log "built $IMAGE"
