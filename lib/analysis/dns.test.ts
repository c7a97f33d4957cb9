// Names: what Docker's embedded DNS answers on each network (networkRecords, networkDns), what a name gives from
// inside a container in Docker's order of its networks (resolveFrom), /etc/hosts (hostsFile), every name a
// container can use (namesFrom) and its resolver setup (containerDns), on the reach scenario recorded from real
// Docker 26.1 and 20.10 engines, on built topologies, and on the recorded two-node swarm (VIP, dnsrr, tasks).
import { describe, expect, it } from "vitest";
import type { NameAnswerDto } from "@/lib/api/reach";
import type { ContainerDto, NetworkDto } from "@/lib/api/types";
import { FIXTURE_VERSIONS } from "@/lib/testing/fixtures";
import { loadReachFixture, type ReachFixture } from "@/lib/testing/reach-fixtures";
import type { ContainerRole, NetworkRole } from "@/lib/testing/reach-scenario";
import {
  indexOf,
  SWARM,
  swarmFacts,
  swarmTopology,
  swarmTopologyWithoutB,
  taskContainer,
} from "@/lib/testing/reach-situations";
import {
  configuredEndpoint,
  containerDto,
  endpointDto,
  engineDto,
  networkDto,
  topologyOf,
} from "@/lib/testing/topology-builders";
import {
  containerDns,
  DEFAULT_BRIDGE_DNS,
  hasEmbeddedDns,
  hostsFile,
  namesFrom,
  networkDns,
  networkRecords,
  resolveFrom,
} from "./dns";
import type { AnalysisIndex } from "./stacks";

/** A container's address on a network of the recording. */
function ip(f: ReachFixture, role: ContainerRole, network: NetworkRole | "bridge"): string {
  const name = network === "bridge" ? "bridge" : f.n(network).name;
  const found = f.ix.stack(f.c(role)).attachments.find((a) => a.network.name === name)?.ipv4;
  if (!found) throw new Error(`${role} has no address on ${name}`);
  return found;
}

const shortId = (c: ContainerDto) => c.id.slice(0, 12);

/** What a name gives, in short: the network that answered and the addresses. */
const gives = (a: NameAnswerDto | null) =>
  a ? { network: a.network, addresses: a.addresses, kind: a.kind } : null;

function networkNamed(ix: AnalysisIndex, name: string, engine = "local"): NetworkDto {
  const found = ix.model.networks.find((n) => n.name === name && n.engine === engine);
  if (!found) throw new Error(`no network ${name}`);
  return found;
}

