// checkTls / checkSsh against material made once with openssl and ssh-keygen (__fixtures__/make-fixtures.sh):
// what each field's problem says, and the summaries shown again afterwards. Clocks are fixed: the CAs are valid
// 2025-01-01..2026-06-01 and the client certificate 2025-01-01..2026-01-01.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSsh, checkTls } from "./material";

const fixtures = path.join(__dirname, "__fixtures__");
const tls = (name: string) => fs.readFileSync(path.join(fixtures, "tls", name), "utf8");
const ssh = (name: string) => fs.readFileSync(path.join(fixtures, "ssh", name), "utf8");

const VALID = Date.parse("2025-06-01T00:00:00Z");
/** The client certificate has expired, the CAs have not. */
const CLIENT_EXPIRED = Date.parse("2026-03-01T00:00:00Z");
const ALL_EXPIRED = Date.parse("2026-07-01T00:00:00Z");

// `openssl x509 -noout -fingerprint -sha256 -in …` and `ssh-keygen -lf …` when the fixtures were made.
const CA_FINGERPRINT =
  "D7:D7:96:6F:77:67:6F:84:E8:95:AB:18:9F:AB:69:9C:91:19:1A:99:70:A0:D9:5C:9C:AB:88:26:43:E1:16:D2";
const CA2_FINGERPRINT =
  "D1:25:C8:28:E1:BC:C2:3A:50:23:D7:02:09:35:5A:4F:D7:73:2C:48:F9:2C:98:46:41:01:24:E9:F5:25:C8:2B";
const CLIENT_FINGERPRINT =
  "BA:44:B7:1C:1E:DF:E0:AE:61:D6:A0:C1:A4:ED:C2:F4:A8:6E:BA:F4:37:A5:CB:F7:89:A6:2D:C4:09:66:B3:0D";
const SSH_FINGERPRINT = "SHA256:OXZjRFTm7bXN2wRg/58+X1BIVY0W1NYc3CAel+1iAJ0";

const ENCRYPTED = "The key is encrypted with a passphrase; give it unencrypted (it is stored 0600).";

