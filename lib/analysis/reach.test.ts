// reachPair, probeRoutes and pairVerdict: every reason the reach rules give, with its verdict, its words, its fix
// (the exact docker command) and the map elements of its path, on the reach scenario recorded from real Docker
// 26.1 and 20.10 engines; built topologies, hand-written host facts and the recorded two-node swarm stand in for
// what the recording lacks (other engines, drivers, hairpin NAT, INPUT rules, IPsec, IPVS, service VIPs).
import { describe, expect, it } from "vitest";
import type { ReachPairDto, ReachRouteDto, ReasonCode, ReasonDto, Verdict } from "@/lib/api/reach";
import type { ContainerDto, NetworkDto, TopologyDto } from "@/lib/api/types";
import { unavailableFacts } from "@/lib/host/facts-parse";
import { combineTopologies, FIXTURE_VERSIONS } from "@/lib/testing/fixtures";
import { loadReachFixture, type ReachFixture } from "@/lib/testing/reach-fixtures";
import type { ContainerRole, NetworkRole } from "@/lib/testing/reach-scenario";
import {
  hostFacts,
  indexOf,
  iptablesSave,
  READ_AT,
  SWARM,
  swarmFacts,
  swarmTopology,
  swarmTopologyWithoutB,
  taskContainer,
  withRecordedFacts,
} from "@/lib/testing/reach-situations";
import {
  containerDto,
  endpointDto,
  engineDto,
  networkDto,
  publishedPort,
  swarmServiceDto,
  swarmTaskDto,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { elementId } from "@/lib/topology/model";
import { type Party, pairVerdict, probeRoutes, reachPair } from "./reach";
import { type Probe, vipRoute } from "./reach-rules";
import { AnalysisIndex, bridgeDevice } from "./stacks";

const ICMP: Probe = { protocol: "icmp" };
const TCP80: Probe = { protocol: "tcp", port: 80 };

type Role = ContainerRole | "outside";

const party = (f: ReachFixture, role: Role): Party => (role === "outside" ? "outside" : f.c(role));

/** A container's address on a network, as the recording holds it. */
function ip(f: ReachFixture, role: ContainerRole, network: NetworkRole | "bridge"): string {
  const name = network === "bridge" ? "bridge" : f.n(network).name;
  const found = f.ix.stack(f.c(role)).attachments.find((a) => a.network.name === name)?.ipv4;
  if (!found) throw new Error(`${role} has no address on ${name}`);
  return found;
}

const allReasons = (pair: ReachPairDto): ReasonDto[] => [
  ...pair.reasons,
  ...pair.routes.flatMap((r) => r.reasons),
];

const codes = (pair: ReachPairDto): ReasonCode[] => allReasons(pair).map((r) => r.code);

function reasonOf(pair: ReachPairDto, code: ReasonCode): ReasonDto {
  const found = allReasons(pair).find((r) => r.code === code);
  if (!found) throw new Error(`no ${code} among ${codes(pair).join(", ")}`);
  return found;
}

function routeTo(pair: ReachPairDto, to: string): ReachRouteDto {
  const found = pair.routes.find((r) => r.to === to);
  if (!found) throw new Error(`no route to ${to} among ${pair.routes.map((r) => r.to).join(", ")}`);
  return found;
}

/** The verdicts of each route for a probe, and the pair's verdict for it. */
function probed(ix: AnalysisIndex, a: Party, b: Party, probe: Probe): { routes: Verdict[]; pair: Verdict } {
  return {
    routes: probeRoutes(ix, a, b, probe).map((r) => r.verdict),
    pair: pairVerdict(ix, a, b, probe),
  };
}

/** Splits a POSIX shell command line into its words (single quotes and backslashes), as a shell would. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (ch === "\\") {
      word = (word ?? "") + (line[++i] ?? "");
    } else if (ch === " ") {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? "") + ch;
  }
  if (word !== null) words.push(word);
  return words;
}

/** The recorded facts output with a line added to the filter table's INPUT chain (and its policy changed). */
function withInput(f: ReachFixture, rule: string | null, policy = "ACCEPT"): AnalysisIndex {
  return withRecordedFacts(f, (output) => {
    const lines = output.split("\n");
    const filter = lines.indexOf("*filter");
    const at = lines.findIndex((l, i) => i > filter && l.startsWith(":INPUT "));
    lines[at] = `:INPUT ${policy} [0:0]`;
    if (rule) lines.splice(at + 1, 0, `-A INPUT ${rule}`);
    return lines.join("\n");
  });
}

/** The recorded facts output with DOCKER-USER rules inserted first. */
function withDockerUser(f: ReachFixture, ...rules: string[]): AnalysisIndex {
  return withRecordedFacts(f, (output) =>
    output.replace(/^(-A DOCKER-USER )/m, `${rules.map((r) => `-A DOCKER-USER ${r}`).join("\n")}\n$1`),
  );
}

const bridgeOf = (n: NetworkDto) => `br-${n.id.slice(0, 12)}`;

describe.each(FIXTURE_VERSIONS)("the reach scenario recorded from Docker %s", (version) => {
  const f = loadReachFixture(version);
  const { ix } = f;
  const name = (role: ContainerRole) => f.c(role).name;
  const net = (role: NetworkRole) => f.n(role);
  const pair = (a: Role, b: Role, dest: string | null = null) =>
    reachPair(ix, party(f, a), party(f, b), dest);

  it.each<[Role, Role, Verdict]>([
    ["web", "api", "yes"],
    ["worker", "web", "yes"],
    ["web", "cache", "no"],
    ["cache", "web", "yes"],
    ["dnsy", "api", "partial"],
    ["web", "db", "no"],
    ["api", "db", "yes"],
    ["db", "api", "yes"],
    ["api", "sidecar", "yes"],
    ["sidecar", "db", "yes"],
    ["icc1", "icc2", "no"],
    ["icc1", "web", "yes"],
    ["legacy2", "legacy1", "yes"],
    ["legacy1", "api", "no"],
    ["legacy1", "web", "yes"],
    ["isolated", "web", "no"],
    ["web", "isolated", "no"],
    ["hoster", "db", "yes"],
    ["web", "hoster", "yes"],
    ["masq", "web", "no"],
    ["masq", "hoster", "yes"],
    ["web", "stopped", "no"],
    ["stopped", "web", "no"],
    ["paused", "web", "no"],
    ["web", "paused", "partial"],
    ["outside", "web", "yes"],
    ["outside", "hoster", "yes"],
    ["outside", "api", "no"],
    ["web", "outside", "partial"],
    ["db", "outside", "no"],
    ["masq", "outside", "no"],
    ["hoster", "outside", "partial"],
  ])("%s → %s: %s", (a, b, verdict) => {
    expect(pairVerdict(ix, party(f, a), party(f, b))).toBe(verdict);
    expect(pair(a, b).verdict).toBe(verdict);
  });

  it("shared-network: web reaches api straight over app, with the path through both endpoints", () => {
    const p = pair("web", "api");
    const app = net("app");
    const route = routeTo(p, ip(f, "api", "app"));
    expect(route).toMatchObject({ kind: "network", from: ip(f, "web", "app"), verdict: "yes", port: null });
    expect(route.network).toEqual({ engine: "local", id: app.id, name: app.name, driver: "bridge" });
    expect(route.reasons).toEqual([
      {
        code: "shared-network",
        blocks: false,
        text: `Both are on bridge network ${app.name}: ${name("web")} sends straight to ${name("api")}'s address there.`,
        fix: null,
      },
    ]);
    const [web, api] = [f.c("web"), f.c("api")];
    expect(p.path).toEqual(route.path);
    expect(p.path).toEqual(
      expect.arrayContaining([
        elementId.container("local", web.id),
        elementId.endpoint("local", app.id, web.id),
        elementId.network("local", app.id),
        elementId.iface("local", app.id, web.id),
        elementId.veth("local", app.id, web.id),
        elementId.endpoint("local", app.id, api.id),
        elementId.iface("local", app.id, api.id),
        elementId.container("local", api.id),
      ]),
    );
    expect(p.path).not.toContain(elementId.network("local", net("pub").id));
    const summary = `${name("web")} reaches ${name("api")} at ${ip(f, "api", "app")} over ${app.name}; by name:`;
    expect(p.summary.slice(0, summary.length)).toBe(summary);
    expect(probed(ix, web, api, ICMP)).toEqual({ routes: ["yes", "no"], pair: "yes" });
    expect(probed(ix, web, api, TCP80)).toEqual({ routes: ["yes", "no"], pair: "yes" });
  });

  it("no-shared-network: web and db meet nowhere; the fix connects web to data, and the path shows both sides", () => {
    const p = pair("web", "db");
    const [web, db, data] = [f.c("web"), f.c("db"), net("data")];
    expect(p.verdict).toBe("no");
    expect(reasonOf(p, "no-shared-network").text).toBe(
      `${name("web")} is not on ${data.name}, and Docker keeps networks apart (its isolation rules drop traffic between two bridges).`,
    );
    expect(p.fixes).toEqual([
      {
        text: `Connect ${name("web")} to ${data.name}:`,
        command: `docker network connect ${data.name} ${name("web")}`,
        connect: { engine: "local", networkId: data.id, containerId: web.id },
      },
    ]);
    expect(p.summary).toBe(
      `${name("web")} cannot reach ${name("db")}: ${reasonOf(p, "no-shared-network").text}`,
    );
    expect(p.path).toEqual(
      expect.arrayContaining([
        elementId.container("local", web.id),
        elementId.endpoint("local", net("pub").id, web.id),
        elementId.endpoint("local", net("app").id, web.id),
        elementId.container("local", db.id),
        elementId.endpoint("local", data.id, db.id),
        elementId.network("local", data.id),
      ]),
    );
    expect(probed(ix, web, db, ICMP)).toEqual({ routes: ["no"], pair: "no" });
    expect(probed(ix, web, db, TCP80)).toEqual({ routes: ["no"], pair: "no" });
  });

  it("names: what web can call api by (round-robin 'shared', qualified name.network), and 'webby' only from linky", () => {
    const p = pair("web", "api");
    const names = p.names.map((n) => n.name);
    expect(names).toEqual(
      expect.arrayContaining([name("api"), "backend", "shared", `${name("api")}.${net("app").name}`]),
    );
    const shared = p.names.find((n) => n.name === "shared");
    expect(shared).toMatchObject({ via: "dns", network: net("app").name, roundRobin: true, kind: "alias" });
    expect(shared?.addresses.slice().sort()).toEqual([ip(f, "api", "app"), ip(f, "cache", "app")].sort());
    expect(shared?.members.map((m) => m.name).sort()).toEqual([name("api"), name("cache")].sort());
    // Names of other containers never lead to api.
    expect(names).not.toContain(name("cache"));
    expect(names).not.toContain("frontend");

    const fromLinky = pair("linky", "web").names.find((n) => n.name === "webby");
    expect(fromLinky).toMatchObject({
      kind: "link",
      addresses: [ip(f, "web", "app")],
      network: net("app").name,
    });
    expect(pair("worker", "web").names.map((n) => n.name)).not.toContain("webby");
    expect(pair("worker", "web").names.map((n) => n.name)).toContain("frontend");
  });

  it("same-stack: api reaches its sidecar at 127.0.0.1, on any port", () => {
    const p = pair("api", "sidecar");
    expect(p.verdict).toBe("yes");
    expect(p.routes).toHaveLength(1);
    expect(p.routes[0]).toMatchObject({
      kind: "loopback",
      from: "127.0.0.1",
      to: "127.0.0.1",
      verdict: "yes",
    });
    expect(p.routes[0]?.reasons[0]?.text).toBe(
      `${name("api")} and ${name("sidecar")} share one network stack: they reach each other at 127.0.0.1 (localhost), on any port.`,
    );
    const [api, sidecar] = [f.c("api"), f.c("sidecar")];
    expect(p.path).toEqual([
      elementId.container("local", api.id),
      elementId.container("local", sidecar.id),
      elementId.sharesStack("local", sidecar.id),
    ]);
    expect(probed(ix, api, sidecar, ICMP)).toEqual({ routes: ["yes"], pair: "yes" });
    expect(probed(ix, sidecar, api, TCP80)).toEqual({ routes: ["yes"], pair: "yes" });
  });

  it("shares-stack: sidecar sends from api's addresses, and reaching sidecar means reaching api", () => {
    const from = pair("sidecar", "db");
    expect(from.verdict).toBe("yes");
    expect(reasonOf(from, "shares-stack")).toEqual({
      code: "shares-stack",
      blocks: false,
      text: `${name("sidecar")} runs in ${name("api")}'s network stack (--network container:${name("api")}): it has ${name("api")}'s addresses and reaches what ${name("api")} reaches.`,
      fix: null,
    });
    expect(routeTo(from, ip(f, "db", "data")).from).toBe(ip(f, "api", "data"));

    const to = pair("web", "sidecar");
    expect(to.verdict).toBe("yes");
    expect(reasonOf(to, "shares-stack").text).toBe(
      `${name("sidecar")} runs in ${name("api")}'s network stack (--network container:${name("api")}): reaching ${name("sidecar")} means reaching ${name("api")}'s addresses.`,
    );
    const [api, sidecar, app] = [f.c("api"), f.c("sidecar"), net("app")];
    expect(routeTo(to, ip(f, "api", "app")).verdict).toBe("yes");
    expect(to.path).toEqual(
      expect.arrayContaining([
        elementId.container("local", sidecar.id),
        elementId.sharesStack("local", sidecar.id),
        elementId.container("local", api.id),
        elementId.endpoint("local", app.id, api.id),
      ]),
    );
    expect(probed(ix, f.c("web"), sidecar, TCP80).pair).toBe("yes");
  });

  it("not-running: a stopped container neither sends nor is reached; the fix starts it", () => {
    const to = pair("web", "stopped");
    expect(to.verdict).toBe("no");
    expect(to.routes).toEqual([]);
    expect(to.reasons).toEqual([
      {
        code: "not-running",
        blocks: true,
        text: `${name("stopped")} is exited: it has no address to reach.`,
        fix: { text: `Start ${name("stopped")}:`, command: `docker start ${name("stopped")}` },
      },
    ]);
    expect(to.fixes).toEqual([
      { text: `Start ${name("stopped")}:`, command: `docker start ${name("stopped")}` },
    ]);
    expect(reasonOf(pair("stopped", "web"), "not-running").text).toBe(
      `${name("stopped")} is exited: it sends nothing.`,
    );
    for (const probe of [ICMP, TCP80]) {
      expect(probed(ix, f.c("web"), f.c("stopped"), probe)).toEqual({ routes: [], pair: "no" });
      expect(probed(ix, f.c("stopped"), f.c("web"), probe)).toEqual({ routes: [], pair: "no" });
    }
  });

  it("paused: a paused source sends nothing; a paused target is partial for any traffic, yes for a ping or a connect", () => {
    const from = pair("paused", "web");
    expect(from.verdict).toBe("no");
    expect(reasonOf(from, "paused")).toEqual({
      code: "paused",
      blocks: true,
      text: `${name("paused")} is paused: its processes are frozen and send nothing.`,
      fix: { text: "Unpause it:", command: `docker unpause ${name("paused")}` },
    });

    const to = pair("web", "paused");
    expect(to.verdict).toBe("partial");
    expect(routeTo(to, ip(f, "paused", "app")).verdict).toBe("partial");
    expect(reasonOf(to, "paused")).toMatchObject({
      blocks: false,
      text: `${name("paused")} is paused: the kernel still answers ping and completes TCP handshakes, but its programs are frozen and answer nothing.`,
    });
    const [web, paused] = [f.c("web"), f.c("paused")];
    expect(probed(ix, web, paused, ICMP)).toEqual({ routes: ["yes"], pair: "yes" });
    expect(probed(ix, web, paused, TCP80)).toEqual({ routes: ["yes"], pair: "yes" });
    expect(probed(ix, paused, web, ICMP)).toEqual({ routes: [], pair: "no" });
  });

  it("network-none: a container on none reaches nothing and is reached by nothing; the fix leaves none first", () => {
    const fix = {
      text: "Give it a network (it must leave none first):",
      command: `docker network disconnect none ${name("isolated")} && docker network connect bridge ${name("isolated")}`,
    };
    for (const p of [pair("isolated", "web"), pair("web", "isolated"), pair("hoster", "isolated")]) {
      expect(p.verdict).toBe("no");
      expect(p.reasons).toEqual([
        {
          code: "network-none",
          blocks: true,
          text: `${name("isolated")} runs with --network none: it has only its loopback interface.`,
          fix,
        },
      ]);
    }
    expect(probed(ix, f.c("web"), f.c("isolated"), ICMP)).toEqual({ routes: [], pair: "no" });
    expect(pairVerdict(ix, "outside", f.c("isolated"))).toBe("no");
  });

  it("host-stack (from): hoster routes to every bridge and to web's published ports", () => {
    const p = pair("hoster", "web");
    expect(p.verdict).toBe("yes");
    for (const to of [ip(f, "web", "app"), ip(f, "web", "pub")])
      expect(routeTo(p, to)).toMatchObject({
        verdict: "yes",
        reasons: [
          {
            code: "host-stack",
            blocks: false,
            text: `${name("hoster")} uses the host's own network stack, which routes to every bridge; Docker's isolation rules only drop traffic between two bridges.`,
          },
        ],
      });
    const published = routeTo(p, `127.0.0.1:${f.recording.ports.anyPort}`);
    expect(published).toMatchObject({ kind: "published", verdict: "yes" });
    expect(published.reasons[0]?.text).toBe(
      `${name("hoster")} uses the host's own network stack: docker-proxy and Docker's NAT pass the host's port on to ${name("web")}.`,
    );
    expect(pair("hoster", "db").verdict).toBe("yes");
    expect(probed(ix, f.c("hoster"), f.c("web"), ICMP).pair).toBe("yes");
  });

  it("host-stack (to): web reaches hoster at its bridge's own address, through the host", () => {
    const p = pair("web", "hoster");
    const gateway = f.ix.stack(f.c("web")).attachments.find((a) => a.network.name === net("app").name)
      ?.endpoint.gateway as string;
    expect(p.routes).toHaveLength(1);
    expect(p.routes[0]).toMatchObject({
      kind: "host",
      to: gateway,
      from: ip(f, "web", "app"),
      verdict: "yes",
    });
    expect(p.routes[0]?.reasons).toEqual([
      {
        code: "host-stack",
        blocks: false,
        text: `${name("hoster")} uses the host's own network stack: ${name("web")} reaches it at ${gateway}, an address of the host. Traffic to the host itself is not forwarded, so Docker's isolation and the DOCKER-USER chain do not apply: any port ${name("hoster")} listens on answers.`,
        fix: null,
      },
    ]);
    const host = ix.model.networks.find((n) => n.driver === "host") as NetworkDto;
    const hoster = f.c("hoster");
    expect(p.path).toEqual(
      expect.arrayContaining([
        elementId.engine("local"),
        elementId.network("local", host.id),
        elementId.endpoint("local", host.id, hoster.id),
        elementId.container("local", hoster.id),
      ]),
    );
    expect(probed(ix, f.c("web"), hoster, TCP80)).toEqual({ routes: ["yes"], pair: "yes" });
    expect(pair("outside", "hoster").routes[0]).toMatchObject({ kind: "host", verdict: "yes" });
  });

  it("icc-off: icc1 and icc2 share noicc, which drops traffic between its containers; the fix adds a network", () => {
    const p = pair("icc1", "icc2");
    const noicc = net("noicc").name;
    expect(p.verdict).toBe("no");
    expect(routeTo(p, ip(f, "icc2", "noicc")).reasons).toEqual([
      {
        code: "icc-off",
        blocks: true,
        text: `${noicc} was created with inter-container traffic off (com.docker.network.bridge.enable_icc=false): Docker drops traffic between its containers.`,
        fix: {
          text: `Put ${name("icc1")} and ${name("icc2")} on a network where they may talk as well:`,
          command: `docker network create ${noicc}-talk && docker network connect ${noicc}-talk ${name("icc1")} && docker network connect ${noicc}-talk ${name("icc2")}`,
        },
      },
    ]);
    expect(probed(ix, f.c("icc1"), f.c("icc2"), ICMP)).toEqual({ routes: ["no"], pair: "no" });
    expect(probed(ix, f.c("icc2"), f.c("icc1"), TCP80)).toEqual({ routes: ["no"], pair: "no" });
  });

  it("default-bridge-dns: legacy2 and legacy1 meet only on the default bridge, by address or legacy link", () => {
    const p = pair("legacy2", "legacy1");
    expect(p.verdict).toBe("yes");
    const pairName = `${name("legacy2")}-${name("legacy1")}`.slice(0, 60);
    expect(p.reasons).toEqual([
      {
        code: "default-bridge-dns",
        blocks: false,
        text: `${name("legacy2")} and ${name("legacy1")} meet only on the default bridge, which has no DNS: ${name("legacy2")} can use ${name("legacy1")}'s address, not its name (except the legacy link oldfriend).`,
        fix: {
          text: "Put both on a user-defined network, where names resolve:",
          command: `docker network create ${pairName} && docker network connect ${pairName} ${name("legacy2")} && docker network connect ${pairName} ${name("legacy1")}`,
        },
      },
    ]);
    // A note explains a yes: nothing to fix.
    expect(p.fixes).toEqual([]);
    expect(p.names.map((n) => [n.name, n.via, n.addresses])).toEqual([
      ["oldfriend", "hosts", [ip(f, "legacy1", "bridge")]],
      [name("legacy1"), "hosts", [ip(f, "legacy1", "bridge")]],
      [f.c("legacy1").id.slice(0, 12), "hosts", [ip(f, "legacy1", "bridge")]],
    ]);
    expect(reasonOf(pair("legacy1", "legacy2"), "default-bridge-dns").text).toContain("not its name.");
    // web and worker meet on user networks too: no such note.
    expect(codes(pair("worker", "web"))).not.toContain("default-bridge-dns");
    // Addresses work: only names are missing.
    expect(probed(ix, f.c("legacy2"), f.c("legacy1"), ICMP)).toEqual({ routes: ["yes"], pair: "yes" });
    expect(probed(ix, f.c("legacy1"), f.c("legacy2"), TCP80)).toEqual({ routes: ["yes"], pair: "yes" });
  });

  it("firewall (DROP): DOCKER-USER drops web → cache on app; the fix deletes that rule", () => {
    const p = pair("web", "cache");
    const rule = f.facts.firewall?.dockerUser.find((r) => r.target === "DROP")?.text as string;
    expect(rule).toContain(`-s ${ip(f, "web", "app")}/32 -d ${ip(f, "cache", "app")}/32`);
    expect(p.verdict).toBe("no");
    expect(routeTo(p, ip(f, "cache", "app")).reasons).toEqual([
      expect.objectContaining({ code: "shared-network", blocks: false }),
      {
        code: "firewall",
        blocks: true,
        text: `It is dropped by the engine host's DOCKER-USER chain (a request or its reply matches):\n${rule}`,
        fix: {
          text: "Delete (or narrow) the rule in the engine host's DOCKER-USER chain, as root on that host:",
          command: rule.replace("-A DOCKER-USER ", "iptables -D DOCKER-USER "),
        },
      },
    ]);
    expect(p.fixes.map((x) => x.command)).toEqual([
      rule.replace("-A DOCKER-USER ", "iptables -D DOCKER-USER "),
    ]);
    expect(probed(ix, f.c("web"), f.c("cache"), ICMP)).toEqual({ routes: ["no"], pair: "no" });
    expect(probed(ix, f.c("web"), f.c("cache"), TCP80)).toEqual({ routes: ["no"], pair: "no" });
  });

  it("firewall: the reply of cache → web is dropped by the same rule, so the request over app fails too", () => {
    const p = pair("cache", "web");
    const direct = routeTo(p, ip(f, "web", "app"));
    expect(direct.verdict).toBe("no");
    expect(direct.reasons.map((r) => r.code)).toEqual(["shared-network", "firewall"]);
    // docker-proxy answers from the host's own address, which the rule does not name.
    const proxied = routeTo(
      p,
      `${f.ix.stack(f.c("cache")).attachments[0]?.endpoint.gateway}:${f.recording.ports.anyPort}`,
    );
    expect(proxied).toMatchObject({ kind: "published", verdict: "yes" });
    expect(p.verdict).toBe("yes");
    expect(probeRoutes(ix, f.c("cache"), f.c("web"), ICMP).find((r) => r.kind === "network")?.verdict).toBe(
      "no",
    );
  });

  it("firewall (partial): DOCKER-USER rejects dnsy → api on tcp/80 only", () => {
    const p = pair("dnsy", "api");
    const rule = f.facts.firewall?.dockerUser.find((r) => r.target === "REJECT")?.text as string;
    expect(p.verdict).toBe("partial");
    expect(reasonOf(p, "firewall")).toMatchObject({
      blocks: true,
      text: `Some of this traffic is dropped by the engine host's DOCKER-USER chain (a request or its reply matches):\n${rule}`,
      fix: { command: rule.replace("-A DOCKER-USER ", "iptables -D DOCKER-USER ") },
    });
    const [dnsy, api] = [f.c("dnsy"), f.c("api")];
    expect(probed(ix, dnsy, api, ICMP)).toEqual({ routes: ["yes", "no"], pair: "yes" });
    expect(probed(ix, dnsy, api, TCP80)).toEqual({ routes: ["no", "no"], pair: "no" });
    expect(probed(ix, dnsy, api, { protocol: "tcp", port: 8080 }).pair).toBe("yes");
  });

  it("firewall (ACCEPT): a DOCKER-USER rule accepting the pair is a note that explains the yes", () => {
    const accept = `-s ${ip(f, "web", "app")}/32 -d ${ip(f, "api", "app")}/32 -j ACCEPT`;
    const p = reachPair(withDockerUser(f, accept), f.c("web"), f.c("api"));
    expect(p.verdict).toBe("yes");
    expect(reasonOf(p, "firewall")).toEqual({
      code: "firewall",
      blocks: false,
      text: `The engine host's DOCKER-USER chain accepts it:\n-A DOCKER-USER ${accept}`,
      fix: null,
    });
  });

  it("firewall (INPUT): the host's own INPUT chain decides traffic to a host-stack container", () => {
    const bridge = bridgeOf(net("app"));
    const [web, hoster] = [f.c("web"), f.c("hoster")];

    const dropAll = withInput(f, `-i ${bridge} -j DROP`);
    const no = reachPair(dropAll, web, hoster);
    expect(no.verdict).toBe("no");
    expect(reasonOf(no, "firewall")).toEqual({
      code: "firewall",
      blocks: true,
      text: `It is refused by the host's own INPUT chain (traffic to the host itself):\n-A INPUT -i ${bridge} -j DROP`,
      fix: null,
    });
    expect(probed(dropAll, web, hoster, ICMP).pair).toBe("no");
    // worker enters by the same bridge (app before pub); a container on another bridge is not concerned.
    expect(pairVerdict(dropAll, f.c("worker"), hoster)).toBe("no");
    expect(pairVerdict(dropAll, f.c("icc1"), hoster)).toBe("yes");

    const dropTcp = withInput(f, `-i ${bridge} -p tcp -m tcp --dport 80 -j DROP`);
    const partial = reachPair(dropTcp, web, hoster);
    expect(partial.verdict).toBe("partial");
    expect(reasonOf(partial, "firewall").text).toBe(
      `Some of this traffic is refused by the host's own INPUT chain (traffic to the host itself):\n-A INPUT -i ${bridge} -p tcp -m tcp --dport 80 -j DROP`,
    );
    expect(probed(dropTcp, web, hoster, ICMP)).toEqual({ routes: ["yes"], pair: "yes" });
    expect(probed(dropTcp, web, hoster, TCP80)).toEqual({ routes: ["no"], pair: "no" });

    const policy = reachPair(withInput(f, null, "DROP"), web, hoster);
    expect(policy.verdict).toBe("no");
    expect(reasonOf(policy, "firewall").text).toBe(
      "It is refused by the host's own INPUT chain (traffic to the host itself):\nINPUT policy DROP",
    );
  });

  it("firewall-unknown: with the host's facts unavailable, Docker's own rules allow it but nothing is sure", () => {
    const why = "the engine is reached over TCP: its host's firewall cannot be read from here";
    const blind = new AnalysisIndex(f.ix.model, [unavailableFacts("local", why, READ_AT)]);
    const p = reachPair(blind, f.c("web"), f.c("api"));
    expect(p.verdict).toBe("unknown");
    expect(routeTo(p, ip(f, "api", "app")).reasons[1]).toEqual({
      code: "firewall-unknown",
      blocks: true,
      text: `Docker's own rules allow it, but the host's firewall could not be checked: ${why}.`,
      fix: null,
    });
    expect(p.summary).toContain(
      `${name("web")} may or may not reach ${name("api")} at ${ip(f, "api", "app")}`,
    );
    expect(probed(blind, f.c("web"), f.c("api"), ICMP).pair).toBe("unknown");
    // What the firewall does not decide stays sure: icc off, separate networks, a stopped target.
    expect(pairVerdict(blind, f.c("icc1"), f.c("icc2"))).toBe("no");
    expect(pairVerdict(blind, f.c("web"), f.c("db"))).toBe("no");
    expect(pairVerdict(blind, f.c("api"), f.c("sidecar"))).toBe("yes");

    const unread = new AnalysisIndex(f.ix.model, []);
    expect(reasonOf(reachPair(unread, f.c("web"), f.c("api")), "firewall-unknown").text).toContain(
      "could not be checked: not read.",
    );
  });

  it("firewall-unknown: a DOCKER-USER rule jumping to a chain the model does not read", () => {
    const p = reachPair(withDockerUser(f, "-j CUSTOM-CHAIN"), f.c("web"), f.c("api"));
    expect(p.verdict).toBe("unknown");
    expect(reasonOf(p, "firewall-unknown").text).toBe(
      "Docker's own rules allow it, but the host's firewall could not be checked: a rule this model cannot evaluate.\n-A DOCKER-USER -j CUSTOM-CHAIN",
    );
  });

  it("bridge-netfilter-off: with bridge-nf-call-iptables at 0, icc off and DOCKER-USER rules do not apply within a bridge", () => {
    const off = withRecordedFacts(f, (o) => o.replace("### bridge-nf\n1", "### bridge-nf\n0"));
    expect(off.facts("local")?.bridgeNetfilter).toBe(false);
    for (const [a, b] of [
      ["icc1", "icc2"],
      ["web", "cache"],
    ] as const) {
      const p = reachPair(off, f.c(a), f.c(b));
      expect(p.verdict).toBe("yes");
      expect(p.routes[0]?.reasons).toEqual([
        expect.objectContaining({ code: "shared-network" }),
        {
          code: "bridge-netfilter-off",
          blocks: false,
          text: "bridge-nf-call-iptables is 0 on this host: traffic within a bridge skips iptables, so DOCKER-USER rules and enable_icc=false have no effect there.",
          fix: null,
        },
      ]);
    }
    // Between bridges the isolation still holds.
    expect(pairVerdict(off, f.c("web"), f.c("db"))).toBe("no");
    expect(probed(off, f.c("icc1"), f.c("icc2"), ICMP)).toEqual({ routes: ["yes"], pair: "yes" });
    expect(probed(off, f.c("web"), f.c("cache"), TCP80)).toEqual({ routes: ["yes"], pair: "yes" });
  });

  it("internal: db's only network is --internal; the fix connects it to one that is not", () => {
    const p = pair("db", "outside");
    const outward = ix.model.networks.find(
      (n) => n.driver === "bridge" && !n.internal && !n.system,
    ) as NetworkDto;
    expect(p.verdict).toBe("no");
    expect(p.routes[0]?.reasons).toEqual([
      {
        code: "internal",
        blocks: true,
        text: `${name("db")}'s networks are all --internal: Docker gives them no route out of the host.`,
        fix: {
          text: `Connect ${name("db")} to a network that is not internal, e.g. ${outward.name}:`,
          command: `docker network connect ${outward.name} ${name("db")}`,
          connect: { engine: "local", networkId: outward.id, containerId: f.c("db").id },
        },
      },
    ]);
    // api is on data too, but its default route is app's.
    expect(pair("api", "outside").verdict).toBe("partial");
    expect(probed(ix, f.c("db"), "outside", ICMP)).toEqual({ routes: ["no"], pair: "no" });
  });

  it("masquerade-off: masq's packets leave with its own address, which nothing routes back", () => {
    const p = pair("masq", "outside");
    expect(p.verdict).toBe("no");
    expect(p.routes[0]?.network?.name).toBe(net("nomasq").name);
    expect(p.routes[0]?.reasons).toEqual([
      {
        code: "masquerade-off",
        blocks: true,
        text: `${net("nomasq").name} does not masquerade (com.docker.network.bridge.enable_ip_masquerade=false): packets leave with ${name("masq")}'s own address, and an outside host answers only if something routes that subnet back to this host.`,
        fix: null,
      },
    ]);
    expect(probed(ix, f.c("masq"), "outside", ICMP)).toEqual({ routes: ["no"], pair: "no" });
  });

  it("loopback-only: web's port published on 127.0.0.1 is for the host alone, neither containers nor other machines", () => {
    const port = f.recording.ports.loopbackPort;
    const fix = {
      text: "Publish it on the addresses that should reach it instead, e.g.:",
      command: "docker run -p 0.0.0.0:HOSTPORT:CONTAINERPORT …",
    };
    const fromWorker = routeTo(pair("worker", "web"), `127.0.0.1:${port}`);
    expect(fromWorker).toMatchObject({
      kind: "published",
      port: { number: port, protocol: "tcp" },
      verdict: "no",
    });
    expect(fromWorker.reasons).toEqual([
      {
        code: "loopback-only",
        blocks: true,
        text: "Published on 127.0.0.1 only: the host's loopback, which a container cannot reach.",
        fix,
      },
    ]);
    const inbound = routeTo(pair("outside", "web"), `127.0.0.1:${port}`);
    expect(inbound.verdict).toBe("no");
    expect(inbound.reasons).toEqual([
      {
        code: "loopback-only",
        blocks: true,
        text: "Published on 127.0.0.1 only: just the engine's host itself can use it, not another machine.",
        fix,
      },
    ]);
    // The host's own stack is the host: hoster uses it.
    expect(routeTo(pair("hoster", "web"), `127.0.0.1:${port}`).verdict).toBe("yes");
  });

  it("proxied: worker reaches web's published port through docker-proxy on its bridge's address", () => {
    const p = pair("worker", "web");
    const gateway = f.ix.stack(f.c("worker")).attachments[0]?.endpoint.gateway as string;
    const route = routeTo(p, `${gateway}:${f.recording.ports.anyPort}`);
    expect(route).toMatchObject({
      kind: "published",
      verdict: "yes",
      port: { number: f.recording.ports.anyPort },
    });
    expect(route.reasons).toEqual([
      {
        code: "proxied",
        blocks: false,
        text: `${name("worker")} reaches the host's address, where docker-proxy listens on the port and passes the connection on to ${name("web")}.`,
        fix: null,
      },
    ]);
    // The 0.0.0.0 and :: bindings of one port are one way in.
    expect(p.routes.filter((r) => r.kind === "published")).toHaveLength(2);
    const inbound = pair("outside", "web");
    expect(inbound.routes.map((r) => [r.to, r.verdict])).toEqual([
      [`every host address:${f.recording.ports.anyPort}`, "yes"],
      [`127.0.0.1:${f.recording.ports.loopbackPort}`, "no"],
    ]);
    expect(inbound.routes[0]?.reasons.map((r) => r.code)).toEqual(["proxied"]);
    for (const probe of [ICMP, TCP80]) {
      expect(probeRoutes(ix, f.c("worker"), f.c("web"), probe).map((r) => [r.kind, r.verdict])).toEqual([
        ["network", "yes"],
        ["network", "yes"],
        ["published", "yes"],
        ["published", "no"],
      ]);
      expect(probed(ix, "outside", f.c("web"), probe)).toEqual({ routes: ["yes", "no"], pair: "yes" });
    }
    expect(inbound.path[0]).toBe(elementId.outside());
    expect(inbound.path).toContain(elementId.container("local", f.c("web").id));
  });

  it("nat-isolation: masq enters by a bridge without docker-proxy, so the translated packet is dropped between bridges", () => {
    const p = pair("masq", "web");
    const gateway = f.ix.stack(f.c("masq")).attachments[0]?.endpoint.gateway as string;
    const route = routeTo(p, `${gateway}:${f.recording.ports.anyPort}`);
    expect(route.verdict).toBe("no");
    expect(route.reasons[0]).toMatchObject({
      code: "nat-isolation",
      blocks: true,
      text: `${name("masq")} enters the host by a bridge without docker-proxy (masquerade off, or --internal), so Docker translates the port to ${name("web")}'s address ${ip(f, "web", "app")} on ${net("app").name} and then drops the packet between the two bridges.`,
    });
    expect(p.verdict).toBe("no");
    expect(probed(ix, f.c("masq"), f.c("web"), TCP80).pair).toBe("no");
  });

  it("no-route-out: the lab host has no default route; a destination on its own links is reached, others not", () => {
    const p = pair("web", "outside");
    const connected = f.facts.routes?.connected.map((r) => r.prefix).join(", ") as string;
    expect(p.verdict).toBe("partial");
    expect(p.routes[0]?.reasons).toEqual([
      {
        code: "no-route-out",
        blocks: true,
        text: `The host has no default route: containers get out only to the networks it is directly on (${connected}).`,
        fix: null,
      },
    ]);
    const outside = f.facts.routes?.connected
      .find((r) => r.device.startsWith("nao"))
      ?.prefix.replace(/\.0\/30$/, ".2");
    expect(pair("web", "outside", outside as string).verdict).toBe("yes");
    const far = pair("web", "outside", "8.8.8.8");
    expect(far.verdict).toBe("no");
    expect(reasonOf(far, "no-route-out").text).toBe(
      `The host has no route to 8.8.8.8: it only reaches ${connected} directly, and has no default route.`,
    );
    expect(pairVerdict(ix, f.c("web"), "outside", ICMP, "8.8.8.8")).toBe("no");
    expect(pairVerdict(ix, f.c("web"), "outside", ICMP, outside as string)).toBe("yes");
    // The host's own stack goes out the same way.
    expect(pair("hoster", "outside").routes[0]?.reasons.map((r) => [r.code, r.text])).toEqual([
      [
        "host-stack",
        `${name("hoster")} uses the host's own network stack: it goes out wherever the host's routes go.`,
      ],
      ["no-route-out", expect.stringContaining("The host has no default route")],
    ]);
  });

  it("no-route-out goes away with a default route", () => {
    const routed = withRecordedFacts(f, (o) =>
      o.replace(
        "### route\n[",
        '### route\n[{"dst":"default","gateway":"10.0.0.1","dev":"eth0","flags":[]},',
      ),
    );
    expect(pairVerdict(routed, f.c("web"), "outside")).toBe("yes");
    expect(pairVerdict(routed, f.c("web"), "outside", ICMP, "8.8.8.8")).toBe("yes");
  });

  it("outside-unknown: without the host's routes, what lies beyond it is unknown", () => {
    const why = "the engine is remote";
    const blind = new AnalysisIndex(f.ix.model, [unavailableFacts("local", why, READ_AT)]);
    const p = reachPair(blind, f.c("web"), "outside");
    expect(p.verdict).toBe("unknown");
    expect(reasonOf(p, "outside-unknown")).toEqual({
      code: "outside-unknown",
      blocks: true,
      text: `Beyond the host: ${why}.`,
      fix: null,
    });
    expect(probed(blind, f.c("web"), "outside", ICMP)).toEqual({ routes: ["unknown"], pair: "unknown" });
    // Internal stays no: that needs no facts of the host.
    expect(probed(blind, f.c("db"), "outside", TCP80)).toEqual({ routes: ["no"], pair: "no" });
  });

  it("answers the same whether asked in words, per route, or for the verdict alone, for every ordered pair", () => {
    const roles = ["outside", ...Object.keys(f.recording.roles)] as Role[];
    for (const a of roles)
      for (const b of roles) {
        if (a === b) continue;
        const p = pair(a, b);
        expect(pairVerdict(ix, party(f, a), party(f, b)), `${a} → ${b}`).toBe(p.verdict);
        // A verdict other than no always names its best route, and the summary says it.
        if (p.verdict !== "no")
          expect(
            p.routes.some((r) => r.verdict === p.verdict),
            `${a} → ${b}`,
          ).toBe(true);
      }
  });

  it("nat-isolation: the fix connects masq to the network the port lands on (web's app), not the one it enters by", () => {
    const p = pair("masq", "web");
    const [masq, app] = [f.c("masq"), net("app")];
    const gateway = f.ix.stack(masq).attachments[0]?.endpoint.gateway as string;
    const route = routeTo(p, `${gateway}:${f.recording.ports.anyPort}`);
    expect(route.network?.name).toBe(net("nomasq").name);
    expect(route.reasons).toEqual([
      {
        code: "nat-isolation",
        blocks: true,
        text: `${name("masq")} enters the host by a bridge without docker-proxy (masquerade off, or --internal), so Docker translates the port to ${name("web")}'s address ${ip(f, "web", "app")} on ${app.name} and then drops the packet between the two bridges.`,
        fix: {
          text: `Connect ${name("masq")} to ${app.name}, and reach ${name("web")} there directly:`,
          command: `docker network connect ${app.name} ${name("masq")}`,
          connect: { engine: "local", networkId: app.id, containerId: masq.id },
        },
      },
    ]);
  });

  it("proxied (inbound): the port Docker lists on '::' first still reads as published on every address", () => {
    const port = f.recording.ports.anyPort;
    expect(
      f
        .c("web")
        .ports.filter((x) => x.hostPort === port)
        .map((x) => x.hostIp),
    ).toEqual(["::", "0.0.0.0"]);
    const p = pair("outside", "web");
    expect(p.routes.filter((r) => r.port?.number === port)).toHaveLength(1);
    expect(routeTo(p, `every host address:${port}`).reasons).toEqual([
      {
        code: "proxied",
        blocks: false,
        text: "Published on every address of the host: from any machine that reaches the host (Docker translates the port to the container).",
        fix: null,
      },
    ]);
  });

  it("not-published: nothing outside reaches api, which publishes no port; the fix publishes one", () => {
    expect(f.c("api").ports.filter((x) => x.hostPort !== null)).toEqual([]);
    const p = pair("outside", "api");
    const fix = {
      text: "Publish the port it serves when you run it, e.g.:",
      command: "docker run -p HOSTPORT:CONTAINERPORT …",
    };
    const text = `${name("api")} publishes no port: nothing outside its host reaches it (unless it is on macvlan/ipvlan).`;
    expect(p.verdict).toBe("no");
    expect(p.routes).toEqual([]);
    expect(p.reasons).toEqual([{ code: "not-published", blocks: true, text, fix }]);
    expect(p.fixes).toEqual([fix]);
    expect(p.summary).toBe(`the outside cannot reach ${name("api")}: ${text}`);
    expect(probed(ix, "outside", f.c("api"), TCP80)).toEqual({ routes: [], pair: "no" });
  });

  it("fixes: none for a pair that works although one of its ways is blocked; given for partial and no", () => {
    const yes = pair("web", "api");
    expect(yes.verdict).toBe("yes");
    const blocked = routeTo(yes, ip(f, "api", "data"));
    expect(blocked.verdict).toBe("no");
    expect(blocked.reasons.filter((r) => r.blocks && r.fix).map((r) => r.code)).toEqual([
      "no-shared-network",
    ]);
    expect(yes.fixes).toEqual([]);

    const partial = pair("dnsy", "api");
    const rule = f.facts.firewall?.dockerUser.find((r) => r.target === "REJECT")?.text as string;
    expect(partial.verdict).toBe("partial");
    expect(partial.fixes.map((x) => x.command)).toContain(
      rule.replace("-A DOCKER-USER ", "iptables -D DOCKER-USER "),
    );

    const no = pair("web", "db");
    expect(no.verdict).toBe("no");
    expect(no.fixes.map((x) => x.command)).toEqual([
      `docker network connect ${net("data").name} ${name("web")}`,
    ]);
  });
});

describe("the host stack seen from an --internal network", () => {
  it("reaches hoster at the internal bridge's own address (20.10 records it as db's gateway)", () => {
    const f = loadReachFixture("20.10");
    const p = reachPair(f.ix, f.c("db"), f.c("hoster"));
    const gateway = f.ix.stack(f.c("db")).attachments[0]?.endpoint.gateway as string;
    expect(p.verdict).toBe("yes");
    expect(p.routes[0]?.to).toBe(gateway);
    expect(p.routes[0]?.reasons[0]?.text).toContain(
      `an address of the host (even from an --internal network, the bridge's own address is the host)`,
    );
  });

  it("reaches hoster from db on 26.1, which reports no gateway for data, at the address data's bridge holds", () => {
    const f = loadReachFixture("26.1");
    const [db, hoster, data] = [f.c("db"), f.c("hoster"), f.n("data")];
    // Docker 26 gives an --internal network's endpoint and IPAM no gateway: only the host's bridge tells it.
    expect(f.ix.stack(db).attachments.map((a) => a.endpoint.gateway)).toEqual([null]);
    expect(data.ipam.config.map((c) => c.gateway)).toEqual([null]);
    const held = f.facts.bridges
      .find((b) => b.name === bridgeDevice(data))
      ?.addresses.find((a) => !a.includes(":"))
      ?.split("/")[0] as string;
    expect(held).toMatch(/\.65$/);
    const p = reachPair(f.ix, db, hoster);
    expect(p.verdict).toBe("yes");
    expect(p.routes).toHaveLength(1);
    expect(p.routes[0]).toMatchObject({
      kind: "host",
      to: held,
      from: f.ix.stack(db).attachments[0]?.ipv4,
      verdict: "yes",
      network: { id: data.id, name: data.name },
    });
    expect(p.routes[0]?.reasons[0]?.text).toContain(
      `reaches it at ${held}, an address of the host (even from an --internal network, the bridge's own address is the host)`,
    );
    expect(p.summary.startsWith(`${db.name} reaches ${hoster.name} at ${held} over ${data.name}`)).toBe(true);
    expect(pairVerdict(f.ix, db, hoster, TCP80)).toBe("yes");
    // Without the host's bridges there is nothing to reach the host at.
    const noBridges = new AnalysisIndex(f.ix.model, [{ ...f.facts, bridges: [] }]);
    expect(reachPair(noBridges, db, hoster).routes.map((r) => [r.verdict, r.reasons[0]?.code])).toEqual([
      ["no", "no-gateway"],
    ]);
  });

  it("on 20.10 the gateway db's endpoint reports is that same bridge address", () => {
    const f = loadReachFixture("20.10");
    const held = f.facts.bridges
      .find((b) => b.name === bridgeDevice(f.n("data")))
      ?.addresses.find((a) => !a.includes(":"))
      ?.split("/")[0];
    expect(f.ix.stack(f.c("db")).attachments[0]?.endpoint.gateway).toBe(held);
    expect(reachPair(f.ix, f.c("db"), f.c("hoster")).routes[0]).toMatchObject({ to: held, verdict: "yes" });
  });
});

// --- built situations -------------------------------------------------------------------------------

/** A one-engine topology: networks, containers and each container's attachments with its address. */
function built(
  networks: NetworkDto[],
  attached: Array<[ContainerDto, ...Array<[NetworkDto, string]>]>,
  extra: Partial<TopologyDto> = {},
): TopologyDto {
  return topologyOf({
    engines: [engineDto()],
    networks,
    containers: attached.map(([c]) => c),
    endpoints: attached.flatMap(([c, ...on]) =>
      on.map(([n, address]) =>
        endpointDto(c, n, {
          ipv4Address: address,
          gateway: n.ipam.config[0]?.gateway ?? null,
          aliases: null,
          dnsNames: [c.name],
        }),
      ),
    ),
    ...extra,
  });
}

const subnet = (cidr: string, gateway: string | null) => ({
  driver: "default",
  config: [{ subnet: cidr, gateway, ipRange: null, auxAddresses: {} }],
  options: {},
});

describe("containers on two engines", () => {
  const appA = networkDto({ engine: "local", name: "app" });
  const appB = networkDto({ engine: "other", name: "app" });
  const web = containerDto({ engine: "local", name: "web" });
  const db = containerDto({ engine: "other", name: "db", ports: [publishedPort(5432, 5432)] });
  const hostB = containerDto({ engine: "other", name: "agent", networkMode: "host" });
  const t = combineTopologies(
    built([appA], [[web, [appA, "172.20.0.2/16"]]]),
    topologyOf({
      engines: [engineDto({ id: "other" })],
      networks: [appB],
      containers: [db, hostB],
      endpoints: [endpointDto(db, appB, { ipv4Address: "172.20.0.2/16" })],
    }),
  );
  const ix = indexOf(t, [hostFacts("local"), hostFacts("other")]);

  it("different-engines: a bridge of another engine is not reached, even at the same address", () => {
    const p = reachPair(ix, web, db);
    const direct = p.routes.find((r) => r.kind === "network") as ReachRouteDto;
    expect(direct.verdict).toBe("no");
    expect(direct.reasons).toEqual([
      {
        code: "different-engines",
        blocks: true,
        text: "web and db run on different engines: only an overlay network both are on joins them.",
        fix: null,
      },
    ]);
  });

  it("different-engines: a published port or host stack of another engine's host is unknown", () => {
    const p = reachPair(ix, web, db);
    const published = p.routes.find((r) => r.kind === "published") as ReachRouteDto;
    expect(published).toMatchObject({ to: "host other:5432", verdict: "unknown" });
    expect(published.reasons[0]?.text).toBe(
      "db is on another engine's host: whether web's host can reach it depends on the network between the hosts, which Netatlas does not see.",
    );
    expect(p.verdict).toBe("unknown");
    expect(reachPair(ix, web, hostB).routes).toEqual([
      expect.objectContaining({ kind: "host", to: "host other", verdict: "unknown" }),
    ]);
    expect(pairVerdict(ix, web, db, TCP80)).toBe("unknown");
  });
});

describe("drivers the bridge rules do not cover", () => {
  const weave = networkDto({ name: "weave-net", driver: "weave", ipam: subnet("10.32.0.0/12", null) });
  const lan = networkDto({ name: "lan", driver: "macvlan", ipam: subnet("192.168.1.0/24", "192.168.1.1") });
  const a = containerDto({ name: "a" });
  const b = containerDto({ name: "b" });
  const m = containerDto({ name: "m" });
  const agent = containerDto({ name: "agent", networkMode: "host" });
  const ix = indexOf(
    built(
      [weave, lan],
      [[a, [weave, "10.32.0.2/12"]], [b, [weave, "10.32.0.3/12"]], [m, [lan, "192.168.1.50/24"]], [agent]],
    ),
    [hostFacts("local", { routes: [{ dst: "default", dev: "eth0", gateway: "192.168.1.1" }] })],
  );

  it("driver-unknown: a third-party driver's forwarding is unknown", () => {
    const p = reachPair(ix, a, b);
    expect(p.verdict).toBe("unknown");
    expect(p.routes[0]?.reasons).toEqual([
      {
        code: "driver-unknown",
        blocks: true,
        text: "weave-net uses the weave driver, whose forwarding this model does not know.",
        fix: null,
      },
    ]);
    expect(probed(ix, a, b, ICMP)).toEqual({ routes: ["unknown"], pair: "unknown" });
    expect(probed(ix, b, a, TCP80)).toEqual({ routes: ["unknown"], pair: "unknown" });
  });

  it("no-gateway: a network that gives no gateway gives no way to the host or out of it", () => {
    const toHost = reachPair(ix, a, agent);
    expect(toHost.verdict).toBe("no");
    expect(toHost.routes[0]?.reasons).toEqual([
      {
        code: "no-gateway",
        blocks: true,
        text: "a has no gateway: none of its networks gives it a route to the host.",
        fix: null,
      },
    ]);
    expect(reachPair(ix, a, "outside").routes[0]?.reasons.map((r) => r.code)).toEqual(["no-gateway"]);
    expect(pairVerdict(ix, a, "outside", ICMP)).toBe("no");
  });

  it("macvlan-host: a macvlan container and its own host cannot talk; it goes out through the LAN", () => {
    const toHost = reachPair(ix, m, agent);
    expect(toHost.verdict).toBe("no");
    expect(toHost.routes[0]?.reasons[0]?.text).toBe(
      "m's only networks are macvlan/ipvlan: the kernel does not pass traffic between such an interface and its own host.",
    );
    const out = reachPair(ix, m, "outside");
    expect(out.verdict).toBe("yes");
    expect(out.routes[0]?.reasons).toEqual([
      {
        code: "macvlan-host",
        blocks: false,
        text: "m sits directly on the parent interface's LAN: it goes out through the LAN's router, not through the host.",
        fix: null,
      },
    ]);
    expect(reachPair(ix, "outside", m).routes[0]).toMatchObject({
      kind: "outside",
      to: "192.168.1.50",
      verdict: "yes",
    });
    expect(probed(ix, m, agent, TCP80)).toEqual({ routes: ["no"], pair: "no" });
    expect(probed(ix, m, "outside", ICMP)).toEqual({ routes: ["yes"], pair: "yes" });
  });

  it("host-stack (from): the host has no route into a macvlan network", () => {
    const p = reachPair(ix, agent, m);
    expect(p.verdict).toBe("no");
    expect(p.routes[0]?.reasons[0]).toMatchObject({
      code: "host-stack",
      blocks: true,
      text: "agent uses the host's own network stack, which has no route into macvlan network lan.",
    });
  });

  it("same-stack: two host-stack containers of one engine share the host's stack", () => {
    const other = containerDto({ name: "other-agent", networkMode: "host" });
    const both = indexOf(built([], [[agent], [other]]), [hostFacts("local")]);
    const p = reachPair(both, agent, other);
    expect(p.verdict).toBe("yes");
    expect(p.routes.map((r) => [r.kind, r.reasons[0]?.code])).toEqual([["loopback", "same-stack"]]);
  });
});

describe("hairpin NAT on a bridge without docker-proxy", () => {
  const app = networkDto({ name: "app", options: { "com.docker.network.bridge.name": "br-app" } });
  const web = containerDto({ name: "web", ports: [publishedPort(8080, 80)] });
  const client = containerDto({ name: "client" });
  const topology = built(
    [app],
    [
      [web, [app, "172.20.0.3/16"]],
      [client, [app, "172.20.0.4/16"]],
    ],
  );
  const nat = ["! -i br-app -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.20.0.3:80"];
  const facts = (dockerUser?: string[]) =>
    hostFacts("local", { iptables: iptablesSave({ dockerUser, natDocker: nat }) });

  it("hairpin: the host's port is translated to web's address and turns back into the bridge", () => {
    const ix = indexOf(topology, [facts()]);
    const route = reachPair(ix, client, web).routes.find((r) => r.kind === "published") as ReachRouteDto;
    expect(route).toMatchObject({ to: "172.20.0.1:8080", from: "172.20.0.4", verdict: "yes" });
    expect(route.reasons).toEqual([
      {
        code: "hairpin",
        blocks: false,
        text: "client and web are on the same bridge: Docker translates the host's port to 172.20.0.3 and the packet turns back into the bridge.",
        fix: null,
      },
    ]);
  });

  it("hairpin traffic still crosses DOCKER-USER", () => {
    const ix = indexOf(topology, [facts(["-s 172.20.0.4/32 -d 172.20.0.3/32 -j DROP", "-j RETURN"])]);
    const routes = probeRoutes(ix, client, web, { protocol: "tcp", port: 8080 });
    expect(routes.map((r) => [r.kind, r.verdict, r.why.map((w) => w.code)])).toEqual([
      ["network", "no", ["shared-network", "firewall"]],
      ["published", "no", ["hairpin", "firewall"]],
    ]);
  });

  it("proxied: the same bridge served by docker-proxy is a connection to the host instead", () => {
    const proxied = hostFacts("local", {
      iptables: iptablesSave({ natDocker: ["-i br-app -j RETURN", ...nat] }),
    });
    const route = reachPair(indexOf(topology, [proxied]), client, web).routes.find(
      (r) => r.kind === "published",
    );
    expect(route?.reasons.map((r) => r.code)).toEqual(["proxied"]);
  });

  it("proxied (inbound): a port published on every address is open to any machine that reaches the host", () => {
    const ix = indexOf(topology, [facts()]);
    const p = reachPair(ix, "outside", web);
    expect(p.verdict).toBe("yes");
    expect(p.routes[0]?.reasons).toEqual([
      {
        code: "proxied",
        blocks: false,
        text: "Published on every address of the host: from any machine that reaches the host (Docker translates the port to the container).",
        fix: null,
      },
    ]);
  });

  it("proxied (inbound): a port bound on '::' alone is published on every address too", () => {
    const v6 = containerDto({ name: "v6", ports: [publishedPort(8081, 80, "::")] });
    const ix = indexOf(built([app], [[v6, [app, "172.20.0.5/16"]]]), [
      hostFacts("local", {
        iptables: iptablesSave({
          natDocker: ["! -i br-app -p tcp -m tcp --dport 8081 -j DNAT --to-destination 172.20.0.5:80"],
        }),
      }),
    ]);
    const p = reachPair(ix, "outside", v6);
    expect(p.routes.map((r) => [r.to, r.verdict])).toEqual([["every host address:8081", "yes"]]);
    expect(p.routes[0]?.reasons.map((r) => r.text)).toEqual([
      "Published on every address of the host: from any machine that reaches the host (Docker translates the port to the container).",
    ]);
  });
});

describe("fixes stay one word per name when pasted into a shell", () => {
  const data = networkDto({ name: "it's data", ipam: subnet("172.21.0.0/16", "172.21.0.1") });
  const pub = networkDto({ name: "pub", ipam: subnet("172.22.0.0/16", "172.22.0.1") });
  const web = containerDto({ name: "web $(id)" });
  const db = containerDto({ name: "db;reboot" });
  const gone = containerDto({ name: "old`ls`", state: "exited" });
  const ix = indexOf(
    built([data, pub], [[web, [pub, "172.22.0.2/16"]], [db, [data, "172.21.0.2/16"]], [gone]]),
    [hostFacts("local")],
  );

  it("quotes a hostile network and container name in docker network connect", () => {
    const fix = reachPair(ix, web, db).fixes[0];
    expect(fix?.command).toBe(`docker network connect 'it'\\''s data' 'web $(id)'`);
    expect(shellWords(fix?.command ?? "")).toEqual([
      "docker",
      "network",
      "connect",
      "it's data",
      "web $(id)",
    ]);
  });

  it("quotes them in docker start and in the icc-off fix", () => {
    const start = reachPair(ix, web, gone).fixes[0]?.command ?? "";
    expect(shellWords(start)).toEqual(["docker", "start", "old`ls`"]);
    const quiet = networkDto({
      name: "quiet net",
      options: { "com.docker.network.bridge.enable_icc": "false" },
    });
    const [x, y] = [containerDto({ name: "x&y" }), containerDto({ name: "y|z" })];
    const icc = indexOf(
      built(
        [quiet],
        [
          [x, [quiet, "172.20.0.2/16"]],
          [y, [quiet, "172.20.0.3/16"]],
        ],
      ),
      [hostFacts("local")],
    );
    const command = reachPair(icc, x, y).fixes[0]?.command ?? "";
    expect(command.split(" && ").map(shellWords)).toEqual([
      ["docker", "network", "create", "quiet net-talk"],
      ["docker", "network", "connect", "quiet net-talk", "x&y"],
      ["docker", "network", "connect", "quiet net-talk", "y|z"],
    ]);
  });
});

describe("a container on another's network stack", () => {
  const front = networkDto({ name: "front", ipam: subnet("172.21.0.0/16", "172.21.0.1") });
  const back = networkDto({ name: "back", ipam: subnet("172.22.0.0/16", "172.22.0.1") });
  const web = containerDto({ name: "web" });
  function stack(state: "running" | "exited") {
    const api = containerDto({ name: "api", state });
    const sidecar = containerDto({
      name: "sidecar",
      state,
      networkMode: "container:api",
      sharesNetworkWith: api.id,
    });
    const ix = indexOf(
      built([front, back], [[web, [front, "172.21.0.2/16"]], [api, [back, "172.22.0.2/16"]], [sidecar]]),
      [hostFacts("local")],
    );
    return { ix, api, sidecar };
  }

  it("not-running: with its stack's owner stopped too, the fix starts the owner first", () => {
    const { ix, sidecar } = stack("exited");
    const fix = {
      text: "Start api first, then sidecar:",
      command: "docker start api && docker start sidecar",
    };
    const to = reachPair(ix, web, sidecar);
    expect(to.verdict).toBe("no");
    expect(to.reasons).toEqual([
      expect.objectContaining({ code: "shares-stack" }),
      { code: "not-running", blocks: true, text: "sidecar is exited: it has no address to reach.", fix },
    ]);
    expect(to.fixes).toEqual([fix]);
    const from = reachPair(ix, sidecar, web);
    expect(reasonOf(from, "not-running")).toEqual({
      code: "not-running",
      blocks: true,
      text: "sidecar is exited: it sends nothing.",
      fix,
    });
    expect(from.fixes).toEqual([fix]);
  });

  it("no-shared-network: from a running sidecar, the fix connects api, whose stack it uses", () => {
    const { ix, api, sidecar } = stack("running");
    const p = reachPair(ix, sidecar, web);
    expect(p.verdict).toBe("no");
    const fix = {
      text: "Connect api, whose network stack sidecar uses, to front:",
      command: "docker network connect front api",
      connect: { engine: "local", networkId: front.id, containerId: api.id },
    };
    expect(reasonOf(p, "no-shared-network")).toEqual({
      code: "no-shared-network",
      blocks: true,
      text: "sidecar is not on front, and Docker keeps networks apart (its isolation rules drop traffic between two bridges).",
      fix,
    });
    expect(p.fixes).toEqual([fix]);
  });
});

// --- the recorded swarm -----------------------------------------------------------------------------

describe("the recorded two-node swarm", () => {
  const ipsecOk = () => [swarmFacts("a", { ipsec: "installed" }), swarmFacts("b", { ipsec: "installed" })];
  const vipVerdict = (ix: AnalysisIndex, a: ContainerDto, b: ContainerDto, probe: Probe) =>
    probeRoutes(ix, a, b, probe).find((r) => r.kind === "vip")?.verdict;
  const meshRoute = (p: ReachPairDto) =>
    p.routes.find((r) => r.kind === "network" && r.network?.id === SWARM.mesh);

  it("shared-network across hosts: the overlay's VXLAN tunnel, with IPsec in place both ways", () => {
    const ix = indexOf(swarmTopology(), ipsecOk());
    const [web3, web1] = [taskContainer(ix, "fx-web.3"), taskContainer(ix, "fx-web.1")];
    const route = meshRoute(reachPair(ix, web3, web1)) as ReachRouteDto;
    expect(route).toMatchObject({ from: "10.187.0.4", to: "10.187.0.5", verdict: "yes" });
    expect(route.reasons.map((r) => [r.code, r.blocks, r.text])).toEqual([
      [
        "shared-network",
        false,
        "Both are on overlay fx-mesh: the packet crosses from host 10.212.0.1 to 10.212.0.2 in a VXLAN tunnel.",
      ],
      [
        "ipsec-missing",
        false,
        "fx-mesh is encrypted and IPsec is in place both ways between 10.212.0.1 and 10.212.0.2.",
      ],
    ]);
    expect(route.path).toEqual(
      expect.arrayContaining([
        elementId.container("a", web3.id),
        elementId.network("a", SWARM.mesh),
        elementId.tunnel(SWARM.mesh, elementId.engine("a"), elementId.engine("b")),
        elementId.network("b", SWARM.mesh),
        elementId.container("b", web1.id),
      ]),
    );
  });

  it("ipsec-missing: the kernel refused the security associations, so the encrypted overlay carries nothing", () => {
    const ix = indexOf(swarmTopology(), [swarmFacts("a"), swarmFacts("b")]);
    const [web3, web1] = [taskContainer(ix, "fx-web.3"), taskContainer(ix, "fx-web.1")];
    const route = meshRoute(reachPair(ix, web3, web1)) as ReachRouteDto;
    expect(route.verdict).toBe("no");
    expect(route.reasons[1]).toEqual({
      code: "ipsec-missing",
      blocks: true,
      text: 'fx-mesh is encrypted, but the kernel refused IPsec\'s security association between 10.212.0.1 and 10.212.0.2: the policy Docker installed sends the VXLAN traffic to ESP, which drops it (Docker only logs "Failed adding SA").',
      fix: {
        text: "Load the kernel's IPsec support (esp4, xfrm_user, AES-GCM) on every node, or use an overlay without --opt encrypted:",
        command: "docker network create --driver overlay --attachable fx-mesh-plain",
      },
    });
    const probe = probeRoutes(ix, web1, web3, ICMP).find((r) => r.network?.id === SWARM.mesh);
    expect(probe?.verdict).toBe("no");
    // On one host, the overlay needs no tunnel.
    const dnsA = taskContainer(ix, "fx-dns", "a");
    expect(meshRoute(reachPair(ix, dnsA, web3))?.verdict).toBe("yes");
  });

  it("ipsec-unknown: when one host's facts cannot be read, or it shows no policy at all", () => {
    const blindB = indexOf(swarmTopology(), [swarmFacts("a"), unavailableFacts("b", "not root", READ_AT)]);
    const [web3, web1] = [taskContainer(blindB, "fx-web.3"), taskContainer(blindB, "fx-web.1")];
    const route = meshRoute(reachPair(blindB, web3, web1)) as ReachRouteDto;
    expect(route.verdict).toBe("unknown");
    expect(route.reasons[1]).toEqual({
      code: "ipsec-unknown",
      blocks: true,
      text: "fx-mesh is encrypted: whether IPsec is in place between 10.212.0.1 and 10.212.0.2 could not be read on both hosts.",
      fix: null,
    });
    const noPolicy = indexOf(swarmTopology(), [swarmFacts("a", { ipsec: "installed" }), hostFacts("b")]);
    expect(
      meshRoute(reachPair(noPolicy, taskContainer(noPolicy, "fx-web.3"), taskContainer(noPolicy, "fx-web.1")))
        ?.verdict,
    ).toBe("unknown");
  });

  it("overlay-peer-missing: an overlay Docker has not set up on both hosts", () => {
    const t = swarmTopology();
    for (const n of t.networks)
      if (n.id === SWARM.mesh && n.engine === "a")
        n.peers = (n.peers ?? []).filter((p) => p.ip === SWARM.addressA);
    const ix = indexOf(t, ipsecOk());
    const route = meshRoute(reachPair(ix, taskContainer(ix, "fx-web.3"), taskContainer(ix, "fx-web.1")));
    expect(route?.verdict).toBe("no");
    expect(route?.reasons).toEqual([
      {
        code: "overlay-peer-missing",
        blocks: true,
        text: "Overlay fx-mesh is not set up on both hosts (10.212.0.1, 10.212.0.2): Docker lists only the nodes that have it as its peers.",
        fix: null,
      },
    ]);
  });

  it("service-vip: fx-web's VIP on fx-mesh, balanced by IPVS over its running tasks, with the service on the path", () => {
    const ix = indexOf(swarmTopology(), ipsecOk());
    const [dnsA, web3] = [taskContainer(ix, "fx-dns", "a"), taskContainer(ix, "fx-web.3")];
    const p = reachPair(ix, dnsA, web3);
    const vip = p.routes.find((r) => r.kind === "vip") as ReachRouteDto;
    expect(vip).toMatchObject({ from: "10.187.0.6", to: "10.187.0.2", verdict: "yes" });
    expect(vip.network?.name).toBe("fx-mesh");
    expect(vip.reasons).toEqual([
      {
        code: "service-vip",
        blocks: false,
        text: "fx-web's VIP on fx-mesh is balanced by IPVS over its 3 running tasks.",
        fix: null,
      },
    ]);
    expect(vip.path).toContain(elementId.service(SWARM.cluster, SWARM.web));
    expect(vipVerdict(ix, dnsA, web3, TCP80)).toBe("yes");
    expect(vipVerdict(ix, dnsA, web3, ICMP)).toBe("yes");
    // The ingress VIP is the routing mesh's, not a way between containers; a dnsrr service has no VIP.
    expect(p.routes.filter((r) => r.kind === "vip")).toHaveLength(1);
    expect(reachPair(ix, web3, taskContainer(ix, "fx-dns", "a")).routes.some((r) => r.kind === "vip")).toBe(
      false,
    );
  });

  it("ipvs-missing: without IPVS on the client's host the VIP accepts nothing; the fix switches to dnsrr", () => {
    const ix = indexOf(swarmTopology(), [
      swarmFacts("a", { ipsec: "installed", ipvs: false }),
      swarmFacts("b", { ipsec: "installed" }),
    ]);
    const vip = reachPair(ix, taskContainer(ix, "fx-dns", "a"), taskContainer(ix, "fx-web.3")).routes.find(
      (r) => r.kind === "vip",
    );
    expect(vip?.verdict).toBe("no");
    expect(vip?.reasons).toEqual([
      {
        code: "ipvs-missing",
        blocks: true,
        text: `This host's kernel has no IPVS (ip_vs), which Docker needs to balance fx-web's VIP and the routing mesh: connections to them go nowhere (Docker only logs "Could not get ipvs family information").`,
        fix: {
          text: "Load ip_vs on every node (modprobe ip_vs), or let DNS hand out the tasks' addresses instead:",
          command: "docker service update --endpoint-mode dnsrr fx-web",
        },
      },
    ]);
    expect(vipVerdict(ix, taskContainer(ix, "fx-dns", "a"), taskContainer(ix, "fx-web.3"), TCP80)).toBe("no");
    // From b, which has IPVS, the same VIP works.
    const fromB = reachPair(ix, taskContainer(ix, "fx-dns", "b"), taskContainer(ix, "fx-web.1"));
    expect(fromB.routes.find((r) => r.kind === "vip")?.verdict).toBe("yes");
    // Not read at all: unknown.
    const unread = indexOf(swarmTopology(), [
      swarmFacts("a", { ipsec: "installed", ipvs: null }),
      swarmFacts("b", { ipsec: "installed" }),
    ]);
    const vipUnread = reachPair(
      unread,
      taskContainer(unread, "fx-dns", "a"),
      taskContainer(unread, "fx-web.3"),
    ).routes.find((r) => r.kind === "vip");
    expect(vipUnread?.verdict).toBe("unknown");
    expect(vipUnread?.reasons.map((r) => r.code)).toEqual(["service-vip", "firewall-unknown"]);
  });

  it("no-tasks: a VIP with no running task leads nowhere", () => {
    const t = swarmTopology();
    for (const task of t.tasks) if (task.serviceId === SWARM.web) task.state = "shutdown";
    const ix = indexOf(t, ipsecOk());
    const vip = reachPair(ix, taskContainer(ix, "fx-dns", "a"), taskContainer(ix, "fx-web.3")).routes.find(
      (r) => r.kind === "vip",
    );
    expect(vip?.verdict).toBe("no");
    expect(vip?.reasons).toEqual([
      {
        code: "no-tasks",
        blocks: true,
        text: "fx-web has no running task: its VIP leads nowhere.",
        fix: null,
      },
    ]);
    expect(vipVerdict(ix, taskContainer(ix, "fx-dns", "a"), taskContainer(ix, "fx-web.3"), TCP80)).toBe("no");
  });

  it("service-vip (partial): with IPsec refused between the hosts, the VIP reaches only the tasks on the client's host", () => {
    const ix = indexOf(swarmTopology(), [swarmFacts("a"), swarmFacts("b")]);
    const [dnsA, dnsB, web3] = [
      taskContainer(ix, "fx-dns", "a"),
      taskContainer(ix, "fx-dns", "b"),
      taskContainer(ix, "fx-web.3"),
    ];
    const vip = reachPair(ix, dnsA, web3).routes.find((r) => r.kind === "vip") as ReachRouteDto;
    expect(vip).toMatchObject({ to: "10.187.0.2", verdict: "partial" });
    expect(vip.reasons).toEqual([
      {
        code: "service-vip",
        blocks: true,
        text: `fx-web's VIP on fx-mesh is balanced by IPVS over its 3 running tasks, but ${dnsA.name} reaches only 1 of them: a connection handed to another goes nowhere.`,
        fix: null,
      },
    ]);
    expect(vipVerdict(ix, dnsA, web3, TCP80)).toBe("partial");
    const fromB = reachPair(ix, dnsB, web3).routes.find((r) => r.kind === "vip");
    expect(fromB?.verdict).toBe("partial");
    expect(fromB?.reasons[0]?.text).toContain("reaches only 2 of them");
  });

  it("service-vip: a task whose container Netatlas does not see is unknown; when all are, the VIP is unknown", () => {
    const facts = [swarmFacts("a", { ipsec: "installed" })];
    const onlyA = indexOf(swarmTopologyWithoutB(), facts);
    const dnsA = taskContainer(onlyA, "fx-dns", "a");
    const vip = reachPair(onlyA, dnsA, taskContainer(onlyA, "fx-web.3")).routes.find((r) => r.kind === "vip");
    expect(vip?.verdict).toBe("partial");
    expect(vip?.reasons[0]?.text).toContain("reaches only 1 of them");

    // With fx-web.3's container gone too, no task behind the VIP is seen.
    const t = swarmTopologyWithoutB();
    const web3 = t.containers.find((c) => c.name.startsWith("fx-web.3.")) as ContainerDto;
    t.containers = t.containers.filter((c) => c !== web3);
    t.endpoints = t.endpoints.filter((e) => e.containerId !== web3.id);
    const blind = indexOf(t, facts);
    const mesh = blind.model.networks.find((n) => n.id === SWARM.mesh && n.engine === "a") as NetworkDto;
    const route = vipRoute(
      blind,
      blind.stack(taskContainer(blind, "fx-dns", "a")),
      { id: SWARM.web, name: "fx-web" },
      { network: mesh, address: "10.187.0.2" },
    );
    expect(route.verdict).toBe("unknown");
    expect(route.why.map((w) => [w.code, w.data?.reached])).toEqual([["service-vip", "0"]]);
  });
});

describe("the swarm's routing mesh, from the outside", () => {
  const service = swarmServiceDto({
    name: "shop",
    ports: [{ protocol: "tcp", targetPort: 80, publishedPort: 8088, publishMode: "ingress" }],
  });
  const net = networkDto({ name: "shop-net", driver: "overlay", scope: "swarm" });
  const ingress = networkDto({
    name: "ingress",
    driver: "overlay",
    scope: "swarm",
    ingress: true,
    system: true,
  });
  const task = containerDto({
    name: "shop.1.x",
    networkMode: "default",
    labels: { "com.docker.swarm.service.id": service.id, "com.docker.swarm.service.name": "shop" },
  });
  const topology = topologyOf({
    networks: [net, ingress],
    containers: [task],
    endpoints: [endpointDto(task, net, { ipv4Address: "10.0.9.3/24", aliases: null, dnsNames: null })],
    services: [service],
    tasks: [swarmTaskDto(service, { containerId: task.id })],
  });
  const meshRoute = (ipvs: boolean | null) => {
    const ix = indexOf(topology, [hostFacts("local", { ipvs })]);
    return reachPair(ix, "outside", ix.container("local", task.id) as ContainerDto).routes.find(
      (r) => r.kind === "published",
    );
  };

  it("reaches a task through every node's published port when the host has IPVS", () => {
    const route = meshRoute(true);
    expect(route).toMatchObject({
      to: "every node:8088",
      port: { number: 8088, protocol: "tcp" },
      verdict: "yes",
    });
    expect(route?.network?.name).toBe("ingress");
    expect(route?.reasons[0]?.text).toContain("routing mesh");
  });

  it("reaches nothing without IPVS, and cannot tell when IPVS was not read", () => {
    const none = meshRoute(false);
    expect(none?.verdict).toBe("no");
    expect(none?.reasons.map((r) => r.code)).toEqual(["ipvs-missing"]);
    expect(none?.reasons[0]?.fix?.command).toBe("docker service update --endpoint-mode dnsrr shop");
    expect(meshRoute(null)?.verdict).toBe("unknown");
  });
});