describe.each(FIXTURE_VERSIONS)("names on the reach scenario recorded from Docker %s", (version) => {
  const f = loadReachFixture(version);
  const { ix } = f;
  const c = (role: ContainerRole) => f.c(role);
  const name = (role: ContainerRole) => f.c(role).name;
  const app = f.n("app");

  describe("networkDns and networkRecords", () => {
    it("answers on app every running or paused container by name and short id, its aliases and hostname", () => {
      const dns = networkDns(ix, app);
      expect(dns.network).toEqual({ engine: "local", id: app.id, name: app.name, driver: "bridge" });
      expect(dns.embedded).toBe(true);
      expect(dns.note).toBe(
        `Docker's embedded DNS (127.0.0.11 inside each container) answers these names to containers on ${app.name}. A name that gives several addresses hands them out in turn (round-robin).`,
      );
      const onApp: ContainerRole[] = ["api", "cache", "dnsy", "linky", "paused", "web", "worker"];
      expect(dns.records.map((r) => r.name).sort()).toEqual(
        [...onApp.flatMap((r) => [name(r), shortId(c(r))]), "backend", "shared", "dnsyhost"].sort(),
      );
      // Sorted for people, the stopped container (no address) absent, the sidecar (no endpoint of its own) too.
      expect(dns.records.map((r) => r.name)).toEqual(
        dns.records.map((r) => r.name).sort((a, b) => a.localeCompare(b)),
      );
      const byName = new Map(dns.records.map((r) => [r.name, r]));
      expect(byName.get(name("web"))).toEqual({
        name: name("web"),
        kind: "container",
        addresses: [ip(f, "web", "app")],
        roundRobin: false,
        members: [{ kind: "container", id: c("web").id, name: name("web"), address: ip(f, "web", "app") }],
      });
      expect(byName.get(shortId(c("web")))?.kind).toBe("id");
      expect(byName.get("backend")).toMatchObject({ kind: "alias", addresses: [ip(f, "api", "app")] });
      expect(byName.get("dnsyhost")).toMatchObject({ kind: "hostname", addresses: [ip(f, "dnsy", "app")] });
      expect(byName.get(name("paused"))?.addresses).toEqual([ip(f, "paused", "app")]);
      for (const absent of [name("stopped"), name("sidecar"), name("hoster"), "frontend"])
        expect(byName.has(absent), absent).toBe(false);
    });

    it("reads the names from DNSNames on 26.1 and from the name and Aliases on 20.10", () => {
      const endpoint = ix.model.endpoints.find((e) => e.containerId === c("dnsy").id);
      if (version === "26.1")
        expect(endpoint?.dnsNames).toEqual([name("dnsy"), shortId(c("dnsy")), "dnsyhost"]);
      else {
        expect(endpoint?.dnsNames).toBeNull();
        expect(endpoint?.aliases).toEqual([shortId(c("dnsy")), "dnsyhost"]);
      }
      expect(networkRecords(ix, app).get("dnsyhost")?.members[0]?.name).toBe(name("dnsy"));
    });

    it("hands out 'shared' in turn: api and cache hold it", () => {
      const shared = networkDns(ix, app).records.find((r) => r.name === "shared");
      expect(shared?.kind).toBe("alias");
      expect(shared?.roundRobin).toBe(true);
      expect(shared?.addresses.slice().sort()).toEqual([ip(f, "api", "app"), ip(f, "cache", "app")].sort());
      expect(shared?.members.map((m) => [m.name, m.address]).sort()).toEqual(
        [
          [name("api"), ip(f, "api", "app")],
          [name("cache"), ip(f, "cache", "app")],
        ].sort(),
      );
    });

    it("keys names in lower case, as Docker matches them", () => {
      const records = networkRecords(ix, app);
      expect(records.get(name("web").toLowerCase())?.name).toBe(name("web"));
      expect([...records.keys()].every((k) => k === k.toLowerCase())).toBe(true);
    });

    it("knows api on data by its data address, under its own name and the alias apidata", () => {
      const records = networkRecords(ix, f.n("data"));
      expect(records.get(name("api"))?.members.map((m) => m.address)).toEqual([ip(f, "api", "data")]);
      expect(records.get("apidata")?.members.map((m) => m.address)).toEqual([ip(f, "api", "data")]);
      expect(records.get("database")?.members.map((m) => m.address)).toEqual([ip(f, "db", "data")]);
    });

    it("lists the legacy link alias webby on app: only linky can use it, for web", () => {
      expect(networkDns(ix, app).linkAliases).toEqual([
        { from: name("linky"), alias: "webby", target: name("web"), addresses: [ip(f, "web", "app")] },
      ]);
      expect(networkRecords(ix, app).has("webby")).toBe(false);
      expect(networkDns(ix, f.n("pub")).linkAliases).toEqual([]);
    });

    it("has no names on the default bridge, host or none, and says why", () => {
      const bridge = networkDns(ix, networkNamed(ix, "bridge"));
      expect(bridge).toMatchObject({
        embedded: false,
        note: DEFAULT_BRIDGE_DNS,
        records: [],
        linkAliases: [],
      });
      expect(networkRecords(ix, networkNamed(ix, "bridge")).size).toBe(0);
      expect(networkDns(ix, networkNamed(ix, "host"))).toMatchObject({
        embedded: false,
        records: [],
        note: "The host network has no embedded DNS: its containers use the host's resolv.conf, where container names are unknown.",
      });
      expect(networkDns(ix, networkNamed(ix, "none"))).toMatchObject({
        embedded: false,
        records: [],
        note: "--network none: no network, no names.",
      });
    });
  });

  describe("resolveFrom", () => {
    it("resolves a container both share two networks with on the first in Docker's order (app before pub)", () => {
      expect(gives(resolveFrom(ix, c("web"), name("worker")))).toEqual({
        network: app.name,
        addresses: [ip(f, "worker", "app")],
        kind: "container",
      });
      expect(gives(resolveFrom(ix, c("worker"), name("web")))?.addresses).toEqual([ip(f, "web", "app")]);
    });

    it("resolves name.network on that network only, and not on a network the asker is not on", () => {
      const pub = f.n("pub").name;
      expect(gives(resolveFrom(ix, c("web"), `${name("worker")}.${pub}`))).toEqual({
        network: pub,
        addresses: [ip(f, "worker", "pub")],
        kind: "container",
      });
      expect(resolveFrom(ix, c("web"), `${name("db")}.${f.n("data").name}`)).toBeNull();
      expect(resolveFrom(ix, c("web"), `${name("worker")}.${f.n("data").name}`)).toBeNull();
    });

    it("ignores case and a trailing dot, and answers with the name as asked", () => {
      const asked = `${name("worker").toUpperCase()}.`;
      const answer = resolveFrom(ix, c("web"), asked);
      expect(answer?.name).toBe(asked);
      expect(answer?.addresses).toEqual([ip(f, "worker", "app")]);
      expect(resolveFrom(ix, c("web"), "SHARED")?.roundRobin).toBe(true);
    });

    it("resolves aliases, hostnames and short ids, but neither a stopped container nor a name nobody holds", () => {
      expect(gives(resolveFrom(ix, c("web"), "dnsyhost"))?.kind).toBe("hostname");
      expect(resolveFrom(ix, c("web"), shortId(c("api")))?.addresses).toEqual([ip(f, "api", "app")]);
      expect(resolveFrom(ix, c("web"), name("paused"))?.addresses).toEqual([ip(f, "paused", "app")]);
      expect(resolveFrom(ix, c("web"), name("stopped"))).toBeNull();
      expect(resolveFrom(ix, c("web"), "example.com")).toBeNull();
      expect(resolveFrom(ix, c("web"), name("db"))).toBeNull();
    });

    it("answers the legacy link alias webby only from linky", () => {
      expect(resolveFrom(ix, c("linky"), "webby")).toEqual({
        name: "webby",
        addresses: [ip(f, "web", "app")],
        via: "dns",
        network: app.name,
        roundRobin: false,
        members: [{ name: name("web"), address: ip(f, "web", "app") }],
        kind: "link",
      });
      expect(resolveFrom(ix, c("worker"), "webby")).toBeNull();
    });

    it("uses api's networks for the sidecar in api's stack", () => {
      expect(gives(resolveFrom(ix, c("sidecar"), "database"))).toEqual({
        network: f.n("data").name,
        addresses: [ip(f, "db", "data")],
        kind: "alias",
      });
      expect(resolveFrom(ix, c("sidecar"), "database")).toEqual(resolveFrom(ix, c("api"), "database"));
    });

    it("resolves nothing from none, the host's stack or the default bridge alone", () => {
      expect(resolveFrom(ix, c("isolated"), name("web"))).toBeNull();
      expect(resolveFrom(ix, c("hoster"), name("web"))).toBeNull();
      expect(resolveFrom(ix, c("legacy2"), name("legacy1"))).toBeNull();
      // /etc/hosts is not DNS: nslookup does not see the link.
      expect(resolveFrom(ix, c("legacy2"), "oldfriend")).toBeNull();
    });
  });

  describe("hostsFile", () => {
    it("holds dnsy's --add-host entry", () => {
      expect(hostsFile(ix, c("dnsy"))).toEqual([
        {
          name: "extra.test",
          addresses: ["10.161.250.10"],
          via: "hosts",
          network: null,
          roundRobin: false,
          members: [{ name: "--add-host extra.test", address: "10.161.250.10" }],
          kind: "extra-host",
        },
      ]);
    });

    it("holds legacy2's link to legacy1 by alias, name and short id, at legacy1's default-bridge address", () => {
      const address = ip(f, "legacy1", "bridge");
      expect(hostsFile(ix, c("legacy2")).map((h) => [h.name, h.addresses, h.kind, h.members])).toEqual(
        ["oldfriend", name("legacy1"), shortId(c("legacy1"))].map((n) => [
          n,
          [address],
          "link",
          [{ name: name("legacy1"), address }],
        ]),
      );
      expect(hostsFile(ix, c("legacy1"))).toEqual([]);
      expect(hostsFile(ix, c("web"))).toEqual([]);
    });
  });

  describe("namesFrom", () => {
    it("lists linky's link alias first, then each network's names, bare and qualified", () => {
      const names = namesFrom(ix, c("linky"));
      expect(names[0]).toMatchObject({ name: "webby", kind: "link" });
      expect(names.map((n) => n.name)).toEqual(
        expect.arrayContaining([name("web"), "shared", `${name("web")}.${app.name}`, `shared.${app.name}`]),
      );
      expect(namesFrom(ix, c("worker")).map((n) => n.name)).not.toContain("webby");
    });

    it("lists each name once, from the first network that answers it", () => {
      const names = namesFrom(ix, c("api"));
      const keys = names.map((n) => `${n.via}/${n.name.toLowerCase()}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(names.find((n) => n.name === name("api"))?.addresses).toEqual([ip(f, "api", "app")]);
      expect(names.find((n) => n.name === `${name("api")}.${f.n("data").name}`)?.addresses).toEqual([
        ip(f, "api", "data"),
      ]);
      const web = namesFrom(ix, c("web"));
      expect(web.find((n) => n.name === "frontend")).toMatchObject({
        network: f.n("pub").name,
        addresses: [ip(f, "web", "pub")],
      });
    });

    it("gives /etc/hosts alone on the default bridge, and nothing on none or the host's stack", () => {
      expect(namesFrom(ix, c("legacy2"))).toEqual(hostsFile(ix, c("legacy2")));
      expect(namesFrom(ix, c("isolated"))).toEqual([]);
      expect(namesFrom(ix, c("hoster"))).toEqual([]);
    });

    it("lists only names that resolveFrom answers the same way", () => {
      for (const role of ["web", "linky", "api", "dnsy"] as const)
        for (const n of namesFrom(ix, c(role)).filter((x) => x.via === "dns"))
          expect(resolveFrom(ix, c(role), n.name)?.addresses, `${role}: ${n.name}`).toEqual(n.addresses);
    });
  });

  describe("containerDns", () => {
    it("web: Docker's embedded resolver, going on to the host's resolvers", () => {
      const dns = containerDns(ix, c("web"));
      expect(dns.container).toEqual({ engine: "local", id: c("web").id, name: name("web") });
      expect(dns.resolver).toEqual({
        kind: "embedded",
        nameservers: ["127.0.0.11"],
        upstream: ["(the host's resolvers)"],
        search: [],
        options: [],
        text: "Docker's embedded DNS at 127.0.0.11 answers container and service names; other names go on to the resolvers of the host's resolv.conf.",
      });
      expect(dns.notes).toEqual([]);
      expect(dns.names).toEqual(namesFrom(ix, c("web")));
    });

    it("dnsy: --dns as the upstream, its search domain and ndots", () => {
      const dns = containerDns(ix, c("dnsy"));
      expect(dns.resolver).toMatchObject({
        kind: "embedded",
        nameservers: ["127.0.0.11"],
        upstream: ["10.161.250.9"],
        search: ["example.test"],
        options: ["ndots:2"],
      });
      expect(dns.resolver.text).toContain("other names go on to 10.161.250.9 (--dns).");
      expect(dns.notes).toEqual([
        "With search domains or ndots, a short name is first tried with each search domain appended.",
      ]);
      expect(dns.names.at(-1)).toMatchObject({ name: "extra.test", via: "hosts" });
    });

    it("hoster: the host's resolv.conf, where container names do not resolve", () => {
      expect(containerDns(ix, c("hoster")).resolver).toEqual({
        kind: "host",
        nameservers: ["(the host's)"],
        upstream: [],
        search: [],
        options: [],
        text: "On the host's network stack it uses the host's resolv.conf: container names do not resolve there.",
      });
    });

    it("legacy1 and legacy2: on the default bridge only, with legacy1's --dns, and legacy2's links noted", () => {
      const one = containerDns(ix, c("legacy1"));
      expect(one.resolver).toMatchObject({ kind: "host", nameservers: ["127.0.0.1"], upstream: [] });
      expect(one.resolver.text).toBe(
        `Only on the default bridge: its resolv.conf is the host's with --dns 127.0.0.1, so container names do not resolve. ${DEFAULT_BRIDGE_DNS}`,
      );
      const two = containerDns(ix, c("legacy2"));
      expect(two.resolver.nameservers).toEqual(["(the host's)"]);
      expect(two.notes).toEqual([
        "Legacy links (--link) are in its /etc/hosts: they keep the address the target had when this container started.",
      ]);
      expect(two.names.map((n) => n.name)).toEqual(["oldfriend", name("legacy1"), shortId(c("legacy1"))]);
    });

    it("sidecar: api's resolver, shared", () => {
      const dns = containerDns(ix, c("sidecar"));
      expect(dns.resolver).toMatchObject({ kind: "shared", nameservers: ["127.0.0.11"] });
      expect(dns.resolver.text).toBe(
        `It shares ${name("api")}'s network stack and resolver. Docker's embedded DNS at 127.0.0.11 answers container and service names; other names go on to the resolvers of the host's resolv.conf.`,
      );
      expect(dns.names).toEqual(namesFrom(ix, c("api")));
    });

    it("isolated: no resolver at all", () => {
      expect(containerDns(ix, c("isolated")).resolver).toMatchObject({
        kind: "none",
        nameservers: [],
        upstream: [],
        text: "--network none: no network, so nothing resolves.",
      });
    });

    it("stopped: resolves nothing now, and says so", () => {
      const dns = containerDns(ix, c("stopped"));
      expect(dns.names).toEqual([]);
      expect(dns.notes).toContain("It is exited: it resolves nothing now, and no one resolves its name.");
    });

    it("stopped: still Docker's embedded resolver, decided from the user network it is configured on", () => {
      const stopped = c("stopped");
      expect(ix.stack(stopped).attachments).toEqual([]);
      expect(ix.model.endpoints.filter((e) => e.containerId === stopped.id).map((e) => e.networkId)).toEqual([
        app.id,
      ]);
      expect(containerDns(ix, stopped).resolver).toEqual({
        kind: "embedded",
        nameservers: ["127.0.0.11"],
        upstream: ["(the host's resolvers)"],
        search: [],
        options: [],
        text: "Docker's embedded DNS at 127.0.0.11 answers container and service names; other names go on to the resolvers of the host's resolv.conf.",
      });
    });
  });
});

