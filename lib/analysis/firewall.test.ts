// The DOCKER-USER walk: when one rule matches a packet (addresses, interfaces, protocol, ports incl. a client's
// ephemeral port, states, negations, families, addresses only known to be outside some prefixes), how the chain
// decides (first match, RETURN, LOG, partial and unknown answers), and how a reply's fate changes a request's;
// on rules written here and on the two rules recorded from real lab engines.
import { describe, expect, it } from "vitest";
import { parseRule } from "@/lib/host/facts-parse";
import { FIXTURE_VERSIONS } from "@/lib/testing/fixtures";
import { loadReachFixture } from "@/lib/testing/reach-fixtures";
import { evaluate, evaluateExchange, type Packet, ruleMatches } from "./firewall";

const rule = (options: string) => parseRule(`-A DOCKER-USER ${options}`);

/** web (172.20.0.2) opens a TCP connection to api (172.20.0.3) on port 80, both on bridge br-app. */
function packet(over: Partial<Packet> = {}): Packet {
  return {
    src: "172.20.0.2",
    dst: "172.20.0.3",
    inIf: "br-app",
    outIf: "br-app",
    protocol: "tcp",
    dport: 80,
    sport: "ephemeral",
    state: "NEW",
    ...over,
  };
}

const matches = (options: string, over: Partial<Packet> = {}) => ruleMatches(rule(options), packet(over));
const decide = (rules: string[], over: Partial<Packet> = {}) =>
  evaluate(rules.map(rule), packet(over)).decision;

