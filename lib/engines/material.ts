// Checks the secrets an admin uploads for an engine before anything is stored: TLS certificates and keys
// (PEM, parsed, the key matching its certificate, nothing expired) and SSH keys (parsed, unencrypted, with a
// known_hosts entry). Answers what is wrong by field, and summaries that are safe to show again (subjects,
// fingerprints, expiry dates): the material itself is never sent back.
import { createHash, createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { utils as sshUtils } from "ssh2";
import type { CertSummary, EngineMaterialInput, SshKeySummary } from "@/lib/api/engines";
import type { FieldProblem } from "@/lib/api/types";
import { parseKnownHosts } from "@/lib/docker/known-hosts";

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function fingerprint(raw: Buffer): string {
  return createHash("sha256")
    .update(raw)
    .digest("hex")
    .toUpperCase()
    .replace(/(..)(?!$)/g, "$1:");
}

function summarise(cert: X509Certificate, now: number): CertSummary {
  return {
    subject: cert.subject.replace(/\n/g, ", "),
    issuer: cert.issuer.replace(/\n/g, ", "),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    fingerprint: fingerprint(cert.raw),
    isCa: cert.ca,
    expired: Date.parse(cert.validTo) < now,
  };
}

/** Every certificate in a PEM text (a CA file may be a bundle), or why it is not one. */
function readCerts(field: string, text: string): X509Certificate[] | FieldProblem {
  const blocks = text.match(CERT_BLOCK);
  if (!blocks) {
    const what = /PRIVATE KEY-----/.test(text) ? "a private key" : "not PEM";
    return {
      field,
      message: `This is ${what}: paste or upload a certificate (-----BEGIN CERTIFICATE-----).`,
    };
  }
  const certs: X509Certificate[] = [];
  for (const [i, block] of blocks.entries()) {
    try {
      certs.push(new X509Certificate(block));
    } catch (err) {
      return { field, message: `Certificate ${i + 1} cannot be read (${(err as Error).message}).` };
    }
  }
  return certs;
}

function readKey(field: string, text: string): KeyObject | FieldProblem {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    return { field, message: "This is not a PEM private key (-----BEGIN … PRIVATE KEY-----)." };
  }
  if (/ENCRYPTED/.test(text)) {
    return {
      field,
      message: "The key is encrypted with a passphrase; give it unencrypted (it is stored 0600).",
    };
  }
  try {
    return createPrivateKey(text);
  } catch (err) {
    return { field, message: `The private key cannot be read (${(err as Error).message}).` };
  }
}

function isProblem(value: unknown): value is FieldProblem {
  return !!value && typeof value === "object" && "field" in value && "message" in value;
}

export interface TlsCheck {
  problems: FieldProblem[];
  ca: CertSummary[];
  cert: CertSummary | null;
}

/** The CA (required), and the client certificate and key (both or neither). */
export function checkTls(input: EngineMaterialInput["tls"], now = Date.now()): TlsCheck {
  const out: TlsCheck = { problems: [], ca: [], cert: null };
  if (!input) return out;
  if (input.ca !== undefined) {
    const cas = readCerts("tls.ca", input.ca);
    if (isProblem(cas)) out.problems.push(cas);
    else {
      out.ca = cas.map((c) => summarise(c, now));
      const expired = out.ca.find((c) => c.expired);
      if (expired) {
        out.problems.push({
          field: "tls.ca",
          message: `The CA certificate expired on ${expired.notAfter.slice(0, 10)}.`,
        });
      }
      if (!out.ca.some((c) => c.isCa)) {
        out.problems.push({
          field: "tls.ca",
          message:
            "This certificate is not a CA (basicConstraints CA:FALSE): give the CA that signed the engine's certificate.",
        });
      }
    }
  }
  if ((input.cert === undefined) !== (input.key === undefined)) {
    const missing = input.cert === undefined ? "tls.cert" : "tls.key";
    out.problems.push({
      field: missing,
      message: "Give the client certificate and its key together, or neither.",
    });
    return out;
  }
  if (input.cert !== undefined && input.key !== undefined) {
    const certs = readCerts("tls.cert", input.cert);
    const key = readKey("tls.key", input.key);
    if (isProblem(certs)) out.problems.push(certs);
    if (isProblem(key)) out.problems.push(key);
    if (isProblem(certs) || isProblem(key)) return out;
    const leaf = certs[0] as X509Certificate;
    out.cert = summarise(leaf, now);
    if (out.cert.expired) {
      out.problems.push({
        field: "tls.cert",
        message: `The client certificate expired on ${out.cert.notAfter.slice(0, 10)}: the engine would refuse it.`,
      });
    }
    if (!leaf.checkPrivateKey(key)) {
      out.problems.push({ field: "tls.key", message: "This key does not belong to the client certificate." });
    }
  }
  return out;
}

export interface SshCheck {
  problems: FieldProblem[];
  key: SshKeySummary | null;
  knownHosts: string[];
}

/** The private key (unencrypted, parsed by the SSH library that will use it) and at least one known_hosts line. */
export function checkSsh(input: EngineMaterialInput["ssh"]): SshCheck {
  const out: SshCheck = { problems: [], key: null, knownHosts: [] };
  if (!input) return out;
  if (input.privateKey !== undefined) {
    const parsed = sshUtils.parseKey(input.privateKey);
    const key = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!key || key instanceof Error) {
      const reason = key instanceof Error ? key.message : "no key found";
      const encrypted = /passphrase|encrypted/i.test(reason);
      out.problems.push({
        field: "ssh.privateKey",
        message: encrypted
          ? "The key is encrypted with a passphrase; give it unencrypted (it is stored 0600)."
          : `This is not an SSH private key (${reason}).`,
      });
    } else if (!key.isPrivateKey()) {
      out.problems.push({ field: "ssh.privateKey", message: "This is a public key: give the private key." });
    } else {
      const publicBlob = key.getPublicSSH();
      out.key = {
        type: key.type,
        fingerprint: `SHA256:${createHash("sha256").update(publicBlob).digest("base64").replace(/=+$/, "")}`,
        comment: key.comment || null,
      };
    }
  }
  if (input.knownHosts !== undefined) {
    const parsed = parseKnownHosts(input.knownHosts);
    out.problems.push(
      ...parsed.problems.map((p) => ({
        field: "ssh.knownHosts",
        message: `known_hosts line ${p.line}: ${p.message}.`,
      })),
    );
    out.knownHosts = parsed.entries.flatMap((e) =>
      e.patterns[0]?.startsWith("|") ? ["(hashed)"] : e.patterns,
    );
    if (parsed.problems.length === 0 && parsed.entries.length === 0) {
      out.problems.push({
        field: "ssh.knownHosts",
        message:
          "Give the engine host's known_hosts line (ssh-keyscan -p PORT HOST): without it Netatlas cannot tell the host from an impostor.",
      });
    }
  }
  return out;
}