// --- built situations -------------------------------------------------------------------------------

describe("Docker's order of a container's networks", () => {
  /** x and y on both networks, with distinct addresses on each. */
  function twoNetworks(first: NetworkDto, second: NetworkDto) {
    const x = containerDto({ name: "x" });
    const y = containerDto({ name: "y" });
    const ix = indexOf(
      topologyOf({
        engines: [engineDto()],
        networks: [first, second],
        containers: [x, y],
        endpoints: [
          endpointDto(x, first, { ipv4Address: "10.1.0.2/24", aliases: null, dnsNames: ["x"] }),
          endpointDto(y, first, { ipv4Address: "10.1.0.3/24", aliases: null, dnsNames: ["y"] }),
          endpointDto(x, second, { ipv4Address: "10.2.0.2/24", aliases: null, dnsNames: ["x"] }),
          endpointDto(y, second, { ipv4Address: "10.2.0.3/24", aliases: null, dnsNames: ["y"] }),
        ],
      }),
    );
    return { ix, x, y };
  }

  it("asks a network that is not --internal first, whatever the names", () => {
    const { ix, x } = twoNetworks(
      networkDto({ name: "aaa-internal", internal: true }),
      networkDto({ name: "zzz-public" }),
    );
    expect(gives(resolveFrom(ix, x, "y"))).toEqual({
      network: "zzz-public",
      addresses: ["10.2.0.3"],
      kind: "container",
    });
    expect(resolveFrom(ix, x, "y.aaa-internal")?.addresses).toEqual(["10.1.0.3"]);
  });

  it("then by network name in Go's byte order: upper case before lower case", () => {
    const { ix, x } = twoNetworks(networkDto({ name: "alpha" }), networkDto({ name: "Zeta" }));
    expect(resolveFrom(ix, x, "y")?.network).toBe("Zeta");
    expect(namesFrom(ix, x).find((n) => n.name === "y")?.addresses).toEqual(["10.2.0.3"]);
  });
});