describe("checkTls", () => {
  it("a CA, a client certificate and its key: no problem, summaries as openssl shows them", () => {
    const check = checkTls(
      { ca: tls("ca.pem"), cert: tls("client-cert.pem"), key: tls("client-key.pem") },
      VALID,
    );
    expect(check.problems).toEqual([]);
    expect(check.ca).toEqual([
      {
        subject: "CN=Netatlas Test CA, O=Netatlas Test",
        issuer: "CN=Netatlas Test CA, O=Netatlas Test",
        notBefore: "2025-01-01T00:00:00.000Z",
        notAfter: "2026-06-01T00:00:00.000Z",
        fingerprint: CA_FINGERPRINT,
        isCa: true,
        expired: false,
      },
    ]);
    expect(check.cert).toEqual({
      subject: "CN=netatlas-client, O=Netatlas Test",
      issuer: "CN=Netatlas Test CA, O=Netatlas Test",
      notBefore: "2025-01-01T00:00:00.000Z",
      notAfter: "2026-01-01T00:00:00.000Z",
      fingerprint: CLIENT_FINGERPRINT,
      isCa: false,
      expired: false,
    });
  });

  it("nothing given, or a CA alone, is fine", () => {
    expect(checkTls(undefined, VALID)).toEqual({ problems: [], ca: [], cert: null });
    const caOnly = checkTls({ ca: tls("ca.pem") }, VALID);
    expect(caOnly.problems).toEqual([]);
    expect(caOnly.cert).toBeNull();
  });

  it("a bundle of two CAs is read whole, in order", () => {
    const check = checkTls({ ca: tls("bundle.pem") }, VALID);
    expect(check.problems).toEqual([]);
    expect(check.ca.map((c) => [c.subject, c.fingerprint])).toEqual([
      ["CN=Netatlas Test CA, O=Netatlas Test", CA_FINGERPRINT],
      ["CN=Netatlas Second CA, O=Netatlas Test", CA2_FINGERPRINT],
    ]);
  });

  it("a leaf certificate given as the CA is named as not a CA", () => {
    const check = checkTls({ ca: tls("client-cert.pem") }, VALID);
    expect(check.problems).toEqual([
      {
        field: "tls.ca",
        message:
          "This certificate is not a CA (basicConstraints CA:FALSE): give the CA that signed the engine's certificate.",
      },
    ]);
    expect(check.ca[0]?.isCa).toBe(false);
  });

  it("text that is not PEM, and a private key pasted as a certificate, in the CA and client fields", () => {
    const notPem = "This is not PEM: paste or upload a certificate (-----BEGIN CERTIFICATE-----).";
    const aKey = "This is a private key: paste or upload a certificate (-----BEGIN CERTIFICATE-----).";
    expect(checkTls({ ca: "hello" }, VALID).problems).toEqual([{ field: "tls.ca", message: notPem }]);
    expect(checkTls({ ca: tls("client-key.pem") }, VALID).problems).toEqual([
      { field: "tls.ca", message: aKey },
    ]);
    expect(
      checkTls({ ca: tls("ca.pem"), cert: tls("client-key.pem"), key: tls("client-key.pem") }, VALID)
        .problems,
    ).toEqual([{ field: "tls.cert", message: aKey }]);
  });

  it("a PEM block whose body is not a certificate says which one cannot be read", () => {
    const broken = `${tls("ca.pem")}-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n`;
    const problems = checkTls({ ca: broken }, VALID).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe("tls.ca");
    expect(problems[0]?.message).toMatch(/^Certificate 2 cannot be read \(.+\)\.$/);
  });

  it("a client certificate without its key, or a key without its certificate", () => {
    const together = "Give the client certificate and its key together, or neither.";
    expect(checkTls({ ca: tls("ca.pem"), cert: tls("client-cert.pem") }, VALID).problems).toEqual([
      { field: "tls.key", message: together },
    ]);
    expect(checkTls({ ca: tls("ca.pem"), key: tls("client-key.pem") }, VALID).problems).toEqual([
      { field: "tls.cert", message: together },
    ]);
  });

  it("a key that is not the certificate's", () => {
    const check = checkTls(
      { ca: tls("ca.pem"), cert: tls("client-cert.pem"), key: tls("other-key.pem") },
      VALID,
    );
    expect(check.problems).toEqual([
      { field: "tls.key", message: "This key does not belong to the client certificate." },
    ]);
  });

  it("encrypted keys, PKCS#8 and traditional (Proc-Type: 4,ENCRYPTED), are refused as such", () => {
    const pkcs8 = tls("key-pkcs8-encrypted.pem");
    const traditional = tls("key-traditional-encrypted.pem");
    expect(pkcs8).toContain("BEGIN ENCRYPTED PRIVATE KEY");
    expect(traditional).toContain("Proc-Type: 4,ENCRYPTED");
    for (const key of [pkcs8, traditional]) {
      expect(checkTls({ ca: tls("ca.pem"), cert: tls("client-cert.pem"), key }, VALID).problems).toEqual([
        { field: "tls.key", message: ENCRYPTED },
      ]);
    }
  });

  it("a key field holding a certificate or nonsense is not a PEM private key", () => {
    const notKey = "This is not a PEM private key (-----BEGIN … PRIVATE KEY-----).";
    for (const key of [tls("client-cert.pem"), "secret"]) {
      expect(checkTls({ ca: tls("ca.pem"), cert: tls("client-cert.pem"), key }, VALID).problems).toEqual([
        { field: "tls.key", message: notKey },
      ]);
    }
    const garbled = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    const problems = checkTls(
      { ca: tls("ca.pem"), cert: tls("client-cert.pem"), key: garbled },
      VALID,
    ).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^The private key cannot be read \(.+\)\.$/);
  });

  it("both client fields wrong: both named", () => {
    const problems = checkTls({ ca: tls("ca.pem"), cert: "x", key: "y" }, VALID).problems;
    expect(problems.map((p) => p.field)).toEqual(["tls.cert", "tls.key"]);
  });

  it("an expired client certificate, then an expired CA, by their dates (fixed clocks)", () => {
    const input = { ca: tls("ca.pem"), cert: tls("client-cert.pem"), key: tls("client-key.pem") };
    const later = checkTls(input, CLIENT_EXPIRED);
    expect(later.problems).toEqual([
      {
        field: "tls.cert",
        message: "The client certificate expired on 2026-01-01: the engine would refuse it.",
      },
    ]);
    expect(later.cert?.expired).toBe(true);
    expect(later.ca[0]?.expired).toBe(false);
    expect(checkTls(input, ALL_EXPIRED).problems).toEqual([
      { field: "tls.ca", message: "The CA certificate expired on 2026-06-01." },
      {
        field: "tls.cert",
        message: "The client certificate expired on 2026-01-01: the engine would refuse it.",
      },
    ]);
    // notAfter itself is still valid; a millisecond later is not.
    const edge = Date.parse("2026-01-01T00:00:00Z");
    expect(checkTls(input, edge).problems).toEqual([]);
    expect(checkTls(input, edge + 1).problems).toHaveLength(1);
  });
});

