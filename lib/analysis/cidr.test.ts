// Addresses and prefixes as numbers: what parses (and what must not), RFC 5952 formatting, host bits, and the
// containment and overlap tests the network-create checks rely on.
import { describe, expect, it } from "vitest";
import { randomInt, seededRandom } from "@/lib/testing/topology-builders";
import {
  contains,
  formatAddress,
  formatPrefix,
  hasHostBits,
  lastAddress,
  overlaps,
  type Prefix,
  parseAddress,
  parsePrefix,
  within,
} from "./cidr";

/** A prefix that must parse; the test fails here, readably, when it does not. */
function prefix(text: string): Prefix {
  const p = parsePrefix(text);
  if (!p) throw new Error(`expected ${JSON.stringify(text)} to parse as a prefix`);
  return p;
}

/** The value of an address that must parse. */
function value(text: string): bigint {
  const a = parseAddress(text);
  if (!a) throw new Error(`expected ${JSON.stringify(text)} to parse as an address`);
  return a.value;
}

describe("parseAddress, IPv4", () => {
  it.each([
    ["0.0.0.0", 0n],
    ["10.0.0.1", 0x0a000001n],
    ["192.168.1.254", 0xc0a801fen],
    ["255.255.255.255", 0xffffffffn],
    ["172.17.0.0", 0xac110000n],
  ])("reads %s as %s", (text, expected) => {
    expect(parseAddress(text)).toEqual({ family: 4, value: expected });
  });

  it.each([
    ["a leading zero", "010.0.0.1"],
    ["a leading zero in the last part", "10.0.0.01"],
    ["a part of 00", "10.00.0.1"],
    ["256", "10.0.0.256"],
    ["999", "999.0.0.1"],
    ["three parts", "10.0.1"],
    ["five parts", "10.0.0.0.1"],
    ["a trailing dot", "10.0.0.1."],
    ["an empty part", "10..0.1"],
    ["four digits", "1000.0.0.1"],
    ["a sign", "+1.0.0.1"],
    ["a space", " 10.0.0.1"],
    ["a trailing newline", "10.0.0.1\n"],
    ["hex", "0x0a.0.0.1"],
    ["a bare number", "167772161"],
    ["the empty string", ""],
    ["a name", "localhost"],
    ["a prefix", "10.0.0.0/8"],
  ])("refuses %s (%j)", (_what, text) => {
    expect(parseAddress(text)).toBeNull();
  });

  it("takes a single 0 as a part (only a longer part with a leading zero is refused)", () => {
    expect(parseAddress("10.0.0.0")).toEqual({ family: 4, value: 0x0a000000n });
  });
});

