// OpenSSH known_hosts, read and matched the way ssh(1) does, so an ssh:// engine's host key is checked against
// what the user trusts (never blind trust). Pure: text and key bytes in, a verdict out.
// Format (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): `[@marker] hostpatterns keytype base64key [comment]`, where
// hostpatterns is a comma list of names or addresses (`*`/`?` wildcards, `!` negation), `[host]:port` for a port
// other than 22, or one hashed entry `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
import { createHash, createHmac } from "node:crypto";

export interface KnownHostEntry {
  /** 1-based line in the file. */
  line: number;
  /** `@revoked` keys are refused for the hosts they name; `@cert-authority` lines (host certificates) are kept apart. */
  marker: "revoked" | "cert-authority" | null;
  /** The host field, split on commas (hashed entries stay whole). */
  patterns: string[];
  keyType: string;
  /** The key blob (SSH wire format), as the server sends it. */
  key: Buffer;
}

export interface KnownHostsProblem {
  line: number;
  message: string;
}

export interface KnownHosts {
  entries: KnownHostEntry[];
  /** Lines that could not be read: skipped, as ssh(1) does. */
  problems: KnownHostsProblem[];
}

/** The host key types OpenSSH and the SSH library Netatlas uses (ssh2) both know. */
const HOST_KEY_TYPES = new Set([
  "ssh-ed25519",
  "ssh-rsa",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "ssh-dss",
]);

export function parseKnownHosts(text: string): KnownHosts {
  const entries: KnownHostEntry[] = [];
  const problems: KnownHostsProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith("#")) return;
    const fields = trimmed.split(/\s+/);
    let marker: KnownHostEntry["marker"] = null;
    if (fields[0]?.startsWith("@")) {
      const name = fields.shift();
      if (name === "@revoked") marker = "revoked";
      else if (name === "@cert-authority") marker = "cert-authority";
      else {
        problems.push({ line, message: `unknown marker ${name}` });
        return;
      }
    }
    const [hosts, keyType, base64] = fields;
    if (!hosts || !keyType || !base64) {
      problems.push({ line, message: "expected: hosts, key type, key" });
      return;
    }
    // Like ssh(1), a key type it cannot use is no trust at all: said here rather than found at connect time.
    if (!HOST_KEY_TYPES.has(keyType)) {
      problems.push({ line, message: `${keyType.slice(0, 40)} is not an SSH host key type` });
      return;
    }
    const key = decodeBase64(base64);
    if (!key || blobKeyType(key) !== keyType) {
      problems.push({ line, message: `the key is not a valid ${keyType} key` });
      return;
    }
    const patterns = hosts.startsWith("|") ? [hosts] : hosts.split(",").filter(Boolean);
    entries.push({ line, marker, patterns, keyType, key });
  });
  return { entries, problems };
}

function decodeBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, "base64");
  return bytes.length > 0 ? bytes : null;
}

/** The key type named at the start of a key blob (an SSH string), or null if the blob is not one. */
export function blobKeyType(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > blob.length) return null;
  const type = blob.subarray(4, 4 + length).toString("latin1");
  return /^[\x21-\x7e]+$/.test(type) ? type : null;
}

/** `SHA256:…` as ssh-keygen -l prints it (base64 without padding). */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** The name ssh(1) looks up: `host` on port 22, `[host]:port` otherwise; lowercase. */
export function lookupName(host: string, port: number): string {
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

function wildcardMatch(pattern: string, name: string): boolean {
  const regex = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`).test(name);
}

function hashedMatch(entry: string, name: string): boolean {
  const [, magic, salt, hash] = entry.split("|");
  if (magic !== "1" || !salt || !hash) return false;
  const expected = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64");
  return expected === hash;
}

/** Whether an entry's host field names `host:port`: some pattern matches, and no negated one does. */
export function entryMatchesHost(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = lookupName(host, port);
  let matched = false;
  for (const pattern of entry.patterns) {
    if (pattern.startsWith("|")) {
      if (hashedMatch(pattern, name)) matched = true;
    } else if (pattern.startsWith("!")) {
      if (wildcardMatch(pattern.slice(1), name)) return false;
    } else if (wildcardMatch(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

export interface KnownKey {
  keyType: string;
  fingerprint: string;
  line: number;
}

export type HostKeyVerdict =
  | { kind: "match"; line: number }
  /** The host is known with other keys: its key changed, or someone is in between. */
  | { kind: "mismatch"; known: KnownKey[] }
  /** This key is marked @revoked for this host. */
  | { kind: "revoked"; line: number }
  /** The host is not in known_hosts (only @cert-authority lines, which we do not use, count as not known). */
  | { kind: "unknown"; certAuthorityOnly: boolean };

/** Checks the key `host:port` presented against known_hosts entries, as ssh(1) with StrictHostKeyChecking=yes. */
export function checkHostKey(known: KnownHosts, host: string, port: number, key: Buffer): HostKeyVerdict {
  const forHost = known.entries.filter((entry) => entryMatchesHost(entry, host, port));
  const revoked = forHost.find((entry) => entry.marker === "revoked" && entry.key.equals(key));
  if (revoked) return { kind: "revoked", line: revoked.line };
  const plain = forHost.filter((entry) => entry.marker === null);
  const same = plain.find((entry) => entry.key.equals(key));
  if (same) return { kind: "match", line: same.line };
  if (plain.length > 0) {
    return {
      kind: "mismatch",
      known: plain.map((entry) => ({
        keyType: entry.keyType,
        fingerprint: fingerprint(entry.key),
        line: entry.line,
      })),
    };
  }
  return { kind: "unknown", certAuthorityOnly: forHost.some((entry) => entry.marker === "cert-authority") };
}

/** The key types known_hosts holds for `host:port`, to offer them first in the key exchange (as ssh(1) does). */
export function knownKeyTypes(known: KnownHosts, host: string, port: number): string[] {
  const types = known.entries
    .filter((entry) => entry.marker === null && entryMatchesHost(entry, host, port))
    .map((entry) => entry.keyType);
  return [...new Set(types)];
}
