// Remote engines for real (issue 16): a Docker 26.1 with --tlsverify on tcp://<lab address>:2376 and an OpenSSH
// server in front of it (docker system dial-stdio), both in a lab slot of this file's own (tls-<pass>, so the 26.1
// and 20.10 integration passes never share one). Reads through dockerode and the read path (makeEngineGet) with the
// right material; every wrong one fails with its own cause and a message that says what to do. With
// NETATLAS_RECORD_CONNECT_ERRORS=<folder>, the errors seen are written to <folder>/connect-errors.json (the unit
// tests' fixture, lib/docker/__fixtures__).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectCause } from "@/lib/api/types";
import { labDockerHost } from "@/lib/testing/docker-cli";
import {
  labAddress,
  makeSshKey,
  makeTlsMaterial,
  remoteSlotName,
  type SshKey,
  startSshd,
  startTlsEngine,
  stopRemoteSlot,
  type TlsMaterial,
} from "@/lib/testing/remote-engines";
import type { EngineConfig } from "./config";
import { classifyConnectError } from "./connect-errors";
import { toDockerError } from "./errors";
import { makeEngineGet } from "./http-get";
import { parseKnownHosts } from "./known-hosts";
import { sshOptions } from "./ssh-options";

const slot = remoteSlotName(labDockerHost());
const address = labAddress(slot);
const tlsHost = `tcp://${address}:2376`;
const BROKEN_SSH_PORT = 2222;
let root = "";
let tls: TlsMaterial;
let good: SshKey;
let stranger: SshKey;
let knownHostsLine = "";
const timings: Record<string, number> = {};
/** Every error seen, by case, as the fixture keeps it. */
const recorded: Record<string, { host: string; tls?: boolean; error: Record<string, unknown> }> = {};

function engine(host: string, extra: Partial<EngineConfig> = {}): EngineConfig {
  return { id: "remote", host, tlsVerify: false, certPath: null, sshPath: null, source: "ui", ...extra };
}

/** dockerode's options for a tcp:// engine with TLS, as dockerodeOptions builds them (no cert.pem: none sent). */
function tlsOptions(certPath: string, port = 2376): Docker.DockerOptions {
  const options: Docker.DockerOptions = {
    protocol: "https",
    host: address,
    port,
    ca: readFileSync(join(certPath, "ca.pem")),
  };
  try {
    options.cert = readFileSync(join(certPath, "cert.pem"));
    options.key = readFileSync(join(certPath, "key.pem"));
  } catch {
    // No client certificate in this folder: connect without one.
  }
  return options;
}

function sshDockerOptions(sshPath: string, port = 22): Docker.DockerOptions {
  const config = engine(`ssh://root@${address}:${port}`, { sshPath });
  // The ssh2 options object goes through docker-modem untyped (DockerOptions types it loosely).
  return { protocol: "ssh", host: address, port, username: "root", sshOptions: sshOptions(config) as object };
}

/** GET /version through the read path (makeEngineGet), as the dashboard reads. */
function readVersion(options: Docker.DockerOptions): Promise<{ Version: string; ApiVersion: string }> {
  const get = makeEngineGet(options, null);
  return get("/version", AbortSignal.timeout(15_000)) as Promise<{ Version: string; ApiVersion: string }>;
}

function shape(err: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { name: (err as Error).name, message: (err as Error).message };
  for (const [key, value] of Object.entries(err as object)) {
    if (key === "stack" || typeof value === "function" || Buffer.isBuffer(value)) continue;
    if (key === "knownHostsFile") out[key] = "<known_hosts>";
    else if (typeof value !== "object" || key === "known") out[key] = value;
  }
  return out;
}

/** The failure of `attempt`, recorded under `name`, classified against `host`. */
async function failure(name: string, host: string, attempt: () => Promise<unknown>, tlsEngine = false) {
  const err = await attempt().then(
    () => {
      throw new Error(`${name}: expected a failure, but the engine answered`);
    },
    (e: unknown) => e,
  );
  recorded[name] = { host, ...(tlsEngine ? { tls: true } : {}), error: shape(err) };
  const problem = classifyConnectError(err, { host, tls: tlsEngine });
  const docker = toDockerError(err, {
    engine: "remote",
    host,
    action: "read the engine version",
    tls: tlsEngine,
  });
  return { err, problem, docker };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "natest-remote-"));
  let start = Date.now();
  tls = makeTlsMaterial(join(root, "tls"), address);
  timings.tlsMaterialMs = Date.now() - start;
  start = Date.now();
  expect(startTlsEngine(slot, tls.server)).toBe(tlsHost);
  timings.tlsEngineMs = Date.now() - start;

  good = makeSshKey(join(root, "ssh", "good"));
  stranger = makeSshKey(join(root, "ssh", "stranger"));
  const authorized = join(root, "ssh", "authorized_keys");
  writeFileSync(authorized, `${good.publicKey}\n`);
  start = Date.now();
  knownHostsLine = startSshd(slot, { authorizedKeys: authorized });
  timings.sshdMs = Date.now() - start;
  // lab-sshd.sh reads the address from the namespace: the same as labAddress computed from the slot name.
  expect(knownHostsLine.startsWith(`${address} ssh-ed25519 `)).toBe(true);
  // The same slot's sshd on another port whose sessions point the docker CLI at a socket that does not exist.
  const brokenLine = startSshd(slot, {
    authorizedKeys: authorized,
    port: BROKEN_SSH_PORT,
    dockerHost: "unix:///run/netatlas-lab/no-such-slot/docker.sock",
  });
  writeFileSync(join(good.dir, "known_hosts"), `${knownHostsLine}\n${brokenLine}\n`);
  writeFileSync(join(stranger.dir, "known_hosts"), `${knownHostsLine}\n`);
}, 180_000);

