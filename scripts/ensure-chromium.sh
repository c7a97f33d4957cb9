#!/usr/bin/env bash
# scripts/ensure-chromium.sh - make sure Debian's Chromium (used by the Playwright e2e tests through
# executablePath /usr/bin/chromium) and basic fonts are installed; prints the Chromium version.
# Idempotent: installs nothing when all is there. Needs root and apt (Debian 12).
set -euo pipefail

PKGS=(chromium fonts-dejavu-core fonts-liberation fonts-noto-color-emoji)   # fonts: readable text (and the map's 🔒) in screenshots
APT_OPTS=(-o DPkg::Lock::Timeout=300)

log() { printf 'ensure-chromium: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

apt_update() {
  # Extra third-party sources may be unreachable here; only Debian's own lists matter.
  apt-get "${APT_OPTS[@]}" -qq update >&2 || log "warning: apt-get update reported errors; checking Debian's lists"
  compgen -G '/var/lib/apt/lists/*_dists_*_Packages*' >/dev/null || die "apt-get update did not fetch Debian's package lists"
}
apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" -q -y --no-install-recommends install "$@" >&2
}

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ! -x /usr/bin/chromium ] || [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "must run as root to install ${missing[*]:-chromium}"
  command -v apt-get >/dev/null || die "apt-get not found: needs Debian packages"
  log "installing ${missing[*]:-chromium (again: /usr/bin/chromium is missing)}"
  [ ${#missing[@]} -gt 0 ] || missing=(--reinstall chromium)
  updated=
  if ! apt-cache show chromium >/dev/null 2>&1; then apt_update; updated=1; fi   # no lists yet
  if ! apt_install "${missing[@]}"; then
    # Stale lists give 404s: refresh once and retry.
    [ -z "$updated" ] || die "could not install ${missing[*]}"
    apt_update
    apt_install "${missing[@]}" || die "could not install ${missing[*]}"
  fi
fi
/usr/bin/chromium --version