describe("ruleMatches", () => {
  it("matches every packet when the rule has no matches", () => {
    expect(matches("-j DROP")).toBe(true);
    expect(matches("-j DROP", { src: null, dst: null, inIf: null, protocol: null, dport: null })).toBe(true);
  });

  it.each([
    ["-s 172.20.0.2/32", true],
    ["-s 172.20.0.0/16", true],
    ["-s 172.21.0.0/16", false],
    ["! -s 172.21.0.0/16", true],
    ["! -s 172.20.0.0/24", false],
    ["-d 172.20.0.3/32", true],
    ["-d 172.20.0.2/32", false],
    ["! -d 172.20.0.3/32", false],
    // iptables-save writes a prefix length, but a bare address means /32.
    ["-s 172.20.0.2", true],
    ["-s 172.20.0.20", false],
    ["-s 0.0.0.0/0", true],
  ])("reads addresses: %s → %s", (options, expected) => {
    expect(matches(`${options} -j DROP`)).toBe(expected);
  });

  it.each([
    ["-i br-app", true],
    ["-i br-other", false],
    ["! -i br-app", false],
    ["! -i eth0", true],
    ["-o br-+", true],
    ["-o docker+", false],
    ["! -o br-+", false],
    ["-i br-ap", false],
  ])("reads interfaces, with the + wildcard: %s → %s", (options, expected) => {
    expect(matches(`${options} -j DROP`)).toBe(expected);
  });

  it.each([
    ["-p tcp", "tcp", true],
    ["-p tcp", "udp", false],
    ["! -p tcp", "udp", true],
    ["! -p tcp", "tcp", false],
    ["-p icmp", "icmp", true],
    ["-p 6", "tcp", true],
    ["-p 1", "icmp", true],
    ["-p 6", "udp", false],
    ["-p all", "udp", true],
    ["! -p all", "tcp", false],
  ] as const)("reads protocols: %s for %s → %s", (options, protocol, expected) => {
    expect(matches(`${options} -j DROP`, { protocol, dport: protocol === "icmp" ? null : 80 })).toBe(
      expected,
    );
  });

  it("answers maybe for a match about something the question leaves open", () => {
    expect(matches("-s 172.20.0.2/32 -j DROP", { src: null })).toBe("maybe");
    expect(matches("-i br-app -j DROP", { inIf: null })).toBe("maybe");
    expect(matches("-p tcp -j DROP", { protocol: null })).toBe("maybe");
    expect(matches("-p tcp -m tcp --dport 80 -j DROP", { dport: null })).toBe("maybe");
    // An open question is no match when something known already excludes the packet.
    expect(matches("-s 10.0.0.1/32 -p tcp -m tcp --dport 80 -j DROP", { dport: null })).toBe(false);
  });

  it.each([
    ["--dport 80", 80, true],
    ["--dport 80", 443, false],
    ["! --dport 80", 80, false],
    ["! --dport 80", 443, true],
    ["--dport 1:1024", 1024, true],
    ["--dport 1:1024", 1025, false],
    ["-m multiport --dports 22,80,8000:8100", 8050, true],
    ["-m multiport --dports 22,80,8000:8100", 8101, false],
  ])("reads destination ports: -p tcp %s, port %s → %s", (options, dport, expected) => {
    expect(matches(`-p tcp ${options} -j DROP`, { dport })).toBe(expected);
  });

  it.each([
    // Linux picks a client's port from 32768–60999: a range covering it all matches, one outside never does.
    ["--dport 32768:60999", true],
    ["--dport 1024:65535", true],
    ["--dport 80", false],
    ["--dport 61000:65535", false],
    ["--dport 1:32767", false],
    ["--dport 40000:50000", "maybe"],
    ["--dport 32000:33000", "maybe"],
    ["! --dport 80", true],
    ["! --dport 1024:65535", false],
    ["! --dport 40000:50000", "maybe"],
  ])("meets an ephemeral port: -p tcp %s → %s", (options, expected) => {
    expect(matches(`-p tcp ${options} -j DROP`, { dport: "ephemeral" })).toBe(expected);
  });

  it("reads source ports the same way", () => {
    expect(matches("-p udp -m udp --sport 53 -j ACCEPT", { protocol: "udp", sport: 53 })).toBe(true);
    expect(matches("-p udp -m udp --sport 53 -j ACCEPT", { protocol: "udp", sport: "ephemeral" })).toBe(
      false,
    );
    expect(matches("-p udp -m udp --sport 53 -j ACCEPT", { protocol: "udp", sport: null })).toBe("maybe");
  });

  it("leaves ports out of an ICMP question", () => {
    expect(matches("-p icmp -j DROP", { protocol: "icmp", dport: 80, sport: 80 })).toBe(true);
    expect(matches("-p tcp -m tcp --dport 80 -j DROP", { protocol: "icmp", dport: null })).toBe(false);
  });

  it("reads connection states", () => {
    const established = "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT";
    expect(matches(established, { state: "ESTABLISHED" })).toBe(true);
    expect(matches(established, { state: "NEW" })).toBe(false);
    expect(matches("-m state --state NEW -j DROP", { state: "NEW" })).toBe(true);
  });

  it("answers unknown for a rule with matches it does not evaluate, unless a known match excludes the packet", () => {
    expect(matches("-m set --match-set blocked src -j DROP")).toBe("unknown");
    expect(matches("-s 172.20.0.2/32 -m time --timestart 09:00 -j DROP")).toBe("unknown");
    expect(matches("-s 10.9.9.9/32 -m set --match-set blocked src -j DROP")).toBe(false);
  });

  it("reads a negated connection state, and protocol numbers", () => {
    expect(matches("-m conntrack ! --ctstate ESTABLISHED -j DROP")).toBe(true);
    expect(matches("-m conntrack ! --ctstate NEW -j DROP")).toBe(false);
    expect(matches("-p 17 -j DROP", { protocol: "udp", dport: 53 })).toBe(true);
    expect(matches("-p 17 -j DROP", { protocol: "tcp", dport: 53 })).toBe(false);
  });

  it("answers maybe for an address it cannot read", () => {
    expect(matches("-s not-an-address -j DROP")).toBe("maybe");
  });

  describe("an unknown address known to be outside some prefixes (unknownNotIn)", () => {
    const outside = { src: null, unknownNotIn: ["172.16.0.0/12", "10.0.0.0/8"] };

    it("cannot match a rule about an address or prefix inside them", () => {
      expect(matches("-s 172.20.0.0/16 -j DROP", outside)).toBe(false);
      expect(matches("-s 172.20.0.9/32 -j DROP", outside)).toBe(false);
      expect(matches("-s 10.0.0.0/8 -j DROP", outside)).toBe(false);
      expect(matches("-d 10.1.2.3/32 -j DROP", { dst: null, unknownNotIn: ["10.0.0.0/8"] })).toBe(false);
    });

    it("may match a rule about something else, wider, or negated", () => {
      expect(matches("-s 192.168.0.0/16 -j DROP", outside)).toBe("maybe");
      expect(matches("-s 0.0.0.0/0 -j DROP", outside)).toBe("maybe");
      expect(matches("-s 172.0.0.0/8 -j DROP", outside)).toBe("maybe");
      expect(matches("! -s 172.20.0.0/16 -j DROP", outside)).toBe("maybe");
      expect(matches("-s 172.20.0.0/16 -j DROP", { src: null })).toBe("maybe");
    });

    it("says nothing about a known address", () => {
      expect(matches("-s 172.20.0.0/16 -j DROP", { unknownNotIn: ["172.16.0.0/12"] })).toBe(true);
    });
  });

  describe("address families", () => {
    const v6 = { src: "fd00:20::2", dst: "fd00:20::3" };

    it("never matches an IPv4 prefix with an IPv6 address, so its negation always does", () => {
      expect(matches("-s 172.20.0.0/16 -j DROP", v6)).toBe(false);
      expect(matches("-s 0.0.0.0/0 -j DROP", v6)).toBe(false);
      expect(matches("! -s 172.20.0.0/16 -j DROP", v6)).toBe(true);
      expect(matches("-d fd00:20::/64 -j DROP")).toBe(false);
    });

    it("matches IPv6 prefixes and bare IPv6 addresses", () => {
      expect(matches("-d fd00:20::/64 -j DROP", v6)).toBe(true);
      expect(matches("-d fd00:21::/64 -j DROP", v6)).toBe(false);
      expect(matches("-s fd00:20::2 -j DROP", v6)).toBe(true);
      expect(matches("-s fd00:20::22 -j DROP", v6)).toBe(false);
    });
  });
});