describe("resolvers the recording lacks", () => {
  const user = networkDto({ name: "user" });
  const bridge = networkDto({
    name: "bridge",
    system: true,
    options: { "com.docker.network.bridge.default_bridge": "true" },
    ipam: {
      driver: "default",
      config: [{ subnet: "172.17.0.0/16", gateway: "172.17.0.1", ipRange: null, auxAddresses: {} }],
      options: {},
    },
  });
  const both = containerDto({ name: "both", networkMode: "bridge" });
  const agent = containerDto({ name: "agent", networkMode: "host" });
  const follower = containerDto({
    name: "follower",
    networkMode: "container:agent",
    sharesNetworkWith: agent.id,
  });
  const orphan = containerDto({
    name: "orphan",
    networkMode: "container:gone",
    sharesNetworkWith: "f".repeat(64),
  });
  const owner = containerDto({ name: "owner", extraHosts: [{ name: "db.example", address: "192.0.2.10" }] });
  const guest = containerDto({ name: "guest", networkMode: "container:owner", sharesNetworkWith: owner.id });
  const ix = indexOf(
    topologyOf({
      engines: [engineDto()],
      networks: [user, bridge],
      containers: [both, agent, follower, orphan, owner, guest],
      endpoints: [
        endpointDto(both, bridge, { ipv4Address: "172.17.0.2/16", aliases: null, dnsNames: null }),
        endpointDto(both, user, { ipv4Address: "172.20.0.2/16" }),
        endpointDto(owner, user, { ipv4Address: "172.20.0.3/16" }),
      ],
    }),
  );

  it("notes that an address on the default bridge has no name, for a container also on a user network", () => {
    const dns = containerDns(ix, both);
    expect(dns.resolver.kind).toBe("embedded");
    expect(dns.notes).toEqual([
      "Its default-bridge address has no DNS name: other containers reach it by name only over its user-defined networks.",
    ]);
  });

  it("shares the host's resolv.conf with a container on the host's stack", () => {
    expect(containerDns(ix, follower).resolver).toMatchObject({
      kind: "shared",
      nameservers: ["(the host's)"],
      text: "It shares agent's network stack and resolver. On the host's network stack it uses the host's resolv.conf: container names do not resolve there.",
    });
  });

  it("resolves nothing for a container whose stack's owner is gone", () => {
    expect(containerDns(ix, orphan).resolver).toMatchObject({
      kind: "none",
      text: "It shares the network stack of a container this engine no longer has.",
    });
    expect(resolveFrom(ix, orphan, "owner")).toBeNull();
  });

  it("gives a container in another's stack that one's /etc/hosts and names", () => {
    expect(hostsFile(ix, guest)).toEqual(hostsFile(ix, owner));
    expect(hostsFile(ix, guest)[0]).toMatchObject({ name: "db.example", addresses: ["192.0.2.10"] });
    expect(resolveFrom(ix, guest, "both")?.addresses).toEqual(["172.20.0.2"]);
  });

  it("says so when Docker's DNS answers on a network nobody is on yet", () => {
    const empty = networkDto({ name: "empty" });
    const dns = networkDns(indexOf(topologyOf({ engines: [engineDto()], networks: [empty] })), empty);
    expect(dns).toMatchObject({
      embedded: true,
      records: [],
      note: "Docker's embedded DNS answers here, but no running container or service is on this network yet.",
    });
  });

  it("decides a stopped container's resolver from its configured networks: embedded on a user one, not on the default bridge", () => {
    const created = containerDto({ name: "created", state: "created", networkMode: "user" });
    const exited = containerDto({ name: "exited", state: "exited", networkMode: "bridge" });
    const stoppedIx = indexOf(
      topologyOf({
        engines: [engineDto()],
        networks: [user, bridge],
        containers: [created, exited],
        endpoints: [configuredEndpoint(created, user), configuredEndpoint(exited, bridge)],
      }),
    );
    expect(containerDns(stoppedIx, created).resolver).toMatchObject({
      kind: "embedded",
      nameservers: ["127.0.0.11"],
    });
    expect(containerDns(stoppedIx, exited).resolver).toMatchObject({
      kind: "host",
      nameservers: ["(the host's)"],
    });
  });
});