afterAll(() => {
  console.info(`remote engines (${slot}): ${JSON.stringify(timings)}`);
  const folder = process.env.NETATLAS_RECORD_CONNECT_ERRORS;
  if (folder) {
    mkdirSync(folder, { recursive: true });
    const fixture = {
      recordedFrom: "lib/docker/remote-engines.integration.test.ts",
      node: process.version,
      cases: recorded,
    };
    writeFileSync(join(folder, "connect-errors.json"), `${JSON.stringify(fixture, null, 2)}\n`);
  }
  stopRemoteSlot(slot);
  if (root) rmSync(root, { recursive: true, force: true });
}, 120_000);

describe("a tcp:// engine with TLS (dockerd --tlsverify)", () => {
  it("answers /version with the right CA and client certificate, through the read path and through dockerode", async () => {
    const version = await readVersion(tlsOptions(tls.client));
    expect(version.Version).toMatch(/^26\.1\./);
    const viaModem = await new Docker(tlsOptions(tls.client)).version();
    expect(viaModem.ApiVersion).toBe(version.ApiVersion);
    expect((await new Docker(tlsOptions(tls.client)).listNetworks()).map((n) => n.Name)).toContain("bridge");
  });

  it.each([
    ["wrong CA", "wrongCa", "tls_unknown_ca", "not signed by the CA given for this engine"],
    ["expired client certificate", "expired", "tls_expired_ours", "because it has expired"],
    ["no client certificate", "noCert", "tls_client_cert_required", "requires a client certificate"],
    [
      "client certificate of another CA",
      "foreignCert",
      "tls_client_cert_rejected",
      "did not accept our client",
    ],
  ] as const)("%s: its own cause and message", async (_what, folder, cause, words) => {
    for (const [via, read] of [
      ["get", () => readVersion(tlsOptions(tls[folder]))],
      ["modem", () => new Docker(tlsOptions(tls[folder])).version()],
    ] as const) {
      const { problem, docker } = await failure(`tls.${folder}.${via}`, tlsHost, read, true);
      expect(problem?.cause, via).toBe(cause);
      expect(docker.code).toBe("engine_unreachable");
      expect(docker.connectCause).toBe(cause);
      expect(docker.toJSON().cause).toBe(cause);
      expect(docker.message).toContain(words);
      expect(docker.message).toContain(`${address}:2376`);
    }
  });

  it("a name the engine's certificate does not list: tls_hostname", async () => {
    const options = tlsOptions(tls.client);
    const { problem } = await failure(
      "tls.hostname",
      tlsHost,
      () =>
        new Promise((resolve, reject) => {
          const request = https.request(
            {
              host: address,
              port: 2376,
              ca: options.ca,
              cert: options.cert,
              key: options.key,
              servername: "engine.example",
              path: "/version",
            },
            (response) => response.resume().on("end", resolve),
          );
          request.on("error", reject).end();
        }),
      true,
    );
    expect(problem?.cause).toBe("tls_hostname");
  });

  it("a port without TLS, a closed port and a dead socket each say so", async () => {
    const notTls = await failure(
      "tcp.not_tls",
      `tcp://${address}:22`,
      () => readVersion(tlsOptions(tls.client, 22)),
      true,
    );
    expect(notTls.problem?.cause).toBe("not_tls");
    const refused = await failure(
      "tcp.refused",
      `tcp://${address}:2377`,
      () => readVersion(tlsOptions(tls.client, 2377)),
      true,
    );
    expect(refused.problem?.cause).toBe("refused");
    expect(refused.docker.message).toContain("refused the connection");
    const plain = { protocol: "http" as const, host: address, port: 22 };
    const notDocker = await failure("tcp.not_docker", `tcp://${address}:22`, () => readVersion(plain));
    expect(notDocker.problem?.cause).toBe("not_docker");
    const socket = "/run/netatlas-lab/no-such-slot/docker.sock";
    const missing = await failure("unix.missing", `unix://${socket}`, () =>
      readVersion({ socketPath: socket }),
    );
    expect(missing.problem?.cause).toBe("socket_missing");
    expect(missing.docker.code).toBe("engine_unreachable");
  });

  it("an address with nothing behind it: unreachable", async () => {
    const nobody = address.replace(/\.2$/, ".77");
    const options = { ...tlsOptions(tls.client), host: nobody };
    const { problem } = await failure(
      "tcp.unreachable",
      `tcp://${nobody}:2376`,
      () => readVersion(options),
      true,
    );
    expect(problem?.cause).toBe("unreachable");
  });
});

