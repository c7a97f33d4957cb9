// known_hosts read and matched as ssh(1) does. The keys and the hashed lines were made with ssh-keygen (-t ed25519,
// -t ecdsa; -H hashed "10.0.0.5" and "[10.0.0.6]:2222"), the fingerprints are ssh-keygen -l's.
import { describe, expect, it } from "vitest";
import {
  blobKeyType,
  checkHostKey,
  entryMatchesHost,
  fingerprint,
  knownKeyTypes,
  lookupName,
  parseKnownHosts,
} from "./known-hosts";
import { hostKeyAlgorithms } from "./ssh-options";

const K1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMooozpvHghnHdaR2ca/akHpaB+yqrNIc0wqeMgmfFKg";
const K1_FP = "SHA256:LeGjiDDvOZWsGdm5TFyNxKaZrxKaA8WxPjh6sAb9cKo";
const K2 =
  "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBPFxDLHHPmyEN7vpOjEUzd95GNg1PsM7FIq3t7fSBfwnBNgKrO3vrtdqs1ON/pT57hkGAFfy8V58OiPABJ9WxlY=";
const K3 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILLAx2MNIhTkdL8ux3MPHa0AwxF7SReaB1CwcIpwbAOW";
const K3_FP = "SHA256:Rlg7Syqwni81gJCkCLLtbo/qD3iuFD/LjwJp4cH1smc";
const HASHED_10_0_0_5 = "|1|YTaPucFHV4z2a3LZL+0/wu/CE7A=|52utMa6v2Ww+3/60qcJSfhKbw2U=";
const HASHED_10_0_0_6_2222 = "|1|7312282/E9CNYdYLOnU1MgNYliU=|0tzad8uW+mevdjoMMJR71zQe//0=";

const blob = (line: string) => Buffer.from(line.split(" ")[1] ?? "", "base64");

describe("parseKnownHosts", () => {
  it("reads plain, bracketed, listed, hashed and marked lines; skips comments and blanks", () => {
    const text = [
      "# a comment",
      "",
      `engine.example,10.0.0.7 ${K1} root@engine`,
      `[10.0.0.8]:2222 ${K2}`,
      `${HASHED_10_0_0_5} ${K1}`,
      `@revoked * ${K3}`,
      `@cert-authority *.example ${K2}`,
    ].join("\n");
    const { entries, problems } = parseKnownHosts(text);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.line, e.marker, e.patterns, e.keyType])).toEqual([
      [3, null, ["engine.example", "10.0.0.7"], "ssh-ed25519"],
      [4, null, ["[10.0.0.8]:2222"], "ecdsa-sha2-nistp256"],
      [5, null, [HASHED_10_0_0_5], "ssh-ed25519"],
      [6, "revoked", ["*"], "ssh-ed25519"],
      [7, "cert-authority", ["*.example"], "ecdsa-sha2-nistp256"],
    ]);
    expect(entries[0]?.key.equals(blob(K1))).toBe(true);
  });

  it("reports lines it cannot read, by line, and keeps the rest", () => {
    const text = [
      "10.0.0.1 ssh-ed25519",
      `10.0.0.2 ssh-rsa ${K1.split(" ")[1]}`,
      "10.0.0.3 ssh-ed25519 not*base64",
      `@trusted 10.0.0.4 ${K1}`,
      `10.0.0.5 ${K1}\r`,
    ].join("\n");
    const { entries, problems } = parseKnownHosts(text);
    expect(problems.map((p) => p.line)).toEqual([1, 2, 3, 4]);
    expect(problems[1]?.message).toBe("the key is not a valid ssh-rsa key");
    expect(problems[3]?.message).toBe("unknown marker @trusted");
    expect(entries.map((e) => e.line)).toEqual([5]);
  });
});