describe("checkSsh", () => {
  it("an unencrypted ed25519 key: type, ssh-keygen's fingerprint and the comment", () => {
    const check = checkSsh({ privateKey: ssh("id_ed25519") });
    expect(check.problems).toEqual([]);
    expect(check.key).toEqual({
      type: "ssh-ed25519",
      fingerprint: SSH_FINGERPRINT,
      comment: "netatlas-fixture",
    });
  });

  it("nothing given is fine", () => {
    expect(checkSsh(undefined)).toEqual({ problems: [], key: null, knownHosts: [] });
  });

  it("an encrypted OpenSSH key is refused as encrypted", () => {
    expect(checkSsh({ privateKey: ssh("id_ed25519_encrypted") }).problems).toEqual([
      { field: "ssh.privateKey", message: ENCRYPTED },
    ]);
  });

  it("an encrypted PEM key is refused as encrypted too", () => {
    expect(checkSsh({ privateKey: tls("key-traditional-encrypted.pem") }).problems).toEqual([
      { field: "ssh.privateKey", message: ENCRYPTED },
    ]);
  });

  it("the public key given as the private one", () => {
    const check = checkSsh({ privateKey: ssh("id_ed25519.pub") });
    expect(check.problems).toEqual([
      { field: "ssh.privateKey", message: "This is a public key: give the private key." },
    ]);
    expect(check.key).toBeNull();
  });

  it("text that is no key, and a certificate", () => {
    for (const text of ["hello", tls("client-cert.pem")]) {
      const problems = checkSsh({ privateKey: text }).problems;
      expect(problems).toHaveLength(1);
      expect(problems[0]?.field).toBe("ssh.privateKey");
      expect(problems[0]?.message).toMatch(/^This is not an SSH private key \(.+\)\.$/);
    }
  });

  it("known_hosts: plain names, [host]:port and hashed lines, comments skipped", () => {
    const check = checkSsh({ knownHosts: ssh("known_hosts") });
    expect(check.problems).toEqual([]);
    expect(check.knownHosts).toEqual(["engine.example", "10.0.0.5", "[engine.example]:2222", "(hashed)"]);
  });

  it("known_hosts: a malformed line and a key type that is not the key's are named by line; good lines kept", () => {
    const text = `${ssh("known_hosts")}${ssh("known_hosts-bad")}`;
    const check = checkSsh({ knownHosts: text });
    expect(check.problems).toEqual([
      { field: "ssh.knownHosts", message: "known_hosts line 5: expected: hosts, key type, key." },
      { field: "ssh.knownHosts", message: "known_hosts line 6: ssh-unknown is not an SSH host key type." },
    ]);
    expect(check.knownHosts).toHaveLength(4);
  });

  it("known_hosts: an unknown marker, and a text with no line at all", () => {
    const blob = ssh("id_ed25519.pub").split(" ")[1];
    expect(checkSsh({ knownHosts: `@trusted host ssh-ed25519 ${blob}` }).problems).toEqual([
      { field: "ssh.knownHosts", message: "known_hosts line 1: unknown marker @trusted." },
    ]);
    expect(checkSsh({ knownHosts: "# only a comment\n\n" }).problems).toEqual([
      {
        field: "ssh.knownHosts",
        message:
          "Give the engine host's known_hosts line (ssh-keyscan -p PORT HOST): without it Netatlas cannot tell the host from an impostor.",
      },
    ]);
  });

  it("key and known_hosts problems are reported together", () => {
    const check = checkSsh({ privateKey: ssh("id_ed25519.pub"), knownHosts: "garbage" });
    expect(check.problems.map((p) => p.field)).toEqual(["ssh.privateKey", "ssh.knownHosts"]);
  });
});
