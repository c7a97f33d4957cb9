// The ssh2 connect options for an ssh:// engine (dockerode's `sshOptions`: docker-modem opens one ssh2 connection
// per request and runs `docker system dial-stdio` on the remote). The host key is checked against known_hosts the
// way ssh(1) does with StrictHostKeyChecking=yes: an unknown host or a changed key fails the connection with an
// SshHostKeyError that says which, with the fingerprints (lib/docker/connect-errors.ts turns it into words).
import "server-only";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ServerHostKeyAlgorithm } from "ssh2";
import { AppError } from "@/lib/api/errors";
import type { EngineConfig } from "./config";
import { checkHostKey, fingerprint, type KnownKey, knownKeyTypes, parseKnownHosts } from "./known-hosts";

/** What ssh2's Client.connect takes from us (host, port and username docker-modem adds itself). */
export interface SshConnectOptions {
  privateKey?: Buffer;
  agent?: string;
  /** Returns true for a known key; throws SshHostKeyError otherwise (ssh2 passes the throw on as the error). */
  hostVerifier: (key: Buffer) => boolean;
  algorithms?: { serverHostKey: ServerHostKeyAlgorithm[] };
  /** ms to wait for the handshake and authentication. */
  readyTimeout: number;
}

export type SshHostKeyProblem = "SSH_HOST_KEY_CHANGED" | "SSH_HOST_UNKNOWN" | "SSH_HOST_KEY_REVOKED";

/** The host key check's refusal. `code` is what connect-errors.ts classifies on. */
export class SshHostKeyError extends Error {
  readonly code: SshHostKeyProblem;
  readonly host: string;
  readonly port: number;
  /** The key the server presented. */
  readonly fingerprint: string;
  readonly keyType: string;
  /** For SSH_HOST_KEY_CHANGED: the keys known_hosts holds for this host. */
  readonly known: KnownKey[];
  /** Where the known hosts were read. */
  readonly knownHostsFile: string;

  constructor(
    code: SshHostKeyProblem,
    details: {
      host: string;
      port: number;
      key: Buffer;
      keyType: string;
      known: KnownKey[];
      knownHostsFile: string;
    },
  ) {
    const where = `${details.host}:${details.port}`;
    const fp = fingerprint(details.key);
    super(
      code === "SSH_HOST_KEY_CHANGED"
        ? `SSH host key for ${where} (${details.keyType} ${fp}) does not match the known_hosts entry`
        : code === "SSH_HOST_KEY_REVOKED"
          ? `SSH host key for ${where} (${details.keyType} ${fp}) is marked @revoked in known_hosts`
          : `SSH host ${where} (${details.keyType} ${fp}) is not in known_hosts`,
    );
    this.name = "SshHostKeyError";
    this.code = code;
    this.host = details.host;
    this.port = details.port;
    this.fingerprint = fp;
    this.keyType = details.keyType;
    this.known = details.known;
    this.knownHostsFile = details.knownHostsFile;
  }
}

// ssh2's host key algorithms (its default order), and which of them verify a key of each known_hosts type.
const HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "rsa-sha2-512",
  "rsa-sha2-256",
  "ssh-rsa",
];
const ALGORITHMS_FOR_TYPE: Record<string, ServerHostKeyAlgorithm[]> = {
  "ssh-rsa": ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"],
};

/** Algorithms for the known key types first (as ssh(1) orders them), so the server shows a key we can check. */
export function hostKeyAlgorithms(knownTypes: string[]): ServerHostKeyAlgorithm[] {
  const first = knownTypes
    .flatMap((type) => ALGORITHMS_FOR_TYPE[type] ?? [type])
    .filter((algorithm): algorithm is ServerHostKeyAlgorithm =>
      HOST_KEY_ALGORITHMS.includes(algorithm as ServerHostKeyAlgorithm),
    );
  return [...new Set([...first, ...HOST_KEY_ALGORITHMS])];
}

function readKnownHosts(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    // No file: every host is unknown, which the check reports as such.
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw err;
  }
}

/** The ssh2 options for an ssh:// engine: its key and known_hosts from sshPath, or the agent and ~/.ssh. */
export function sshOptions(
  config: EngineConfig,
  env: Record<string, string | undefined> = process.env,
): SshConnectOptions {
  const url = new URL(config.host);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port ? Number(url.port) : 22;
  const knownHostsFile = config.sshPath
    ? join(config.sshPath, "known_hosts")
    : join(env.HOME ?? "/root", ".ssh", "known_hosts");
  const options: SshConnectOptions = {
    hostVerifier: (key: Buffer) => {
      // Read at each connection: a known_hosts edited since (a key rotated on purpose) counts at once.
      const known = parseKnownHosts(readKnownHosts(knownHostsFile));
      const verdict = checkHostKey(known, host, port, key);
      if (verdict.kind === "match") return true;
      const keyType = key.subarray(4, 4 + key.readUInt32BE(0)).toString("latin1");
      const details = { host, port, key, keyType, knownHostsFile, known: [] as KnownKey[] };
      if (verdict.kind === "mismatch") {
        throw new SshHostKeyError("SSH_HOST_KEY_CHANGED", { ...details, known: verdict.known });
      }
      throw new SshHostKeyError(
        verdict.kind === "revoked" ? "SSH_HOST_KEY_REVOKED" : "SSH_HOST_UNKNOWN",
        details,
      );
    },
    readyTimeout: 10_000,
  };
  const knownTypes = knownKeyTypes(parseKnownHosts(readKnownHosts(knownHostsFile)), host, port);
  if (knownTypes.length > 0) options.algorithms = { serverHostKey: hostKeyAlgorithms(knownTypes) };
  if (config.sshPath) {
    try {
      options.privateKey = readFileSync(join(config.sshPath, "id_key"));
    } catch (err) {
      throw new AppError(
        "bad_request",
        `Engine "${config.id}": its SSH key could not be read (${(err as NodeJS.ErrnoException).code ?? "error"}); add the engine's key again.`,
      );
    }
  } else if (env.SSH_AUTH_SOCK) {
    options.agent = env.SSH_AUTH_SOCK;
  }
  return options;
}