describe("host matching", () => {
  const entry = (hosts: string) => {
    const [first] = parseKnownHosts(`${hosts} ${K1}`).entries;
    if (!first) throw new Error(`no entry read from ${hosts}`);
    return first;
  };

  it("names port 22 plainly and any other port as [host]:port, lowercase", () => {
    expect(lookupName("Engine.Example", 22)).toBe("engine.example");
    expect(lookupName("10.0.0.5", 2222)).toBe("[10.0.0.5]:2222");
  });

  it("matches plain names and addresses, comma lists and the port form exactly", () => {
    expect(entryMatchesHost(entry("engine.example,10.0.0.7"), "10.0.0.7", 22)).toBe(true);
    expect(entryMatchesHost(entry("engine.example,10.0.0.7"), "ENGINE.example", 22)).toBe(true);
    expect(entryMatchesHost(entry("10.0.0.7"), "10.0.0.7", 2222)).toBe(false);
    expect(entryMatchesHost(entry("[10.0.0.7]:2222"), "10.0.0.7", 2222)).toBe(true);
    expect(entryMatchesHost(entry("[10.0.0.7]:2222"), "10.0.0.7", 22)).toBe(false);
    expect(entryMatchesHost(entry("10.0.0.70"), "10.0.0.7", 22)).toBe(false);
  });

  it("takes * and ? as wildcards (and dots literally), and a negated pattern excludes", () => {
    expect(entryMatchesHost(entry("*.example"), "engine.example", 22)).toBe(true);
    expect(entryMatchesHost(entry("10.0.0.?"), "10.0.0.7", 22)).toBe(true);
    expect(entryMatchesHost(entry("10.0.0.?"), "10.0.0.17", 22)).toBe(false);
    expect(entryMatchesHost(entry("10.0.0.7"), "10x0x0x7", 22)).toBe(false);
    expect(entryMatchesHost(entry("*.example,!db.example"), "db.example", 22)).toBe(false);
    expect(entryMatchesHost(entry("!db.example"), "web.example", 22)).toBe(false);
  });

  it("matches hashed entries made by ssh-keygen -H, port form included", () => {
    expect(entryMatchesHost(entry(HASHED_10_0_0_5), "10.0.0.5", 22)).toBe(true);
    expect(entryMatchesHost(entry(HASHED_10_0_0_5), "10.0.0.6", 22)).toBe(false);
    expect(entryMatchesHost(entry(HASHED_10_0_0_6_2222), "10.0.0.6", 2222)).toBe(true);
    expect(entryMatchesHost(entry(HASHED_10_0_0_6_2222), "10.0.0.6", 22)).toBe(false);
    expect(entryMatchesHost(entry("|2|abc|def"), "10.0.0.5", 22)).toBe(false);
  });
});

describe("checkHostKey", () => {
  const known = parseKnownHosts(
    [
      `10.0.0.5 ${K1}`,
      `10.0.0.5 ${K2}`,
      `${HASHED_10_0_0_6_2222} ${K1}`,
      `@revoked 10.0.0.9 ${K1}`,
      `10.0.0.9 ${K1}`,
      `@cert-authority 10.0.0.10 ${K2}`,
    ].join("\n"),
  );

  it("match: the host is known with this key (any of its lines)", () => {
    expect(checkHostKey(known, "10.0.0.5", 22, blob(K1))).toEqual({ kind: "match", line: 1 });
    expect(checkHostKey(known, "10.0.0.5", 22, blob(K2))).toEqual({ kind: "match", line: 2 });
    expect(checkHostKey(known, "10.0.0.6", 2222, blob(K1))).toEqual({ kind: "match", line: 3 });
  });

  it("mismatch: the host is known with other keys, each named with its fingerprint", () => {
    expect(checkHostKey(known, "10.0.0.5", 22, blob(K3))).toEqual({
      kind: "mismatch",
      known: [
        { keyType: "ssh-ed25519", fingerprint: K1_FP, line: 1 },
        { keyType: "ecdsa-sha2-nistp256", fingerprint: fingerprint(blob(K2)), line: 2 },
      ],
    });
  });

  it("unknown: the host is not there (another port is another host); cert-authority lines alone do not make it known", () => {
    expect(checkHostKey(known, "10.0.0.7", 22, blob(K1))).toEqual({
      kind: "unknown",
      certAuthorityOnly: false,
    });
    expect(checkHostKey(known, "10.0.0.5", 2222, blob(K1))).toEqual({
      kind: "unknown",
      certAuthorityOnly: false,
    });
    expect(checkHostKey(known, "10.0.0.10", 22, blob(K2))).toEqual({
      kind: "unknown",
      certAuthorityOnly: true,
    });
    expect(checkHostKey(parseKnownHosts(""), "10.0.0.5", 22, blob(K1)).kind).toBe("unknown");
  });

  it("revoked: a key marked @revoked for the host is refused even when a plain line lists it", () => {
    expect(checkHostKey(known, "10.0.0.9", 22, blob(K1))).toEqual({ kind: "revoked", line: 4 });
  });
});

describe("keys", () => {
  it("fingerprints as ssh-keygen -l does", () => {
    expect(fingerprint(blob(K1))).toBe(K1_FP);
    expect(fingerprint(blob(K3))).toBe(K3_FP);
  });

  it("reads the key type from the blob, and refuses what is not one", () => {
    expect(blobKeyType(blob(K2))).toBe("ecdsa-sha2-nistp256");
    expect(blobKeyType(Buffer.from([0, 0, 0]))).toBeNull();
    expect(blobKeyType(Buffer.from([0, 0, 0, 200, 1]))).toBeNull();
  });

  it("offers the known key types first in the key exchange, rsa as its three algorithms", () => {
    const known = parseKnownHosts(`10.0.0.5 ${K2}\n10.0.0.5 ${K1}`);
    expect(knownKeyTypes(known, "10.0.0.5", 22)).toEqual(["ecdsa-sha2-nistp256", "ssh-ed25519"]);
    expect(hostKeyAlgorithms(["ecdsa-sha2-nistp256"]).slice(0, 2)).toEqual([
      "ecdsa-sha2-nistp256",
      "ssh-ed25519",
    ]);
    expect(hostKeyAlgorithms(["ssh-rsa"]).slice(0, 3)).toEqual(["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]);
    expect(hostKeyAlgorithms(["sk-ssh-ed25519@openssh.com"])).toHaveLength(7);
  });
});
