// Why an engine could not be reached, said so a person can act on it: DNS, refused, TLS verification (whose
// certificate, which side refused), SSH host key, SSH login, the remote docker CLI, the socket. Pure: classifies the
// error objects Node, dockerode and ssh2 really give (recorded from real engines in
// __fixtures__/connect-errors.json) by their code, ssh2 level and the engine's address, never by message text.
import type { ConnectCause } from "@/lib/api/types";

export interface ConnectProblem {
  cause: ConnectCause;
  /** What failed and what to do, for a person; no file paths. */
  message: string;
}

interface ConnectErrorShape {
  code?: unknown;
  /** ssh2: where the error happened (client-socket, client-dns, client-timeout, client-authentication, protocol, handshake, agent). */
  level?: unknown;
  statusCode?: unknown;
  /** SshHostKeyError (ssh-options.ts). */
  fingerprint?: unknown;
  known?: unknown;
  host?: unknown;
  port?: unknown;
}

export interface ConnectTarget {
  /** The engine's address: unix:///…, tcp://…, ssh://… */
  host: string;
  /** The engine asks for TLS (tcp:// with a CA). */
  tls?: boolean;
}

// Our side does not trust the engine's certificate (Node's X509 verify codes).
const UNKNOWN_CA = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
]);
const THEIRS_EXPIRED = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);
// The engine's TLS alerts about our client certificate. dockerd (Go, TLS 1.3) answers a missing certificate with
// alert 116 (certificate required), an expired one with 45 (certificate expired) and one from a CA it does not
// trust with 48 (unknown CA), all during the handshake; over TLS 1.2 a missing one is 42 (bad certificate).
const OURS_EXPIRED = new Set(["ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED"]);
const CLIENT_CERT_REQUIRED = new Set(["ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED"]);
const CLIENT_CERT_REJECTED = new Set([
  "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
  "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE",
  "ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE",
  "ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN",
  "ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED",
  "ERR_SSL_TLSV1_ALERT_ACCESS_DENIED",
  "ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR",
]);
// Something answered that does not speak TLS (an HTTP port, an SSH server).
const NOT_TLS = new Set(["EPROTO", "ERR_SSL_WRONG_VERSION_NUMBER", "ERR_SSL_PACKET_LENGTH_TOO_LONG"]);

function scheme(host: string): string {
  return host.split("://")[0] ?? "";
}

function fingerprintOf(e: ConnectErrorShape): string {
  return typeof e.fingerprint === "string" ? e.fingerprint : "unknown fingerprint";
}

function knownFingerprints(e: ConnectErrorShape): string {
  if (!Array.isArray(e.known) || e.known.length === 0) return "";
  const list = e.known.map(
    (k: { keyType?: string; fingerprint?: string }) => `${k.keyType} ${k.fingerprint}`,
  );
  return `; known_hosts has ${list.join(", ")}`;
}

function where(e: ConnectErrorShape, target: ConnectTarget): string {
  if (typeof e.host === "string" && typeof e.port === "number") return `${e.host}:${e.port}`;
  try {
    const url = new URL(target.host);
    return `${url.hostname}:${url.port || (url.protocol === "ssh:" ? 22 : 2376)}`;
  } catch {
    return target.host;
  }
}

function sshProblem(e: ConnectErrorShape, target: ConnectTarget): ConnectProblem | null {
  const at = where(e, target);
  switch (e.code) {
    case "SSH_HOST_KEY_CHANGED":
      return {
        cause: "ssh_host_key_changed",
        message:
          `SSH host key for ${at} does not match the known_hosts entry (the server showed ${fingerprintOf(e)}` +
          `${knownFingerprints(e)}): the host key changed or someone is in between. Check the fingerprint on the ` +
          "server (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) before replacing the known-hosts entry.",
      };
    case "SSH_HOST_UNKNOWN":
      return {
        cause: "ssh_host_unknown",
        message:
          `SSH host ${at} is not in the engine's known_hosts (it showed ${fingerprintOf(e)}): add its known-hosts ` +
          "line (ssh-keyscan, checked against the server's own fingerprint); unknown hosts are never trusted.",
      };
    case "SSH_HOST_KEY_REVOKED":
      return {
        cause: "ssh_host_key_changed",
        message: `SSH host key for ${at} (${fingerprintOf(e)}) is marked @revoked in known_hosts: refused.`,
      };
  }
  switch (e.level) {
    case "client-authentication":
    case "agent":
      return {
        cause: "ssh_auth",
        message:
          `SSH login to ${at} was refused: the server did not accept the key (or the ssh agent had none it ` +
          "accepts). Check the user name and that the key's public half is in that user's authorized_keys.",
      };
    case "client-timeout":
      return {
        cause: "timeout",
        message: `SSH server ${at} did not complete the handshake and login in time.`,
      };
    case "client-dns":
      return { cause: "dns", message: `The SSH host name in ${target.host} does not resolve.` };
    case "protocol":
    case "handshake":
      return {
        cause: "ssh_handshake",
        message:
          `No SSH session with ${at}: what answered there is not an SSH server, or it offers no algorithm ` +
          "in common with ours.",
      };
  }
  // After a successful login the connection carries `docker system dial-stdio`; it ending before any answer means
  // the remote command failed: no docker CLI there, or that CLI cannot reach its engine.
  if (e.level === undefined && (e.code === "ECONNRESET" || e.code === "EPIPE")) {
    return {
      cause: "ssh_no_docker",
      message:
        `SSH login to ${at} worked, but \`docker system dial-stdio\` there ended without answering: install the ` +
        "docker CLI on that host, and make sure the user can reach its engine (docker group, DOCKER_HOST).",
    };
  }
  return null;
}

