#!/usr/bin/env bash
# Made ONCE (the unit tests hold the fingerprints printed at the end): TLS and SSH material and a docker CLI
# context store for lib/engines/*.test.ts. Re-running makes new keys, so the expected values in the tests must
# then be updated from this script's output. Needs openssl, ssh-keygen and the docker CLI (no daemon).
# Validity is fixed (openssl ca -startdate/-enddate) so tests can use fixed clocks:
#   CAs 2025-01-01..2026-06-01, client certificate 2025-01-01..2026-01-01.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tls="$here/tls" ssh="$here/ssh" cfg="$here/docker-config"
rm -rf "$tls" "$ssh" "$cfg"
mkdir -p "$tls" "$ssh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat >"$work/ca.cnf" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $work
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
default_md = sha256
policy = any
copy_extensions = none
[ any ]
commonName = supplied
organizationName = optional
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
CNF

ca() { # name subject
  : >"$work/index.txt"; echo 01 >"$work/serial"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$1-key.pem" 2>/dev/null 2>&1
  openssl req -new -key "$work/$1-key.pem" -subj "$2" -out "$work/$1.csr"
  openssl ca -batch -config "$work/ca.cnf" -selfsign -keyfile "$work/$1-key.pem" -in "$work/$1.csr" \
    -extensions v3_ca -startdate 20250101000000Z -enddate 20260601000000Z -notext -out "$tls/$1.pem" 2>/dev/null 2>&1
}
ca ca "/O=Netatlas Test/CN=Netatlas Test CA"
ca ca2 "/O=Netatlas Test/CN=Netatlas Second CA"
cat "$tls/ca.pem" "$tls/ca2.pem" >"$tls/bundle.pem"

# Client certificate and key (PKCS#8, unencrypted), signed by the first CA.
: >"$work/index.txt"; echo 02 >"$work/serial"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tls/client-key.pem" 2>/dev/null 2>&1
openssl req -new -key "$tls/client-key.pem" -subj "/O=Netatlas Test/CN=netatlas-client" -out "$work/client.csr"
openssl ca -batch -config "$work/ca.cnf" -cert "$tls/ca.pem" -keyfile "$work/ca-key.pem" -in "$work/client.csr" \
  -extensions v3_client -startdate 20250101000000Z -enddate 20260101000000Z -notext -out "$tls/client-cert.pem" 2>/dev/null 2>&1

# A key that belongs to no certificate here, and encrypted keys in both PEM forms (passphrase "fixture").
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tls/other-key.pem" 2>/dev/null 2>&1
openssl pkcs8 -topk8 -in "$tls/client-key.pem" -v2 aes-256-cbc -passout pass:fixture -out "$tls/key-pkcs8-encrypted.pem"
openssl genrsa -traditional -aes256 -passout pass:fixture -out "$tls/key-traditional-encrypted.pem" 2048 2>/dev/null 2>&1

# SSH: an ed25519 key, the same type encrypted, and the public half (to paste where the private one belongs).
ssh-keygen -q -t ed25519 -N "" -C "netatlas-fixture" -f "$ssh/id_ed25519"
ssh-keygen -q -t ed25519 -N "fixture" -C "netatlas-encrypted" -f "$ssh/id_ed25519_encrypted"
rm "$ssh/id_ed25519_encrypted.pub"
blob="$(cut -d' ' -f2 "$ssh/id_ed25519.pub")"
{
  echo "# plain, [host]:port and hashed lines"
  echo "engine.example,10.0.0.5 ssh-ed25519 $blob"
  echo "[engine.example]:2222 ssh-ed25519 $blob"
} >"$ssh/known_hosts"
echo "hashed.example ssh-ed25519 $blob" >"$work/hashed"
ssh-keygen -q -H -f "$work/hashed" >/dev/null 2>&1
cat "$work/hashed" >>"$ssh/known_hosts"
{
  echo "engine.example ssh-ed25519"            # malformed: no key
  echo "engine.example ssh-unknown $blob"      # a type that is not the key's
} >"$ssh/known_hosts-bad"

# A docker CLI context store (no daemon needed): TLS, skip-verify, plain TCP, SSH, unix; "tls" is current.
export DOCKER_CONFIG="$cfg"
docker context create tls --description "TLS engine" \
  --docker "host=tcp://engine.example:2376,ca=$tls/ca.pem,cert=$tls/client-cert.pem,key=$tls/client-key.pem" >/dev/null 2>&1
docker context create ca-only --docker "host=tcp://ca-only.example:2376,ca=$tls/ca.pem" >/dev/null 2>&1
docker context create skip --docker "host=tcp://skip.example:2376,ca=$tls/ca.pem,skip-tls-verify=true" >/dev/null 2>&1
docker context create plain --docker "host=tcp://plain.example:2375" >/dev/null 2>&1
docker context create Build.Box --docker "host=ssh://deploy@build.example:2222" >/dev/null 2>&1
docker context create local --docker "host=unix:///var/run/docker.sock" >/dev/null 2>&1
docker context use tls >/dev/null 2>&1

echo "--- expected values for the tests"
for f in ca ca2 client-cert; do
  echo "$f: $(openssl x509 -in "$tls/$f.pem" -noout -fingerprint -sha256)"
done
echo "ssh: $(ssh-keygen -lf "$ssh/id_ed25519")"