// --- the recorded swarm -----------------------------------------------------------------------------

describe("swarm names on fx-mesh, from the recorded two-node swarm", () => {
  const ix = indexOf(swarmTopology(), [swarmFacts("a"), swarmFacts("b")]);
  const mesh = (engine: string) =>
    ix.model.networks.find((n) => n.id === SWARM.mesh && n.engine === engine) as NetworkDto;
  const records = new Map(networkDns(ix, mesh("a")).records.map((r) => [r.name, r]));
  const sorted = (xs: string[]) => xs.slice().sort();

  it("answers a VIP-mode service's name with its VIP on this network", () => {
    expect(records.get("fx-web")).toEqual({
      name: "fx-web",
      kind: "service",
      addresses: ["10.187.0.2"],
      roundRobin: false,
      members: [{ kind: "vip", id: SWARM.web, name: "fx-web (VIP)", address: "10.187.0.2" }],
    });
  });

  it("answers a dnsrr service's name with every running task's address, in turn", () => {
    const dnsrr = records.get("fx-dns");
    expect(dnsrr?.kind).toBe("service");
    expect(dnsrr?.roundRobin).toBe(true);
    expect(sorted(dnsrr?.addresses ?? [])).toEqual(["10.187.0.6", "10.187.0.7"]);
    expect(dnsrr?.members.every((m) => m.kind === "task")).toBe(true);
    expect(sorted(dnsrr?.members.map((m) => m.name) ?? [])).toEqual(
      sorted([`fx-dns.${SWARM.nodeA.slice(0, 12)}`, `fx-dns.${SWARM.nodeB.slice(0, 12)}`]),
    );
  });

  it("answers tasks.<service> with every running task, on both hosts", () => {
    const tasks = records.get("tasks.fx-web");
    expect(tasks?.kind).toBe("tasks");
    expect(sorted(tasks?.addresses ?? [])).toEqual(["10.187.0.3", "10.187.0.4", "10.187.0.5"]);
    expect(sorted(tasks?.members.map((m) => m.name) ?? [])).toEqual(["fx-web.1", "fx-web.2", "fx-web.3"]);
    expect(sorted(records.get("tasks.fx-dns")?.addresses ?? [])).toEqual(["10.187.0.6", "10.187.0.7"]);
    // A task that no longer runs is not answered.
    const t = swarmTopology();
    const stopped = t.tasks.find((x) => x.serviceId === SWARM.web && x.slot === 2);
    if (stopped) stopped.state = "shutdown";
    const fewer = indexOf(t);
    const tasksNow = networkRecords(fewer, mesh("a")).get("tasks.fx-web");
    expect(sorted(tasksNow?.members.map((m) => m.address) ?? [])).toEqual(["10.187.0.4", "10.187.0.5"]);
  });

  it("answers each task's container by its name, on every host's copy of the overlay alike", () => {
    const web1 = taskContainer(ix, "fx-web.1");
    expect(web1.engine).toBe("b");
    expect(records.get(web1.name)).toMatchObject({ kind: "container", addresses: ["10.187.0.5"] });
    expect(networkDns(ix, mesh("b")).records).toEqual(networkDns(ix, mesh("a")).records);
  });

  it("answers a task on an engine that is not configured by its task name", () => {
    const onlyA = indexOf(swarmTopologyWithoutB(), [swarmFacts("a")]);
    const task = onlyA.model.tasks.find((t) => t.serviceId === SWARM.web && t.slot === 1);
    const taskName = `fx-web.1.${task?.id}`;
    expect(networkRecords(onlyA, mesh("a")).get(taskName)).toEqual({
      name: taskName,
      kind: "task",
      members: [{ kind: "task", id: task?.id, name: taskName, address: "10.187.0.5" }],
    });
  });

  it("resolves the service names from a task's container", () => {
    const dnsA = taskContainer(ix, "fx-dns", "a");
    expect(gives(resolveFrom(ix, dnsA, "fx-web"))).toEqual({
      network: "fx-mesh",
      addresses: ["10.187.0.2"],
      kind: "service",
    });
    expect(resolveFrom(ix, dnsA, "tasks.fx-web")?.roundRobin).toBe(true);
    expect(sorted(resolveFrom(ix, dnsA, "fx-dns")?.addresses ?? [])).toEqual(["10.187.0.6", "10.187.0.7"]);
    expect(resolveFrom(ix, dnsA, "fx-web.fx-mesh")?.addresses).toEqual(["10.187.0.2"]);
  });

  it("answers nothing on the ingress network: the routing mesh has no embedded DNS", () => {
    const ingress = ix.model.networks.find((n) => n.id === SWARM.ingress && n.engine === "a") as NetworkDto;
    expect(ingress.ingress).toBe(true);
    // fx-web publishes a port on the routing mesh: its tasks' containers are on ingress.
    expect(ix.membersOf(ingress).length).toBeGreaterThan(0);
    expect(hasEmbeddedDns(ingress)).toBe(false);
    expect(hasEmbeddedDns(mesh("a"))).toBe(true);
    expect(networkRecords(ix, ingress).size).toBe(0);
    expect(networkDns(ix, ingress)).toMatchObject({ embedded: false, records: [] });
    const web3 = taskContainer(ix, "fx-web.3");
    expect(namesFrom(ix, web3).filter((n) => n.network === ingress.name)).toEqual([]);
    expect(resolveFrom(ix, web3, `${web3.name}.${ingress.name}`)).toBeNull();
  });
});