describe("an ssh:// engine (sshd in front of the engine, docker system dial-stdio)", () => {
  it("reads /version and lists networks with the key and the known_hosts entry", async () => {
    const version = await readVersion(sshDockerOptions(good.dir));
    expect(version.Version).toMatch(/^26\.1\./);
    const networks = await new Docker(sshDockerOptions(good.dir)).listNetworks();
    expect(networks.map((n) => n.Name)).toEqual(expect.arrayContaining(["bridge", "host", "none"]));
  });

  it("the read path keeps one SSH connection for many reads (no handshake per request)", async () => {
    const log = `/run/netatlas-lab/${slot}/sshd-22/sshd.log`;
    const logins = () => (readFileSync(log, "utf8").match(/Accepted publickey/g) ?? []).length;
    const before = logins();
    const options = sshDockerOptions(good.dir);
    const get = makeEngineGet(options, null);
    const started = Date.now();
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => get("/version", AbortSignal.timeout(15_000))),
      );
      for (const answer of answers) expect((answer as { Version: string }).Version).toMatch(/^26\.1\./);
    }
    timings.sshKeptReads24Ms = Date.now() - started;
    expect(logins() - before).toBe(1);
  });

  it("a key the server does not accept: ssh_auth", async () => {
    const { problem, docker } = await failure("ssh.wrong_key", `ssh://root@${address}`, () =>
      readVersion(sshDockerOptions(stranger.dir)),
    );
    expect(problem?.cause).toBe("ssh_auth");
    expect(docker.message).toContain("SSH login to");
  });

  it("a host not in known_hosts is refused before logging in: ssh_host_unknown", async () => {
    const unknown = join(root, "ssh", "unknown");
    mkdirSync(unknown);
    writeFileSync(join(unknown, "id_key"), good.privateKey, { mode: 0o600 });
    // known_hosts knows this key, but for another host only.
    writeFileSync(
      join(unknown, "known_hosts"),
      `10.211.1.2 ${knownHostsLine.split(" ").slice(1).join(" ")}\n`,
    );
    const { problem, docker } = await failure("ssh.unknown_host", `ssh://root@${address}`, () =>
      readVersion(sshDockerOptions(unknown)),
    );
    expect(problem?.cause).toBe("ssh_host_unknown");
    expect(docker.message).toContain(`SSH host ${address}:22 is not in the engine's known_hosts`);
    expect(docker.message).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
  });

  it("the remote cannot run docker system dial-stdio: ssh_no_docker", async () => {
    const { problem } = await failure("ssh.no_docker", `ssh://root@${address}:${BROKEN_SSH_PORT}`, () =>
      readVersion(sshDockerOptions(good.dir, BROKEN_SSH_PORT)),
    );
    expect(problem?.cause).toBe("ssh_no_docker");
  });

  it("something that is not an SSH server: ssh_handshake", async () => {
    const { problem } = await failure("ssh.not_ssh", `ssh://root@${address}:2376`, () =>
      readVersion(sshDockerOptions(good.dir, 2376)),
    );
    expect(problem?.cause).toBe("ssh_handshake");
  });

  // Last: it gives the server a new host key.
  it("a changed host key is refused with ssh_host_key_changed, naming both fingerprints", async () => {
    const authorized = join(root, "ssh", "authorized_keys");
    const newLine = startSshd(slot, { authorizedKeys: authorized, newHostKey: true });
    expect(newLine).not.toBe(knownHostsLine);
    const [oldKey] = parseKnownHosts(knownHostsLine).entries;
    const [newKey] = parseKnownHosts(newLine).entries;
    expect(oldKey?.key.equals(newKey?.key ?? Buffer.alloc(0))).toBe(false);
    for (const [via, read] of [
      ["get", () => readVersion(sshDockerOptions(good.dir))],
      ["modem", () => new Docker(sshDockerOptions(good.dir)).listNetworks()],
    ] as const) {
      const { problem, docker } = await failure(`ssh.host_key_changed.${via}`, `ssh://root@${address}`, read);
      expect(problem?.cause, via).toBe("ssh_host_key_changed" satisfies ConnectCause);
      expect(docker.code).toBe("engine_unreachable");
      expect(docker.message).toContain(`SSH host key for ${address}:22 does not match the known_hosts entry`);
      expect(docker.message).toContain("the host key changed or someone is in between");
      const fingerprints = docker.message.match(/SHA256:[A-Za-z0-9+/]{43}/g) ?? [];
      expect(new Set(fingerprints).size).toBe(2);
    }
    // With the new line in known_hosts it answers again.
    writeFileSync(join(good.dir, "known_hosts"), `${newLine}\n`);
    expect((await readVersion(sshDockerOptions(good.dir))).Version).toMatch(/^26\.1\./);
  });
});
