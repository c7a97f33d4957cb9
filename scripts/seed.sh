#!/usr/bin/env bash
# scripts/seed.sh - a small, real example topology on the engine at DOCKER_HOST, so a first screen has
# something to show: three tiers (public, internal, --internal data), aliases, a published port, a static
# IP, host and none mode, a container sharing another's stack and a stopped one. Everything carries the
# label netatlas.example=true; `seed.sh remove` deletes exactly those objects. Idempotent.
set -euo pipefail

IMAGE=${NETATLAS_IMAGE:-netatlas/busybox:latest}
LABEL=netatlas.example=true
dk() { docker "$@"; }

if [ "${1:-}" = remove ]; then
  svcs=$(dk service ls -q --filter "label=$LABEL" 2>/dev/null || true)
  [ -z "$svcs" ] || { dk service rm $svcs >/dev/null; sleep 3; }
  ids=$(dk ps -aq --filter "label=$LABEL")
  [ -z "$ids" ] || dk rm -f $ids >/dev/null
  nets=$(dk network ls -q --filter "label=$LABEL")
  [ -z "$nets" ] || dk network rm $nets >/dev/null
  echo "seed: example topology removed" >&2
  exit 0
fi

net() { # name, then docker network create options
  local name=$1; shift
  dk network inspect "$name" >/dev/null 2>&1 || dk network create --label "$LABEL" "$@" "$name" >/dev/null
}
run() { # name, then docker run options and command
  local name=$1; shift
  dk container inspect "$name" >/dev/null 2>&1 || dk run -d --name "$name" --label "$LABEL" "$@" >/dev/null
}

net example-public --subnet 10.90.1.0/24 --gateway 10.90.1.1 --label netatlas.tier=public
net example-internal --subnet 10.90.2.0/24 --ip-range 10.90.2.128/25 --label netatlas.tier=internal \
  -o com.docker.network.driver.mtu=1450
net example-data --internal --subnet 10.90.3.0/24 --label netatlas.tier=data

run example-proxy --network example-public --network-alias www -p 127.0.0.1:8080:80 \
  "$IMAGE" httpd -f -p 80 -h /
run example-api --network example-public --network-alias api "$IMAGE" sleep 2147483647
dk network connect --alias api example-internal example-api 2>/dev/null || true
run example-worker --network example-internal "$IMAGE" sleep 2147483647
run example-db --network example-internal --network-alias db "$IMAGE" sleep 2147483647
dk network connect --ip 10.90.3.10 --alias db example-data example-db 2>/dev/null || true
run example-cache --network example-data --network-alias cache "$IMAGE" sleep 2147483647
run example-sidecar --network container:example-api "$IMAGE" sleep 2147483647
run example-hostnet --network host "$IMAGE" sleep 2147483647
run example-isolated --network none "$IMAGE" sleep 2147483647
if ! dk container inspect example-stopped >/dev/null 2>&1; then
  dk create --name example-stopped --label "$LABEL" --network example-internal "$IMAGE" true >/dev/null
fi
# On a swarm manager (scripts/lab.sh up --hosts 2): an overlay across the hosts with a service on it, and an
# encrypted one with a global service (one task per host), so the map shows a plain and a locked VXLAN tunnel.
if [ "$(dk info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)" = true ]; then
  dk network inspect example-mesh >/dev/null 2>&1 ||
    dk network create --driver overlay --attachable --label "$LABEL" --subnet 10.90.8.0/24 example-mesh >/dev/null
  dk network inspect example-secure >/dev/null 2>&1 ||
    dk network create --driver overlay --opt encrypted --label "$LABEL" --subnet 10.90.9.0/24 example-secure >/dev/null
  dk service inspect example-web >/dev/null 2>&1 ||
    dk service create --detach --no-resolve-image --name example-web --label "$LABEL" --network example-mesh \
      --replicas 4 --replicas-max-per-node 2 -p 8088:80 "$IMAGE" httpd -f -p 80 -h / >/dev/null
  dk service inspect example-vault >/dev/null 2>&1 ||
    dk service create --detach --no-resolve-image --name example-vault --label "$LABEL" --network example-secure \
      --mode global "$IMAGE" sleep 2147483647 >/dev/null
fi
echo "seed: example topology ready ($(dk ps -aq --filter "label=$LABEL" | wc -l) containers)" >&2
