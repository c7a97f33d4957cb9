// For integration tests of remote engines: a real dockerd with --tlsverify on tcp:// and a real OpenSSH server in
// front of an engine, both in a lab slot of the test's own (scripts/lab.sh up --tls, scripts/lab-sshd.sh), and the
// TLS material and SSH keys they need, made with openssl and ssh-keygen in a temp folder.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function run(command: string, args: string[], options: { cwd?: string; input?: string } = {}): string {
  try {
    return execFileSync(command, args, {
      cwd: options.cwd,
      input: options.input,
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
      timeout: 120_000,
    }).trim();
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/**
 * The slot for this test run's remote engines: one per integration pass (tls-a under slot a's DOCKER_HOST,
 * tls-old under old's), so the 26.1 and the 20.10 pass never share or tear down each other's slot.
 */
export function remoteSlotName(dockerHost = process.env.DOCKER_HOST ?? ""): string {
  const pass = /^unix:\/\/\/run\/netatlas-lab\/([a-z][a-z0-9-]*)\/docker\.sock$/.exec(dockerHost)?.[1];
  return `tls-${(pass ?? "x").slice(0, 8)}`;
}

/** The slot's address on its lab link, 10.211.N.2, with N as scripts/lab.sh's slot() computes it. */
export function labAddress(slot: string): string {
  const fixed: Record<string, number> = { a: 1, b: 2, old: 3 };
  const crc = Number(run("cksum", [], { input: slot }).split(" ")[0]);
  return `10.211.${fixed[slot] ?? 10 + (crc % 240)}.2`;
}

/** Folders of TLS material, each laid out as an engine's certPath (ca.pem [+ cert.pem, key.pem]). */
export interface TlsMaterial {
  /** For scripts/lab.sh up --tls: ca.pem, server-cert.pem (subjectAltName IP:address), server-key.pem. */
  server: string;
  /** The right CA and a valid client certificate. */
  client: string;
  /** A CA that did not sign the server's certificate, with the valid client certificate. */
  wrongCa: string;
  /** The right CA and a client certificate that expired on 2024-02-01. */
  expired: string;
  /** The right CA only: no client certificate. */
  noCert: string;
  /** The right CA and a client certificate signed by another CA, which the engine does not trust. */
  foreignCert: string;
}

const CA_CONFIG = `[ca]
default_ca = lab
[lab]
database = db/index.txt
new_certs_dir = db
serial = db/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
[client]
extendedKeyUsage = clientAuth
`;

function makeCa(dir: string, name: string): void {
  run(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2"].concat([
      "-keyout",
      `${name}-key.pem`,
      "-out",
      `${name}.pem`,
      "-subj",
      `/CN=netatlas test ${name}`,
    ]),
    { cwd: dir },
  );
}

function makeRequest(dir: string, name: string, cn: string): void {
  run(
    "openssl",
    ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"].concat([
      "-keyout",
      `${name}-key.pem`,
      "-out",
      `${name}.csr`,
      "-subj",
      `/CN=${cn}`,
    ]),
    { cwd: dir },
  );
}

