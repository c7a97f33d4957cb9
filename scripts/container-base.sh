#!/usr/bin/env bash
# scripts/container-base.sh - builds, from Debian 12 packages, a Node 20 base image equivalent (for
# Netatlas) to the public node:20-bookworm-slim, and imports it into the engine at DOCKER_HOST. For machines
# where no registry is reachable (the CI machine; the lab engines cannot pull anything): the host fetches
# Debian's libc6, libgcc-s1, libstdc++6 and busybox .debs with apt-get download (the host's own apt mirror),
# unpacks them into a merged-/usr root, adds the machine's own Node 20 binary (/usr/bin/node of the `nodejs`
# package) as /usr/local/bin/node, a `node` user (uid 1000, as in the official image) and /tmp, and runs
# `docker import`. busybox gives /bin/sh and the few tools the Dockerfile's build stage uses.
# Not in it, unlike the official image: npm, yarn, corepack, python, ca-certificates (Node has its own CAs).
# Prints the image's name on stdout (the last line); reuses it when it is already there (same Node version).
# Usage: DOCKER_HOST=... scripts/container-base.sh [image-name]
set -euo pipefail
say() { printf 'container-base: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

node_bin=$(command -v node) || die "no node on this machine (Netatlas needs Node 20)"
node_bin=$(readlink -f "$node_bin")
version=$("$node_bin" --version) # v20.20.2
[[ $version == v20.* ]] || die "the machine's node is $version; this base wants Node 20 (node:20-bookworm-slim)"
image=${1:-netatlas/node-base:${version#v}-bookworm}

if docker image inspect "$image" >/dev/null 2>&1; then
  say "$image is already there"
  echo "$image"
  exit 0
fi

cache=${NETATLAS_BASE_CACHE:-/var/cache/netatlas-lab/container-base}
mkdir -p "$cache"
pkgs=(libc6 libgcc-s1 libstdc++6 busybox)
fetch() { (cd "$cache" && apt-get -q -o APT::Sandbox::User=root download "${pkgs[@]}" >&2); }
if ! compgen -G "$cache/libc6_*.deb" >/dev/null || ! compgen -G "$cache/busybox_*.deb" >/dev/null ||
  ! compgen -G "$cache/libstdc++6_*.deb" >/dev/null || ! compgen -G "$cache/libgcc-s1_*.deb" >/dev/null; then
  say "fetching ${pkgs[*]} from Debian (apt-get download)…"
  fetch || { say "apt-get download failed; apt-get update, then again"; apt-get -qq update >&2; fetch; } ||
    die "cannot fetch ${pkgs[*]} from Debian's mirror"
fi

root=$(mktemp -d /tmp/netatlas-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
# Debian 12's merged /usr: /bin, /sbin, /lib, /lib64 are links into /usr, kept while unpacking.
mkdir -p "$root"/usr/{bin,sbin,lib,lib64} "$root"/usr/local/bin "$root"/{etc,tmp,root,home/node,proc,sys,dev,run,var/tmp}
for d in bin sbin lib lib64; do ln -s "usr/$d" "$root/$d"; done
for p in "${pkgs[@]}"; do
  deb=$(ls -1 "$cache/${p}"_*.deb | sort -V | tail -n1)
  say "unpacking $(basename "$deb")"
  dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink -C "$root"
done
# busybox's applets as links (sh, cp, mkdir, …), without overwriting anything a package installed.
for a in $("$root/bin/busybox" --list); do
  [ -e "$root/usr/bin/$a" ] || ln -s busybox "$root/usr/bin/$a"
done
install -m 0755 "$node_bin" "$root/usr/local/bin/node"
chmod 1777 "$root/tmp" "$root/var/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\nnogroup:x:65534:\n' >"$root/etc/group"
chown 1000:1000 "$root/home/node"
rm -rf "$root"/usr/share/{doc,man,lintian,locale} "$root"/usr/lib/x86_64-linux-gnu/gconv

say "importing $image (Node $version from $(dpkg -S "$node_bin" 2>/dev/null | cut -d: -f1 || echo "$node_bin"))…"
tar --numeric-owner -C "$root" -cf - . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=${version#v}" \
  --change 'CMD ["node"]' \
  --message "Node $version on Debian 12 packages (scripts/container-base.sh)" - "$image" >&2
echo "$image"