describe("evaluate", () => {
  it("passes everything on to Docker's rules when the chain is empty or nothing matches", () => {
    expect(evaluate([], packet())).toEqual({ decision: "pass", rules: [] });
    expect(decide(["-s 10.0.0.0/8 -j DROP", "-p udp -j DROP", "-i eth0 -j DROP"])).toBe("pass");
  });

  it("lets the first rule that matches decide, and names it", () => {
    const rules = ["-s 10.0.0.0/8 -j DROP", "-d 172.20.0.3/32 -j ACCEPT", "-j DROP"].map(rule);
    expect(evaluate(rules, packet())).toEqual({ decision: "accept", rules: [rules[1]] });
    expect(evaluate(rules, packet({ dst: "172.20.0.4" }))).toEqual({ decision: "drop", rules: [rules[2]] });
    expect(decide(["-j REJECT --reject-with icmp-port-unreachable", "-j ACCEPT"])).toBe("drop");
  });

  it("stops at a RETURN that matches: Docker's own rules decide", () => {
    expect(evaluate([rule("-j RETURN"), rule("-j DROP")], packet())).toEqual({ decision: "pass", rules: [] });
    expect(decide(["-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN", "-j DROP"])).toBe("drop");
    expect(
      decide(["-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN", "-j DROP"], { state: "ESTABLISHED" }),
    ).toBe("pass");
  });

  it("answers partial when a port-specific RETURN comes before a DROP, asked without a port", () => {
    // "Allow 443, drop the rest": some traffic gets through.
    expect(decide(["-p tcp -m tcp --dport 443 -j RETURN", "-j DROP"], { dport: null })).toBe("partial");
    expect(decide(["-p tcp -m tcp --dport 443 -j RETURN", "-j DROP"], { dport: 443 })).toBe("pass");
    expect(decide(["-p tcp -m tcp --dport 443 -j RETURN", "-j DROP"], { dport: 80 })).toBe("drop");
  });

  it("answers unknown when a rule it cannot read might have decided otherwise, and only then", () => {
    expect(decide(["-m set --match-set blocked src -j DROP"])).toBe("unknown");
    expect(decide(["-m set --match-set allowed src -j ACCEPT", "-j DROP"])).toBe("unknown");
    // Dropped either way, or let through either way: the unread rule changes nothing.
    expect(decide(["-m set --match-set blocked src -j DROP", "-j DROP"])).toBe("drop");
    expect(decide(["-m set --match-set allowed src -j ACCEPT"])).toBe("pass");
  });

  it("goes on after LOG and after a rule without a target", () => {
    const rules = [rule('-j LOG --log-prefix "user: "'), rule("-s 172.20.0.2/32"), rule("-j DROP")];
    expect(evaluate(rules, packet())).toEqual({ decision: "drop", rules: [rules[2]] });
    expect(decide(["-j LOG", "-j ACCEPT"])).toBe("accept");
  });

  it("answers partial when a port-specific DROP meets a question without a port", () => {
    const drop = rule("-p tcp -m tcp --dport 80 -j DROP");
    expect(evaluate([drop], packet({ dport: null }))).toEqual({ decision: "partial", rules: [drop] });
    expect(evaluate([drop, rule("-j RETURN")], packet({ protocol: null, dport: null }))).toEqual({
      decision: "partial",
      rules: [drop],
    });
    // Asked with the port, or another port, the answer is definite.
    expect(evaluate([drop], packet({ dport: 80 }))).toEqual({ decision: "drop", rules: [drop] });
    expect(evaluate([drop], packet({ dport: 443 }))).toEqual({ decision: "pass", rules: [] });
  });

  it("answers partial when a rule that may accept comes before one that surely drops", () => {
    const accept = rule("-p tcp -m tcp --dport 443 -j ACCEPT");
    const drop = rule("-j DROP");
    expect(evaluate([accept, drop], packet({ dport: null })).decision).toBe("partial");
    expect(evaluate([accept, drop], packet({ dport: 443 })).decision).toBe("accept");
    expect(evaluate([accept, drop], packet({ dport: 80 })).decision).toBe("drop");
  });

  it("answers partial when a rule that may drop comes before one that surely accepts, naming both", () => {
    const drop = rule("-p tcp -m tcp --dport 22 -j DROP");
    const accept = rule("-j ACCEPT");
    expect(evaluate([drop, accept], packet({ dport: null }))).toEqual({
      decision: "partial",
      rules: [drop, accept],
    });
  });

  it("answers unknown when a packet may jump to a chain the model does not follow", () => {
    const jump = rule("-i br-app -j MY-FILTER");
    expect(evaluate([jump, rule("-j ACCEPT")], packet())).toEqual({ decision: "unknown", rules: [jump] });
    expect(decide(["-i br-app -g MY-FILTER"], { inIf: null })).toBe("unknown");
    expect(decide(["-m set --match-set blocked src -j MY-FILTER"])).toBe("unknown");
    // …but not when a known match keeps the packet out of the jump.
    expect(decide(["-i eth0 -j MY-FILTER", "-j ACCEPT"])).toBe("accept");
  });

  it("names the rules that might have decided before the one that did", () => {
    const maybeDrop = rule("-p tcp -m tcp --dport 22 -j DROP");
    const jump = rule("-j MY-FILTER");
    expect(evaluate([maybeDrop, jump], packet({ dport: null }))).toEqual({
      decision: "unknown",
      rules: [maybeDrop, jump],
    });
  });

  it("evaluates negations the way the kernel does", () => {
    // The classic recipe: only the LAN may reach published ports from eth0.
    const lanOnly = ["-i eth0 ! -s 192.168.0.0/16 -j DROP", "-j RETURN"];
    const fromEth0 = { dst: "172.20.0.3", inIf: "eth0", outIf: "br-app" };
    expect(decide(lanOnly, { ...fromEth0, src: "203.0.113.9" })).toBe("drop");
    expect(decide(lanOnly, { ...fromEth0, src: "192.168.1.20" })).toBe("pass");
    expect(decide(lanOnly)).toBe("pass");
    expect(decide(["-p tcp -m tcp ! --dport 443 -j DROP"], { dport: 443 })).toBe("pass");
    expect(decide(["-p tcp -m tcp ! --dport 443 -j DROP"], { dport: 80 })).toBe("drop");
  });

  it("decides for a client's ephemeral port by whether the range covers it", () => {
    const reply = { dport: "ephemeral" as const, sport: 80, state: "ESTABLISHED" as const };
    expect(decide(["-p tcp -m tcp --dport 32768:60999 -j DROP"], reply)).toBe("drop");
    expect(decide(["-p tcp -m tcp --dport 1024:65535 -j DROP"], reply)).toBe("drop");
    expect(decide(["-p tcp -m tcp --dport 0:1023 -j DROP"], reply)).toBe("pass");
    expect(decide(["-p tcp -m tcp --dport 61000:65535 -j DROP"], reply)).toBe("pass");
    expect(decide(["-p tcp -m tcp --dport 50000:55000 -j DROP"], reply)).toBe("partial");
  });

  it("keeps a rule about Docker's subnets away from a client known to be outside them", () => {
    const rules = ["-s 172.20.0.0/16 -d 172.20.0.3/32 -j DROP"];
    expect(decide(rules, { src: null, unknownNotIn: ["172.20.0.0/16"] })).toBe("pass");
    expect(decide(rules, { src: null })).toBe("partial");
  });

  it("does not apply an IPv4 rule to an IPv6 packet", () => {
    const v6 = { src: "fd00:20::2", dst: "fd00:20::3" };
    expect(decide(["-s 172.20.0.2/32 -j DROP"], v6)).toBe("pass");
    expect(decide(["-s fd00:20::2/128 -j DROP"], v6)).toBe("drop");
  });
});

