// parseIpsec on `ip xfrm policy` as recorded in the lab hosts' namespaces (an encrypted overlay between engine A,
// 26.1, and B, 20.10, on a kernel that refused the security associations: `ip xfrm state` printed nothing) and
// on a state block in iproute2's format.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseIpsec } from "./ipsec-parse";

const recorded = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");
const policyA = recorded("xfrm-policy-26.1.txt");
const policyB = recorded("xfrm-policy-20.10.txt");

const state = (src: string, dst: string, spi: string) =>
  `src ${src} dst ${dst}\n\tproto esp spi ${spi} reqid 13681891 mode transport\n\treplay-window 0 \n` +
  "\taead rfc4106(gcm(aes)) 0x0102030405060708090a0b0c0d0e0f1011121314 64\n\tanti-replay context: seq 0x0\n";

describe("parseIpsec", () => {
  it("finds the outgoing ESP policy of each host toward its peer, with no association installed", () => {
    expect(parseIpsec(policyA, "")).toEqual([
      { from: "10.212.0.1", to: "10.212.0.2", spi: "0x6b734840", installed: false },
    ]);
    expect(parseIpsec(policyB, "")).toEqual([
      { from: "10.212.0.2", to: "10.212.0.1", spi: "0x50d0fc60", installed: false },
    ]);
  });

  it("matches a policy to its state by source, destination and SPI", () => {
    expect(parseIpsec(policyA, state("10.212.0.1", "10.212.0.2", "0x6b734840"))[0]?.installed).toBe(true);
    // The reverse direction's state, or another SPI, is not the one the policy needs.
    expect(parseIpsec(policyA, state("10.212.0.2", "10.212.0.1", "0x6b734840"))[0]?.installed).toBe(false);
    expect(parseIpsec(policyA, state("10.212.0.1", "10.212.0.2", "0x1"))[0]?.installed).toBe(false);
  });

  it("ignores inbound and forward policies and templates without ESP, and empty output", () => {
    const inbound = policyA.replace("dir out", "dir in");
    expect(parseIpsec(inbound, "")).toEqual([]);
    expect(parseIpsec(policyA.replace("proto esp", "proto ah"), "")).toEqual([]);
    expect(parseIpsec("", "")).toEqual([]);
  });
});