/** The reason behind a failed connection, or null when the error is not a connection problem (Docker answered). */
export function classifyConnectError(err: unknown, target: ConnectTarget): ConnectProblem | null {
  if (err === null || typeof err !== "object") return null;
  const e = err as ConnectErrorShape;
  if (typeof e.statusCode === "number") return null;
  const kind = scheme(target.host);
  if (kind === "ssh") {
    const ssh = sshProblem(e, target);
    if (ssh) return ssh;
  }
  const code = typeof e.code === "string" ? e.code : "";
  const unix = kind === "unix";
  const at = unix ? target.host.slice("unix://".length) : where(e, target);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") {
    return {
      cause: "dns",
      message: `The host name of ${target.host} does not resolve${code === "EAI_AGAIN" ? " (the DNS server did not answer)" : ""}: check its spelling.`,
    };
  }
  if (code === "ENOENT" && unix) {
    return {
      cause: "socket_missing",
      message: `There is no socket at ${at}: the engine is not running there, or the path is wrong.`,
    };
  }
  if (code === "EACCES" || code === "EPERM") {
    return {
      cause: "socket_permission",
      message: `Permission denied on ${at}: run Netatlas as a user that may use it (root, or a member of the docker group).`,
    };
  }
  if (code === "ECONNREFUSED") {
    return {
      cause: "refused",
      message: unix
        ? `Nothing listens on ${at}: the engine that made this socket is gone.`
        : `${at} refused the connection: nothing listens on that port (is the engine started with -H tcp://…:port?).`,
    };
  }
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "EHOSTDOWN") {
    return {
      cause: "unreachable",
      message: `There is no route to ${at}: the host is down or not on a network this server reaches.`,
    };
  }
  if (code === "ETIMEDOUT") {
    return {
      cause: "timeout",
      message: `${at} did not answer the connection in time (a firewall dropping it, or the host is down).`,
    };
  }
  if (code.startsWith("HPE_")) {
    return {
      cause: "not_docker",
      message: `What answers at ${at} is not a Docker engine (it does not speak HTTP): check the address and port.`,
    };
  }
  if (unix) return code === "ECONNRESET" || code === "EPIPE" ? resetProblem(at, false) : null;
  return (
    tlsProblem(code, at) ??
    (code === "ECONNRESET" || code === "EPIPE" ? resetProblem(at, !!target.tls) : null)
  );
}

function resetProblem(at: string, tls: boolean): ConnectProblem {
  return {
    cause: "reset",
    message:
      `${at} closed the connection before answering` +
      (tls ? ": with TLS, often a client certificate the engine did not accept." : "."),
  };
}

/** TLS verification on either side, or no TLS at all where we expected it (tcp:// engines). */
function tlsProblem(code: string, at: string): ConnectProblem | null {
  if (UNKNOWN_CA.has(code)) {
    return {
      cause: "tls_unknown_ca",
      message:
        `The engine's TLS certificate at ${at} is not signed by the CA given for this engine (ca.pem): ` +
        "use the CA that signed the engine's certificate; if it is the right one, someone may be in between.",
    };
  }
  if (THEIRS_EXPIRED.has(code)) {
    return {
      cause: "tls_expired_theirs",
      message: `The engine's TLS certificate at ${at} has expired (or is not valid yet): renew it on the engine's host, or check that host's clock.`,
    };
  }
  if (OURS_EXPIRED.has(code)) {
    return {
      cause: "tls_expired_ours",
      message: `The engine at ${at} refused our client certificate (cert.pem) because it has expired: make a new one with the engine's CA.`,
    };
  }
  if (CLIENT_CERT_REQUIRED.has(code)) {
    return {
      cause: "tls_client_cert_required",
      message: `The engine at ${at} requires a client certificate (--tlsverify): add cert.pem and key.pem signed by the engine's CA.`,
    };
  }
  if (CLIENT_CERT_REJECTED.has(code)) {
    return {
      cause: "tls_client_cert_rejected",
      message: `The engine at ${at} did not accept our client certificate (cert.pem): it must be signed by the CA the engine trusts (its --tlscacert).`,
    };
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return {
      cause: "tls_hostname",
      message: `The engine's TLS certificate does not name ${at} (its subjectAltName): connect by a name or address it lists, or reissue it with this one.`,
    };
  }
  if (NOT_TLS.has(code)) {
    return {
      cause: "not_tls",
      message: `What answers at ${at} does not speak TLS: check the port (2376 is Docker's TLS port, 2375 its plain one).`,
    };
  }
  if (code.startsWith("ERR_OSSL_")) {
    return {
      cause: "tls_bad_material",
      message:
        "This engine's TLS files cannot be used (not PEM, or the key does not belong to the certificate): add them again.",
    };
  }
  return null;
}
