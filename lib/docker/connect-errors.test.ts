// The connection classifier on the errors real engines gave (recorded by remote-engines.integration.test.ts with
// NETATLAS_RECORD_CONNECT_ERRORS into __fixtures__/connect-errors.json), plus shapes Node documents that the lab
// cannot make without leaving it (DNS, an expired server certificate, permissions as root).
import { describe, expect, it } from "vitest";
import type { ConnectCause } from "@/lib/api/types";
import recording from "./__fixtures__/connect-errors.json";
import { classifyConnectError } from "./connect-errors";
import { toDockerError } from "./errors";

type Recorded = { host: string; tls?: boolean; error: Record<string, unknown> };
const cases = recording.cases as Record<string, Recorded>;

function recorded(name: string): Recorded {
  const found = cases[name];
  if (!found) throw new Error(`no recorded case ${name} in __fixtures__/connect-errors.json`);
  return found;
}

const EXPECTED: Record<string, ConnectCause> = {
  "tls.wrongCa.get": "tls_unknown_ca",
  "tls.wrongCa.modem": "tls_unknown_ca",
  "tls.expired.get": "tls_expired_ours",
  "tls.expired.modem": "tls_expired_ours",
  "tls.noCert.get": "tls_client_cert_required",
  "tls.noCert.modem": "tls_client_cert_required",
  "tls.foreignCert.get": "tls_client_cert_rejected",
  "tls.foreignCert.modem": "tls_client_cert_rejected",
  "tls.hostname": "tls_hostname",
  "tcp.not_tls": "not_tls",
  "tcp.refused": "refused",
  "tcp.not_docker": "not_docker",
  "unix.missing": "socket_missing",
  "tcp.unreachable": "unreachable",
  "ssh.wrong_key": "ssh_auth",
  "ssh.unknown_host": "ssh_host_unknown",
  "ssh.no_docker": "ssh_no_docker",
  "ssh.not_ssh": "ssh_handshake",
  "ssh.host_key_changed.get": "ssh_host_key_changed",
  "ssh.host_key_changed.modem": "ssh_host_key_changed",
};

describe("recorded from real engines", () => {
  it("holds every case the integration test makes", () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))("%s is %s", (name, cause) => {
    const r = recorded(name);
    const problem = classifyConnectError(r.error, { host: r.host, tls: r.tls });
    expect(problem?.cause).toBe(cause);
    expect(problem?.message).not.toMatch(/\/tmp\/|\.pem\b.*\//);
    const error = toDockerError(r.error, {
      engine: "remote",
      host: r.host,
      action: "read the engine version",
      tls: r.tls,
    });
    expect(error.code).toBe("engine_unreachable");
    expect(error.toJSON()).toMatchObject({ code: "engine_unreachable", cause, engine: "remote" });
    expect(error.detail).toBe(r.error.message);
  });

  it("says which certificate expired, and whose CA is wrong", () => {
    const at = (name: string) => {
      const r = recorded(name);
      return classifyConnectError(r.error, { host: r.host, tls: r.tls })?.message;
    };
    expect(at("tls.expired.get")).toBe(
      "The engine at 10.211.186.2:2376 refused our client certificate (cert.pem) because it has expired: make a new one with the engine's CA.",
    );
    expect(at("tls.wrongCa.get")).toContain("not signed by the CA given for this engine (ca.pem)");
    expect(at("tls.foreignCert.get")).toContain("signed by the CA the engine trusts");
  });

  it("names both fingerprints when the SSH host key changed", () => {
    const r = recorded("ssh.host_key_changed.get");
    const message = classifyConnectError(r.error, { host: r.host })?.message ?? "";
    expect(message).toMatch(
      /^SSH host key for 10\.211\.186\.2:22 does not match the known_hosts entry \(the server showed SHA256:\S+; known_hosts has ssh-ed25519 SHA256:\S+\): the host key changed or someone is in between\./,
    );
  });
});

describe("shapes the lab cannot make", () => {
  const node = (code: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(`${code} (test)`), { code, ...extra });

  it.each([
    ["ENOTFOUND", "tcp://engine.invalid:2376", "dns"],
    ["EAI_AGAIN", "tcp://engine.invalid:2376", "dns"],
    ["CERT_HAS_EXPIRED", "tcp://10.0.0.5:2376", "tls_expired_theirs"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "tcp://10.0.0.5:2376", "tls_unknown_ca"],
    ["ERR_OSSL_X509_KEY_VALUES_MISMATCH", "tcp://10.0.0.5:2376", "tls_bad_material"],
    ["EACCES", "unix:///var/run/docker.sock", "socket_permission"],
    ["ECONNREFUSED", "unix:///var/run/docker.sock", "refused"],
    ["ETIMEDOUT", "tcp://10.0.0.5:2376", "timeout"],
    ["ECONNRESET", "tcp://10.0.0.5:2376", "reset"],
  ] as const)("%s on %s is %s", (code, host, cause) => {
    expect(classifyConnectError(node(code), { host })?.cause).toBe(cause);
  });

  it("ssh2's own levels: authentication, timeout, DNS", () => {
    const ssh = (level: string) => Object.assign(new Error("x"), { level });
    const host = "ssh://me@engine.example";
    expect(classifyConnectError(ssh("client-authentication"), { host })?.cause).toBe("ssh_auth");
    expect(classifyConnectError(ssh("agent"), { host })?.cause).toBe("ssh_auth");
    expect(classifyConnectError(ssh("client-timeout"), { host })?.cause).toBe("timeout");
    expect(classifyConnectError(ssh("client-dns"), { host })?.cause).toBe("dns");
    // A refused port on an ssh:// engine carries ssh2's client-socket level and Node's code.
    const refused = node("ECONNREFUSED", { level: "client-socket", address: "10.0.0.5", port: 22 });
    expect(classifyConnectError(refused, { host })?.cause).toBe("refused");
  });

  it("a reset over TLS hints at the client certificate; not over plain tcp", () => {
    const tls = classifyConnectError(node("ECONNRESET"), { host: "tcp://10.0.0.5:2376", tls: true });
    expect(tls?.message).toContain("client certificate");
    expect(classifyConnectError(node("ECONNRESET"), { host: "tcp://10.0.0.5:2375" })?.message).not.toContain(
      "certificate",
    );
  });

  it("is no connection problem when Docker answered, or for what it does not know", () => {
    expect(
      classifyConnectError({ statusCode: 400, json: { message: "x" } }, { host: "tcp://e:2376" }),
    ).toBeNull();
    expect(classifyConnectError(node("EBADF"), { host: "tcp://e:2376" })).toBeNull();
    expect(classifyConnectError(node("EPROTO"), { host: "unix:///var/run/docker.sock" })).toBeNull();
    expect(classifyConnectError("boom", { host: "tcp://e:2376" })).toBeNull();
    expect(classifyConnectError(null, { host: "tcp://e:2376" })).toBeNull();
  });

  it("keeps timeout and permission_denied as codes, with the cause", () => {
    const ctx = { engine: "e", host: "unix:///var/run/docker.sock", action: "list networks" };
    expect(toDockerError(node("EACCES"), ctx).toJSON()).toMatchObject({
      code: "permission_denied",
      cause: "socket_permission",
    });
    expect(toDockerError(node("ETIMEDOUT"), { ...ctx, host: "tcp://10.0.0.5:2376" }).toJSON()).toMatchObject({
      code: "timeout",
      cause: "timeout",
    });
  });
});