describe("parseAddress, IPv6", () => {
  it.each([
    ["the full form", "2001:0db8:0000:0000:0000:0000:0000:0001", 0x20010db8000000000000000000000001n],
    ["the full form without leading zeros", "2001:db8:0:0:0:0:0:1", 0x20010db8000000000000000000000001n],
    ["::", "::", 0n],
    ["::1", "::1", 1n],
    ["fd00::", "fd00::", 0xfd00n << 112n],
    ["2001:db8::1", "2001:db8::1", 0x20010db8000000000000000000000001n],
    ["upper case", "2001:DB8::A", 0x20010db800000000000000000000000an],
    ["ffff everywhere", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", (1n << 128n) - 1n],
    ["a :: standing for one group", "1:2:3::5:6:7:8", 0x0001000200030000000500060007_0008n],
    ["a :: at the end standing for one group", "1:2:3:4:5:6:7::", 0x00010002000300040005000600070000n],
    ["a :: at the start standing for one group", "::2:3:4:5:6:7:8", 0x00000002000300040005000600070008n],
    ["embedded IPv4 after ::ffff:", "::ffff:10.0.0.1", 0xffff0a000001n],
    ["embedded IPv4 after ::", "::10.0.0.1", 0x0a000001n],
    ["embedded IPv4 in the full form", "1:2:3:4:5:6:10.0.0.1", 0x000100020003000400050006_0a000001n],
  ])("reads %s", (_what, text, expected) => {
    expect(parseAddress(text)).toEqual({ family: 6, value: expected });
  });

  it.each([
    ["nine groups", "1:2:3:4:5:6:7:8:9"],
    ["seven groups without ::", "1:2:3:4:5:6:7"],
    ["eight groups and a :: (it must stand for at least one)", "1:2:3:4::5:6:7:8"],
    [":::", ":::"],
    [":::1", ":::1"],
    ["1:::2", "1:::2"],
    ["two ::", "1::2::3"],
    ["two :: at the ends", "::1::"],
    ["bad hex", "2001:db8::g"],
    ["bad hex in the full form", "2001:db8:0:0:0:0:0:zz"],
    ["a group of five digits", "2001:db8::12345"],
    ["a single leading colon", ":1:2:3:4:5:6:7"],
    ["a single trailing colon", "1:2:3:4:5:6:7:"],
    ["a trailing colon after ::", "::1:"],
    ["a lone colon", ":"],
    ["an embedded IPv4 that is not one", "::ffff:10.0.0.256"],
    ["an embedded IPv4 with a leading zero", "::ffff:10.0.0.01"],
    ["an embedded IPv4 with three parts", "::ffff:10.0.1"],
    ["an embedded IPv4 not at the end", "::10.0.0.1:1"],
    ["an embedded IPv4 making nine groups", "1:2:3:4:5:6:7:10.0.0.1"],
    ["a zone", "fe80::1%eth0"],
    ["a prefix", "fd00::/64"],
    ["brackets", "[::1]"],
    ["a space", "::1 "],
  ])("refuses %s (%j)", (_what, text) => {
    expect(parseAddress(text)).toBeNull();
  });
});

describe("parsePrefix", () => {
  it("keeps the address as written and clears the host bits in base", () => {
    expect(parsePrefix("10.0.0.1/24")).toEqual({
      family: 4,
      base: 0x0a000000n,
      bits: 24,
      given: 0x0a000001n,
    });
    expect(parsePrefix("fd00::1/64")).toEqual({
      family: 6,
      base: 0xfd00n << 112n,
      bits: 64,
      given: (0xfd00n << 112n) | 1n,
    });
  });

  it.each([
    ["10.0.0.0/0", 0],
    ["10.0.0.0/8", 8],
    ["10.0.0.0/32", 32],
    ["::/0", 0],
    ["fd00::/64", 64],
    ["::1/128", 128],
  ])("accepts %s (length %i)", (text, bits) => {
    expect(parsePrefix(text)?.bits).toBe(bits);
  });

  it("a /0 covers the whole family and a full-length prefix one address", () => {
    expect(parsePrefix("10.1.2.3/0")?.base).toBe(0n);
    expect(parsePrefix("10.1.2.3/32")?.base).toBe(0x0a010203n);
    expect(parsePrefix("2001:db8::1/0")?.base).toBe(0n);
    expect(parsePrefix("2001:db8::1/128")?.base).toBe(value("2001:db8::1"));
  });

  it.each([
    ["no slash", "10.0.0.0"],
    ["no slash, IPv6", "fd00::"],
    ["33 bits for IPv4", "10.0.0.0/33"],
    ["129 bits for IPv6", "fd00::/129"],
    ["an empty length", "10.0.0.0/"],
    ["a negative length", "10.0.0.0/-1"],
    ["a signed length", "10.0.0.0/+8"],
    ["a length of four digits", "10.0.0.0/0024"],
    ["a mask instead of a length", "10.0.0.0/255.255.255.0"],
    ["two slashes", "10.0.0.0/24/8"],
    ["no address", "/24"],
    ["a bad address", "10.0.0.256/24"],
    ["a bad IPv6 address", "fd00:::/64"],
    ["a space", "10.0.0.0 /24"],
    ["the empty string", ""],
  ])("refuses %s (%j)", (_what, text) => {
    expect(parsePrefix(text)).toBeNull();
  });
});

describe("formatAddress", () => {
  it.each([
    ["0.0.0.0", 0n],
    ["10.0.0.1", 0x0a000001n],
    ["255.255.255.255", 0xffffffffn],
    ["192.168.100.7", 0xc0a86407n],
  ])("writes IPv4 %s", (text, v) => {
    expect(formatAddress(4, v)).toBe(text);
  });

  it.each([
    ["all zeros", "0:0:0:0:0:0:0:0", "::"],
    ["loopback", "0:0:0:0:0:0:0:1", "::1"],
    ["a trailing zero run", "fd00:0:0:0:0:0:0:0", "fd00::"],
    ["leading zeros dropped, lower case", "2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["a single zero group is not compressed", "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["the longest run wins over an earlier, shorter one", "2001:0:0:1:0:0:0:1", "2001:0:0:1::1"],
    ["the first of two equal runs", "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["a run of exactly two", "1:2:3:0:0:6:7:8", "1:2:3::6:7:8"],
    ["a run at the start", "0:0:0:4:5:6:7:8", "::4:5:6:7:8"],
    ["no zero at all", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"],
    ["only single zeros", "0:1:0:1:0:1:0:1", "0:1:0:1:0:1:0:1"],
    ["all ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
  ])("writes %s in RFC 5952 form", (_what, written, canonical) => {
    expect(formatAddress(6, value(written))).toBe(canonical);
  });

  it.each([
    "10.0.0.1",
    "0.0.0.0",
    "255.255.255.255",
    "::",
    "::1",
    "fd00::",
    "2001:db8::1",
    "fe80::1:2",
    "2001:db8:0:1:1:1:1:1",
    "2001:db8::1:0:0:1",
  ])("round-trips the canonical %s unchanged", (text) => {
    const a = parseAddress(text);
    expect(a).not.toBeNull();
    if (a) expect(formatAddress(a.family, a.value)).toBe(text);
  });

  it("parses back to the same number, for many IPv6 values with zero runs in every place", () => {
    const random = seededRandom(5952);
    for (let n = 0; n < 2000; n++) {
      let v = 0n;
      // Each group is zero half the time, so runs of every length and position occur.
      for (let g = 0; g < 8; g++) {
        const group = random() < 0.5 ? 0 : randomInt(random, 0x10000);
        v = (v << 16n) | BigInt(group);
      }
      const text = formatAddress(6, v);
      expect(parseAddress(text), text).toEqual({ family: 6, value: v });
      expect(text.split("::").length, text).toBeLessThanOrEqual(2);
    }
  });

  it("parses back to the same number, for many IPv4 values", () => {
    const random = seededRandom(791);
    for (let n = 0; n < 500; n++) {
      const v = BigInt(randomInt(random, 2 ** 32));
      expect(parseAddress(formatAddress(4, v))).toEqual({ family: 4, value: v });
    }
  });
});

describe("formatPrefix", () => {
  it("writes the network address and the length", () => {
    expect(formatPrefix(prefix("10.0.0.1/24"))).toBe("10.0.0.0/24");
    expect(formatPrefix(prefix("172.20.5.9/16"))).toBe("172.20.0.0/16");
    expect(formatPrefix(prefix("2001:db8::1/64"))).toBe("2001:db8::/64");
    expect(formatPrefix(prefix("fd00:1:2:3::/48"))).toBe("fd00:1:2::/48");
    expect(formatPrefix(prefix("0.0.0.0/0"))).toBe("0.0.0.0/0");
    expect(formatPrefix(prefix("::/0"))).toBe("::/0");
  });
});

describe("hasHostBits", () => {
  it.each([
    ["10.0.0.1/24", true],
    ["10.0.0.0/24", false],
    ["10.0.0.128/24", true],
    ["10.0.0.128/25", false],
    ["10.0.0.1/32", false],
    ["10.0.0.1/0", true],
    ["0.0.0.0/0", false],
    ["192.168.1.0/23", true],
    ["2001:db8::1/64", true],
    ["2001:db8::/64", false],
    ["2001:db8:0:0:1::/64", true],
    ["2001:db8::1/128", false],
    ["fd00::/8", false],
    ["fd01::/8", true],
  ])("%s → %s", (text, expected) => {
    expect(hasHostBits(prefix(text))).toBe(expected);
  });
});

describe("lastAddress", () => {
  it.each([
    ["10.0.0.0/24", "10.0.0.255"],
    ["10.0.0.1/24", "10.0.0.255"],
    ["10.0.0.0/25", "10.0.0.127"],
    ["10.0.0.128/25", "10.0.0.255"],
    ["10.0.0.7/32", "10.0.0.7"],
    ["172.16.0.0/12", "172.31.255.255"],
    ["0.0.0.0/0", "255.255.255.255"],
  ])("of %s is %s", (text, last) => {
    expect(formatAddress(4, lastAddress(prefix(text)))).toBe(last);
  });

  it.each([
    ["2001:db8::/64", "2001:db8::ffff:ffff:ffff:ffff"],
    ["fd00::/8", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
    ["::1/128", "::1"],
    ["::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
  ])("of %s is %s", (text, last) => {
    expect(formatAddress(6, lastAddress(prefix(text)))).toBe(last);
  });
});

describe("contains", () => {
  const net = prefix("10.0.0.0/24");

  it.each([
    ["10.0.0.0", true],
    ["10.0.0.1", true],
    ["10.0.0.255", true],
    ["10.0.1.0", false],
    ["9.255.255.255", false],
    ["10.0.0.128", true],
  ])("10.0.0.0/24 holds %s: %s", (address, expected) => {
    expect(contains(net, 4, value(address))).toBe(expected);
  });

  it("never holds an address of the other family, even with the same number", () => {
    expect(contains(net, 6, value("10.0.0.1"))).toBe(false);
    expect(contains(prefix("::/0"), 4, value("10.0.0.1"))).toBe(false);
    expect(contains(prefix("0.0.0.0/0"), 6, 1n)).toBe(false);
  });

  it("works for IPv6", () => {
    const v6 = prefix("2001:db8::/64");
    expect(contains(v6, 6, value("2001:db8::1"))).toBe(true);
    expect(contains(v6, 6, value("2001:db8::ffff:ffff:ffff:ffff"))).toBe(true);
    expect(contains(v6, 6, value("2001:db8:0:1::"))).toBe(false);
    expect(contains(v6, 6, value("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff"))).toBe(false);
  });

  it("uses the network, not the address as written", () => {
    expect(contains(prefix("10.0.0.200/24"), 4, value("10.0.0.1"))).toBe(true);
  });
});

describe("within and overlaps", () => {
  it("nested: the smaller lies within the larger, not the other way round, and they overlap", () => {
    const outer = prefix("10.0.0.0/16");
    const inner = prefix("10.0.5.0/24");
    expect(within(inner, outer)).toBe(true);
    expect(within(outer, inner)).toBe(false);
    expect(overlaps(inner, outer)).toBe(true);
    expect(overlaps(outer, inner)).toBe(true);
  });

  it("nested at either edge", () => {
    expect(within(prefix("10.0.0.0/25"), prefix("10.0.0.0/24"))).toBe(true);
    expect(within(prefix("10.0.0.128/25"), prefix("10.0.0.0/24"))).toBe(true);
    expect(within(prefix("10.0.0.255/32"), prefix("10.0.0.0/24"))).toBe(true);
  });

  it("identical prefixes lie within each other and overlap", () => {
    const a = prefix("10.0.0.0/24");
    const b = prefix("10.0.0.0/24");
    expect(within(a, b)).toBe(true);
    expect(within(b, a)).toBe(true);
    expect(overlaps(a, b)).toBe(true);
  });

  it("sharing only one address at either edge is an overlap", () => {
    const net = prefix("10.0.0.0/24");
    expect(overlaps(prefix("10.0.0.255/32"), net)).toBe(true);
    expect(overlaps(net, prefix("10.0.0.255/32"))).toBe(true);
    expect(overlaps(prefix("10.0.0.0/32"), net)).toBe(true);
    expect(overlaps(net, prefix("10.0.0.0/32"))).toBe(true);
    expect(overlaps(prefix("10.0.1.0/32"), net)).toBe(false);
    expect(overlaps(net, prefix("9.255.255.255/32"))).toBe(false);
  });

  it("adjacent halves do not overlap", () => {
    const low = prefix("10.0.0.0/25");
    const high = prefix("10.0.0.128/25");
    expect(overlaps(low, high)).toBe(false);
    expect(overlaps(high, low)).toBe(false);
    expect(within(low, high)).toBe(false);
    expect(within(high, low)).toBe(false);
  });

  it("adjacent /24s do not overlap; disjoint ones neither", () => {
    expect(overlaps(prefix("10.0.0.0/24"), prefix("10.0.1.0/24"))).toBe(false);
    expect(overlaps(prefix("10.0.0.0/24"), prefix("192.168.0.0/24"))).toBe(false);
  });

  it("a range that sticks out of the subnet is not within it but overlaps it", () => {
    const range = prefix("10.0.0.0/23");
    const subnet = prefix("10.0.1.0/24");
    expect(within(range, subnet)).toBe(false);
    expect(overlaps(range, subnet)).toBe(true);
  });

  it("uses the network address when host bits are set", () => {
    expect(overlaps(prefix("10.0.0.1/24"), prefix("10.0.0.200/30"))).toBe(true);
    expect(within(prefix("10.0.0.200/30"), prefix("10.0.0.1/24"))).toBe(true);
  });

  it("the whole space overlaps everything of its family", () => {
    expect(overlaps(prefix("0.0.0.0/0"), prefix("203.0.113.7/32"))).toBe(true);
    expect(overlaps(prefix("::/0"), prefix("fd00::/64"))).toBe(true);
  });

  it("IPv6: nested, adjacent and disjoint", () => {
    expect(within(prefix("fd00:1::/64"), prefix("fd00::/16"))).toBe(true);
    expect(overlaps(prefix("fd00:1::/64"), prefix("fd00::/16"))).toBe(true);
    expect(overlaps(prefix("fd00::/64"), prefix("fd00:0:0:1::/64"))).toBe(false);
    expect(overlaps(prefix("2001:db8::/32"), prefix("fd00::/8"))).toBe(false);
  });

  it("mixed families never overlap and never lie within each other, whatever the numbers", () => {
    // ::/96 holds the same numbers as 0.0.0.0/0; the family alone keeps them apart.
    const v4 = prefix("0.0.0.0/0");
    const v6 = prefix("::/96");
    expect(overlaps(v4, v6)).toBe(false);
    expect(overlaps(v6, v4)).toBe(false);
    expect(within(v4, v6)).toBe(false);
    expect(within(v6, v4)).toBe(false);
    expect(overlaps(prefix("10.0.0.0/8"), prefix("::/0"))).toBe(false);
    expect(overlaps(prefix("10.0.0.0/8"), prefix("::ffff:10.0.0.0/104"))).toBe(false);
  });
});