/** Signs `${name}.csr` with CA `ca` into `${out}.pem`. */
function sign(dir: string, name: string, ca: string, extensions: string, out = name): void {
  writeFileSync(join(dir, `${out}.ext`), extensions);
  run(
    "openssl",
    [
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${ca}.pem`,
      "-CAkey",
      `${ca}-key.pem`,
      "-days",
      "2",
    ].concat(["-extfile", `${out}.ext`, "-out", `${out}.pem`]),
    { cwd: dir },
  );
}

function folder(root: string, name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { mode: 0o700 });
  for (const [target, source] of Object.entries(files)) {
    writeFileSync(join(dir, target), readFileSync(join(root, "work", source)), { mode: 0o600 });
  }
  return dir;
}

/** CA, server and client certificates for an engine at `address` (an IP), made in `root` (empty). */
export function makeTlsMaterial(root: string, address: string): TlsMaterial {
  const work = join(root, "work");
  mkdirSync(join(work, "db"), { recursive: true });
  makeCa(work, "ca");
  makeCa(work, "other-ca");
  makeRequest(work, "server", "netatlas test engine");
  sign(work, "server", "ca", `subjectAltName = IP:${address}\nextendedKeyUsage = serverAuth\n`);
  makeRequest(work, "client", "netatlas test client");
  sign(work, "client", "ca", "extendedKeyUsage = clientAuth\n");
  // The same key, certified by a CA the engine does not trust.
  sign(work, "client", "other-ca", "extendedKeyUsage = clientAuth\n", "foreign");
  // openssl 3.0's x509 -req cannot backdate; `openssl ca` takes -startdate/-enddate.
  makeRequest(work, "expired", "netatlas test client (expired)");
  writeFileSync(join(work, "ca.cnf"), CA_CONFIG);
  writeFileSync(join(work, "db", "index.txt"), "");
  writeFileSync(join(work, "db", "serial"), "1000\n");
  run(
    "openssl",
    [
      "ca",
      "-batch",
      "-config",
      "ca.cnf",
      "-cert",
      "ca.pem",
      "-keyfile",
      "ca-key.pem",
      "-in",
      "expired.csr",
    ].concat(
      ["-out", "expired.pem", "-startdate", "20240101000000Z", "-enddate", "20240201000000Z"],
      ["-extensions", "client", "-notext"],
    ),
    { cwd: work },
  );
  return {
    server: folder(root, "server", {
      "ca.pem": "ca.pem",
      "server-cert.pem": "server.pem",
      "server-key.pem": "server-key.pem",
    }),
    client: folder(root, "client", {
      "ca.pem": "ca.pem",
      "cert.pem": "client.pem",
      "key.pem": "client-key.pem",
    }),
    wrongCa: folder(root, "wrong-ca", {
      "ca.pem": "other-ca.pem",
      "cert.pem": "client.pem",
      "key.pem": "client-key.pem",
    }),
    expired: folder(root, "expired", {
      "ca.pem": "ca.pem",
      "cert.pem": "expired.pem",
      "key.pem": "expired-key.pem",
    }),
    noCert: folder(root, "no-cert", { "ca.pem": "ca.pem" }),
    foreignCert: folder(root, "foreign-cert", {
      "ca.pem": "ca.pem",
      "cert.pem": "foreign.pem",
      "key.pem": "client-key.pem",
    }),
  };
}

const LAB = ["scripts/lab.sh"];

/**
 * Starts (or restarts with this material) the slot's Docker 26.1 with --tlsverify on tcp://<address>:2376, no
 * test images; returns that address. Its unix socket (unix:///run/netatlas-lab/<slot>/docker.sock) stays too.
 */
export function startTlsEngine(slot: string, serverDir: string): string {
  run("bash", [...LAB, "up", "--name", slot, "--engine", "26.1", "--tls", serverDir, "--no-images"]);
  return `tcp://${labAddress(slot)}:2376`;
}

/** Removes the slot (its engine, sshd and namespace). Only ever for this file's own slots. */
export function stopRemoteSlot(slot: string): void {
  if (!slot.startsWith("tls-")) throw new Error(`refusing to remove slot ${slot}: not a remote-engines slot`);
  run("bash", [...LAB, "down", "--name", slot]);
}

export interface SshKey {
  /** Folder with id_key (OpenSSH private key) and id_key.pub. */
  dir: string;
  privateKey: Buffer;
  /** The authorized_keys / .pub line. */
  publicKey: string;
}

export function makeSshKey(dir: string): SshKey {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "netatlas-test", "-f", join(dir, "id_key")]);
  return {
    dir,
    privateKey: readFileSync(join(dir, "id_key")),
    publicKey: readFileSync(join(dir, "id_key.pub"), "utf8").trim(),
  };
}

export interface SshdOptions {
  /** File of authorized public keys. */
  authorizedKeys: string;
  port?: number;
  /** Make the server a new host key first ("host key changed"). */
  newHostKey?: boolean;
  /** DOCKER_HOST for the session instead of the slot's socket (a broken remote). */
  dockerHost?: string;
}

/** Starts (or restarts) sshd in the slot's namespace; returns its known_hosts line. */
export function startSshd(slot: string, options: SshdOptions): string {
  const args = ["scripts/lab-sshd.sh", "up", "--name", slot, "--authorized-keys", options.authorizedKeys];
  if (options.port) args.push("--port", String(options.port));
  if (options.newHostKey) args.push("--new-host-key");
  if (options.dockerHost) args.push("--docker-host", options.dockerHost);
  return run("bash", args);
}

export function stopSshd(slot: string, port = 22): void {
  run("bash", ["scripts/lab-sshd.sh", "down", "--name", slot, "--port", String(port)]);
}