describe("evaluateExchange", () => {
  const request = (over: Partial<Packet> = {}) => {
    const { state: _state, ...rest } = packet(over);
    return rest;
  };
  const exchange = (rules: string[], over: Partial<Packet> = {}) =>
    evaluateExchange(rules.map(rule), request(over));

  it("breaks a request whose reply is dropped", () => {
    // Dropping api → web stops web → api too: the answer never comes back.
    const drop = rule("-s 172.20.0.3/32 -d 172.20.0.2/32 -j DROP");
    expect(evaluate([drop], packet())).toEqual({ decision: "pass", rules: [] });
    expect(evaluateExchange([drop], request())).toEqual({ decision: "drop", rules: [drop] });
  });

  it("lets an earlier rule accepting established traffic save the reply", () => {
    const accept = rule("-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    const drop = rule("-s 172.20.0.3/32 -d 172.20.0.2/32 -j DROP");
    expect(evaluateExchange([accept, drop], request())).toEqual({ decision: "accept", rules: [accept] });
    // A RETURN for established traffic hands the reply to Docker's rules, which let it through.
    expect(
      exchange([
        "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN",
        "-s 172.20.0.3/32 -d 172.20.0.2/32 -j DROP",
      ]).decision,
    ).toBe("pass");
    // After the DROP, it comes too late.
    expect(evaluateExchange([drop, accept], request()).decision).toBe("drop");
  });

  it("turns the reply around: addresses, interfaces and ports swap", () => {
    expect(exchange(["-i br-db -o br-app -j DROP"], { inIf: "br-app", outIf: "br-db" }).decision).toBe(
      "drop",
    );
    expect(exchange(["-i br-app -o br-db -j DROP"], { inIf: "br-db", outIf: "br-app" }).decision).toBe(
      "drop",
    );
    // The reply leaves from port 80 toward the client's ephemeral port.
    expect(exchange(["-p tcp -m tcp --sport 80 -j DROP"]).decision).toBe("drop");
    expect(exchange(["-s 172.20.0.3/32 -p tcp -m tcp --dport 80 -j DROP"]).decision).toBe("pass");
  });

  it("answers with the worse direction and names each rule once", () => {
    const both = rule("-p tcp -j DROP");
    expect(evaluateExchange([both], request())).toEqual({ decision: "drop", rules: [both] });
    // Request partial (port unknown), reply dropped: drop wins.
    const rules = ["-d 172.20.0.3/32 -p tcp -m tcp --dport 22 -j DROP", "-s 172.20.0.3/32 -j DROP"];
    expect(exchange(rules, { dport: null }).decision).toBe("drop");
    // Request accepted, reply partial: partial.
    expect(
      exchange(["-d 172.20.0.3/32 -j ACCEPT", "-s 172.20.0.3/32 -p tcp -m tcp --dport 40000 -j DROP"])
        .decision,
    ).toBe("partial");
    // Reply into a user chain: unknown.
    expect(exchange(["-s 172.20.0.3/32 -j MY-FILTER"]).decision).toBe("unknown");
  });

  it("keeps what is known about an outside client for the reply", () => {
    const fromOutside = { src: null, inIf: "eth0", outIf: "br-app" };
    expect(
      exchange(["-d 10.0.0.0/8 -j DROP"], { ...fromOutside, unknownNotIn: ["10.0.0.0/8"] }).decision,
    ).toBe("pass");
    expect(exchange(["-d 10.0.0.0/8 -j DROP"], fromOutside).decision).toBe("partial");
  });
});

describe.each(FIXTURE_VERSIONS)("the DOCKER-USER rules recorded on Docker %s", (version) => {
  const f = loadReachFixture(version);
  const rules = f.facts.firewall?.dockerUser ?? [];
  const ip = (role: Parameters<typeof f.c>[0]) => {
    const c = f.c(role);
    const e = f.topology.endpoints.find((x) => x.containerId === c.id && x.networkId === f.n("app").id);
    return e?.ipv4Address?.split("/")[0] ?? null;
  };
  const bridge = `br-${f.n("app").id.slice(0, 12)}`;
  const on = (from: Parameters<typeof f.c>[0], to: Parameters<typeof f.c>[0], over: Partial<Packet> = {}) => {
    const { state: _state, ...rest } = packet({
      src: ip(from),
      dst: ip(to),
      inIf: bridge,
      outIf: bridge,
      ...over,
    });
    return evaluateExchange(rules, rest);
  };

  it("holds the REJECT of dnsy → api on tcp/80 and the DROP of web → cache", () => {
    expect(rules.map((r) => r.target)).toEqual(["REJECT", "DROP", "RETURN"]);
    expect([rules[0]?.source?.cidr, rules[0]?.destination?.cidr]).toEqual([
      `${ip("dnsy")}/32`,
      `${ip("api")}/32`,
    ]);
    expect([rules[1]?.source?.cidr, rules[1]?.destination?.cidr]).toEqual([
      `${ip("web")}/32`,
      `${ip("cache")}/32`,
    ]);
  });

  it("refuses dnsy → api on tcp/80 only", () => {
    expect(on("dnsy", "api")).toEqual({ decision: "drop", rules: [rules[0]] });
    expect(on("dnsy", "api", { dport: 443 }).decision).toBe("pass");
    expect(on("dnsy", "api", { protocol: "udp" }).decision).toBe("pass");
    expect(on("dnsy", "api", { protocol: null, dport: null, sport: null })).toEqual({
      decision: "partial",
      rules: [rules[0]],
    });
    // The other way, the reply leaves api from port 80 toward dnsy's ephemeral port: not the rule's.
    expect(on("api", "dnsy").decision).toBe("pass");
  });

  it("breaks web → cache, and cache → web through the reply", () => {
    expect(on("web", "cache")).toEqual({ decision: "drop", rules: [rules[1]] });
    expect(on("web", "cache", { protocol: "icmp", dport: null, sport: null }).decision).toBe("drop");
    expect(on("cache", "web")).toEqual({ decision: "drop", rules: [rules[1]] });
    expect(evaluate(rules, { ...packet({ src: ip("cache"), dst: ip("web") }) }).decision).toBe("pass");
  });

  it("lets other pairs pass to Docker's rules", () => {
    expect(on("web", "api").decision).toBe("pass");
    expect(on("worker", "cache").decision).toBe("pass");
  });
});
