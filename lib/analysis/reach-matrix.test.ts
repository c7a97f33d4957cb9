// reachMatrix: the filters (engine, network by id, name or id prefix, tier, Compose project), the outside first,
// "-" on the diagonal, every cell equal to pairVerdict, and grouping: a group's cell answers exactly for every pair
// of its members, containers a DOCKER-USER rule names or that share a stack stay alone, "auto" groups above
// GROUP_ABOVE, and the labels (swarm task names shortened, Compose service ×N). On the reach scenario recorded
// from real Docker 26.1 and 20.10 engines, on built topologies and on the recorded two-node swarm.
import { describe, expect, it } from "vitest";
import type { ReachMatrixDto, Verdict } from "@/lib/api/reach";
import type { ContainerDto, NetworkDto } from "@/lib/api/types";
import { combineTopologies, FIXTURE_VERSIONS } from "@/lib/testing/fixtures";
import { loadReachFixture } from "@/lib/testing/reach-fixtures";
import type { ContainerRole } from "@/lib/testing/reach-scenario";
import {
  hostFacts,
  indexOf,
  iptablesSave,
  swarmFacts,
  swarmTopology,
  withRecordedFacts,
} from "@/lib/testing/reach-situations";
import {
  containerDto,
  endpointDto,
  engineDto,
  networkDto,
  topologyOf,
} from "@/lib/testing/topology-builders";
import { inferTiers } from "@/lib/topology/tiers";
import { type Party, pairVerdict } from "./reach";
import { filterContainers, GROUP_ABOVE, reachMatrix, shortName } from "./reach-matrix";
import { type AnalysisIndex, key } from "./stacks";

const CELL: Record<Verdict, string> = { yes: "y", no: "n", partial: "p", unknown: "u" };

/** The row (and column) of the member that holds a container, or of the outside. */
function rowOf(m: ReachMatrixDto, p: Party): number {
  const i =
    p === "outside"
      ? m.members.findIndex((x) => x.key === "outside")
      : m.members.findIndex((x) => x.members.some((c) => c.engine === p.engine && c.id === p.id));
  if (i < 0) throw new Error(`no row for ${p === "outside" ? p : p.name}`);
  return i;
}

const cell = (m: ReachMatrixDto, a: Party, b: Party) => m.cells[rowOf(m, a)]?.[rowOf(m, b)];

/** Every ordered pair of distinct parties (containers of the matrix and the outside) answers as pairVerdict. */
function expectExact(ix: AnalysisIndex, m: ReachMatrixDto): number {
  const parties: Party[] = [
    "outside",
    ...ix.model.containers.filter((c) =>
      m.members.some((x) => x.members.some((y) => y.id === c.id && y.engine === c.engine)),
    ),
  ];
  let checked = 0;
  for (const a of parties)
    for (const b of parties) {
      if (a === b) continue;
      const label = `${a === "outside" ? a : a.name} → ${b === "outside" ? b : b.name}`;
      expect(cell(m, a, b), label).toBe(CELL[pairVerdict(ix, a, b)]);
      checked++;
    }
  return checked;
}

const names = (m: ReachMatrixDto, i: number) => m.members[i]?.members.map((x) => x.name) ?? [];

describe.each(FIXTURE_VERSIONS)("the matrix of the reach scenario recorded from Docker %s", (version) => {
  const f = loadReachFixture(version);
  const { ix } = f;
  const name = (role: ContainerRole) => f.c(role).name;
  const roles = Object.keys(f.recording.roles) as ContainerRole[];

  it("puts the outside first, each container after it, '-' on the diagonal, and pairVerdict in every cell", () => {
    const m = reachMatrix(ix, { group: "off" });
    expect(m.grouped).toBe(false);
    expect(m.containers).toBe(roles.length);
    expect(m.members[0]).toEqual({
      key: "outside",
      label: "Outside",
      detail: "other machines, and the internet",
      engine: null,
      members: [],
    });
    expect(
      m.members
        .slice(1)
        .map((x) => x.key)
        .sort(),
    ).toEqual(roles.map((r) => key("local", f.c(r).id)).sort());
    expect(m.cells).toHaveLength(m.members.length);
    m.cells.forEach((row, i) => {
      expect(row).toHaveLength(m.members.length);
      expect(row[i]).toBe("-");
    });
    expect(expectExact(ix, m)).toBe((roles.length + 1) * roles.length);
    expect(cell(m, f.c("web"), f.c("cache"))).toBe("n");
    expect(cell(m, f.c("dnsy"), f.c("api"))).toBe("p");
    expect(cell(m, "outside", f.c("web"))).toBe("y");
    expect(m.hosts).toEqual([{ engine: "local", unavailable: null, readAt: f.facts.readAt }]);
  });

  it("says what each member is on, and in which state", () => {
    const m = reachMatrix(ix, { group: "off" });
    const detail = (role: ContainerRole) => m.members[rowOf(m, f.c(role))]?.detail;
    expect(detail("web")).toBe(`${f.n("app").name}, ${f.n("pub").name} · running`);
    expect(detail("legacy1")).toBe("bridge (default) · running");
    expect(detail("hoster")).toBe("host stack · running");
    expect(detail("isolated")).toBe("no network · running");
    expect(detail("sidecar")).toBe(`stack of ${name("api")} · running`);
    expect(detail("stopped")).toBe("no address · exited");
    expect(detail("paused")).toBe(`${f.n("app").name} · paused`);
    expect(m.members[rowOf(m, f.c("web"))]?.label).toBe(name("web"));
  });

  it("groups exactly: for every pair of containers, their groups' cell is their own verdict", () => {
    const m = reachMatrix(ix, { group: "on" });
    expect(m.grouped).toBe(true);
    expect(m.containers).toBe(roles.length);
    expect(expectExact(ix, m)).toBe((roles.length + 1) * roles.length);
    // Two groups form here: the two containers of noicc, and the two on the default bridge.
    const groups = m.members.filter((x) => x.members.length > 1);
    expect(groups.map((g) => g.members.map((x) => x.name).sort())).toEqual([
      [name("icc1"), name("icc2")].sort(),
      [name("legacy1"), name("legacy2")].sort(),
    ]);
    expect(groups.map((g) => g.label)).toEqual([
      `${name("icc1")} and 1 like it`,
      `${name("legacy1")} and 1 like it`,
    ]);
    expect(groups.every((g) => g.key.startsWith("group:"))).toBe(true);
    // A group against itself: two of its members.
    expect(cell(m, f.c("icc1"), f.c("icc1"))).toBe("n");
    expect(cell(m, f.c("legacy1"), f.c("legacy1"))).toBe("y");
  });

  it("keeps containers a DOCKER-USER rule names alone, and groups them once the rules are gone", () => {
    const alone = (m: ReachMatrixDto, role: ContainerRole) => names(m, rowOf(m, f.c(role)));
    const m = reachMatrix(ix, { group: "on" });
    for (const role of ["cache", "dnsy", "linky"] as const) expect(alone(m, role)).toEqual([name(role)]);
    const noRules = withRecordedFacts(f, (o) =>
      o
        .split("\n")
        .filter((l) => !(l.startsWith("-A DOCKER-USER") && l.includes("--comment")))
        .join("\n"),
    );
    expect(noRules.facts("local")?.firewall?.dockerUser.map((r) => r.text)).toEqual([
      "-A DOCKER-USER -j RETURN",
    ]);
    const without = reachMatrix(noRules, { group: "on" });
    expect(alone(without, "linky").sort()).toEqual([name("cache"), name("dnsy"), name("linky")].sort());
    expectExact(noRules, without);
  });

  it("keeps a container and the one sharing its stack alone", () => {
    const m = reachMatrix(ix, { group: "on" });
    expect(names(m, rowOf(m, f.c("api")))).toEqual([name("api")]);
    expect(names(m, rowOf(m, f.c("sidecar")))).toEqual([name("sidecar")]);
  });

  it("filters by network: name, full id or id prefix, each keeping the containers attached to it", () => {
    const app = f.n("app");
    const onApp = (["api", "cache", "dnsy", "linky", "paused", "stopped", "web", "worker"] as const)
      .map(name)
      .sort();
    for (const network of [app.name, app.id, app.id.slice(0, 12)]) {
      const m = reachMatrix(ix, { network, group: "off" });
      expect(
        m.members
          .slice(1)
          .flatMap((x) => x.members.map((c) => c.name))
          .sort(),
        network,
      ).toEqual(onApp);
      expect(m.containers).toBe(onApp.length);
      expectExact(ix, m);
    }
    expect(reachMatrix(ix, { network: "no-such-network" }).members.map((x) => x.key)).toEqual(["outside"]);
  });

  it("filters by tier, as inferTiers puts the containers", () => {
    const tiers = inferTiers(ix.model, { labelKey: "netatlas.tier" });
    expect(filterContainers(ix, { tier: "data" }, tiers).map((c) => c.name)).toEqual([name("db")]);
    const internal = filterContainers(ix, { tier: "internal" }, tiers).map((c) => c.name);
    expect(internal.sort()).toEqual(
      (["icc1", "icc2", "isolated", "legacy1", "legacy2", "masq"] as const).map(name).sort(),
    );
    const m = reachMatrix(ix, { tier: "public", group: "off" }, tiers);
    expect(m.members.slice(1).map((x) => x.label)).toContain(name("web"));
    expect(m.members.slice(1).map((x) => x.label)).not.toContain(name("db"));
  });
});

describe("filters across engines and Compose projects", () => {
  const one = loadReachFixture("26.1", "one");
  const two = loadReachFixture("20.10", "two");
  const ix = indexOf(combineTopologies(one.topology, two.topology), [one.facts, two.facts]);

  it("filters by engine", () => {
    const m = reachMatrix(ix, { engine: "two", group: "off" });
    expect(m.members.slice(1).every((x) => x.engine === "two")).toBe(true);
    expect(m.containers).toBe(Object.keys(two.recording.roles).length);
    expect(reachMatrix(ix, { group: "off" }).containers).toBe(2 * m.containers);
    expect(m.hosts.map((h) => h.engine).sort()).toEqual(["one", "two"]);
  });

  it("filters a network by name on the given engine only", () => {
    const bridge = (engine?: string) =>
      reachMatrix(ix, { engine, network: "bridge", group: "off" })
        .members.slice(1)
        .map((x) => `${x.engine}/${x.label}`);
    expect(bridge("two").sort()).toEqual(
      [`two/${two.c("legacy1").name}`, `two/${two.c("legacy2").name}`].sort(),
    );
    expect(bridge()).toHaveLength(4);
  });

  it("filters by Compose project", () => {
    const lan = networkDto({ name: "shop_default" });
    const compose = (service: string, n: number, project = "shop") =>
      containerDto({
        name: `${project}-${service}-${n}`,
        labels: { "com.docker.compose.project": project, "com.docker.compose.service": service },
      });
    const containers = [compose("web", 1), compose("web", 2), compose("db", 1), compose("web", 1, "blog")];
    const built = indexOf(
      topologyOf({
        engines: [engineDto()],
        networks: [lan],
        containers,
        endpoints: containers.map((c, i) => endpointDto(c, lan, { ipv4Address: `172.20.0.${i + 2}/16` })),
      }),
      [hostFacts("local")],
    );
    const m = reachMatrix(built, { project: "shop", group: "off" });
    expect(
      m.members
        .slice(1)
        .map((x) => x.label)
        .sort(),
    ).toEqual(["shop-db-1", "shop-web-1", "shop-web-2"]);
  });
});

describe("grouping built topologies", () => {
  const app = networkDto({ name: "app" });
  /** n running containers on app, each with its own address; `extra` overrides some. */
  function replicas(n: number, labels: Record<string, string> = {}): ContainerDto[] {
    return Array.from({ length: n }, (_, i) =>
      containerDto({ name: `r${String(i).padStart(3, "0")}`, labels }),
    );
  }
  function onApp(containers: ContainerDto[], facts = [hostFacts("local")], networks: NetworkDto[] = [app]) {
    return indexOf(
      topologyOf({
        engines: [engineDto()],
        networks,
        containers,
        endpoints: containers
          .filter((c) => !c.sharesNetworkWith)
          .map((c, i) =>
            endpointDto(c, app, { ipv4Address: `172.20.${Math.floor(i / 200)}.${(i % 200) + 2}/16` }),
          ),
      }),
      facts,
    );
  }

  it("with 'auto', groups above GROUP_ABOVE containers and not at it", () => {
    const at = reachMatrix(onApp(replicas(GROUP_ABOVE)));
    expect(at.grouped).toBe(false);
    expect(at.members).toHaveLength(GROUP_ABOVE + 1);
    const above = reachMatrix(onApp(replicas(GROUP_ABOVE + 1)), { group: "auto" });
    expect(above.grouped).toBe(true);
    expect(above.containers).toBe(GROUP_ABOVE + 1);
    expect(above.members).toHaveLength(2);
    expect(above.cells).toEqual(["-n", "py"]);
    expect(reachMatrix(onApp(replicas(GROUP_ABOVE + 1)), { group: "off" }).grouped).toBe(false);
  });

  it("labels a group of one Compose service as project/service ×N", () => {
    const ix = onApp(
      replicas(3, { "com.docker.compose.project": "shop", "com.docker.compose.service": "web" }),
    );
    const m = reachMatrix(ix, { group: "on" });
    expect(m.members.map((x) => x.label)).toEqual(["Outside", "shop/web ×3"]);
    expect(m.members[1]?.detail).toBe("app · running");
    expectExact(ix, m);
  });

  it("keeps a container a DOCKER-USER rule names alone", () => {
    const facts = hostFacts("local", {
      iptables: iptablesSave({ dockerUser: ["-s 172.20.0.2/32 -d 172.20.0.4/32 -j DROP", "-j RETURN"] }),
    });
    const containers = replicas(4);
    const ix = onApp(containers, [facts]);
    const m = reachMatrix(ix, { group: "on" });
    expect(m.members.slice(1).map((x) => x.members.map((c) => c.name))).toEqual([
      ["r000"],
      ["r001", "r003"],
      ["r002"],
    ]);
    expectExact(ix, m);
  });

  it("keeps a container alone when another shares its stack, and the one sharing it", () => {
    const containers = replicas(3);
    const owner = containers[0] as ContainerDto;
    const guest = containerDto({ name: "guest", networkMode: "container:r000", sharesNetworkWith: owner.id });
    const ix = onApp([...containers, guest]);
    const m = reachMatrix(ix, { group: "on" });
    expect(m.members.slice(1).map((x) => x.members.map((c) => c.name))).toEqual([
      ["guest"],
      ["r000"],
      ["r001", "r002"],
    ]);
    expectExact(ix, m);
  });

  /** Containers at 172.20.0.2, .10 and .11 on app, and a host-stack one, with the given host facts. */
  function prefixed(facts: ReturnType<typeof hostFacts>) {
    const at = { low: "172.20.0.2", ten: "172.20.0.10", eleven: "172.20.0.11" } as const;
    const containers = Object.keys(at).map((n) => containerDto({ name: n }));
    const agent = containerDto({ name: "agent", networkMode: "host" });
    const ix = indexOf(
      topologyOf({
        engines: [engineDto()],
        networks: [app],
        containers: [...containers, agent],
        endpoints: containers.map((c) =>
          endpointDto(c, app, { ipv4Address: `${at[c.name as keyof typeof at]}/16` }),
        ),
      }),
      [facts],
    );
    const byName = (n: string) => ix.model.containers.find((c) => c.name === n) as ContainerDto;
    return { ix, low: byName("low"), ten: byName("ten"), eleven: byName("eleven"), agent: byName("agent") };
  }
  const groupOf = (m: ReachMatrixDto, c: ContainerDto) => names(m, rowOf(m, c)).sort();

  it("keeps apart the containers a DOCKER-USER rule's prefix holds (a /29, not only a /32) from those it does not", () => {
    const facts = hostFacts("local", {
      iptables: iptablesSave({ dockerUser: ["-s 172.20.0.0/29 -d 172.20.0.8/29 -j DROP", "-j RETURN"] }),
    });
    const { ix, low, ten, eleven } = prefixed(facts);
    expect(pairVerdict(ix, low, ten)).toBe("no");
    expect(pairVerdict(ix, ten, eleven)).toBe("yes");
    const m = reachMatrix(ix, { group: "on" });
    expect(groupOf(m, ten)).toEqual(["eleven", "ten"]);
    expect(groupOf(m, low)).toEqual(["low"]);
    expect(expectExact(ix, m)).toBe(5 * 4);
  });

  it("keeps apart the containers a rule of the host's INPUT chain names, by prefix", () => {
    const facts = hostFacts("local", { iptables: iptablesSave({ input: ["-s 172.20.0.8/29 -j DROP"] }) });
    const { ix, low, ten, eleven, agent } = prefixed(facts);
    expect(pairVerdict(ix, ten, agent)).toBe("no");
    expect(pairVerdict(ix, low, agent)).toBe("yes");
    const m = reachMatrix(ix, { group: "on" });
    expect(groupOf(m, eleven)).toEqual(["eleven", "ten"]);
    expect(groupOf(m, low)).toEqual(["low"]);
    expectExact(ix, m);
    // Without the rule the three are one group.
    const none = prefixed(hostFacts("local"));
    expect(groupOf(reachMatrix(none.ix, { group: "on" }), none.low)).toEqual(["eleven", "low", "ten"]);
  });
});

describe("labels of swarm task containers", () => {
  it("shortens a task's container name to service.slot, or service.node for a global service", () => {
    expect(shortName("fx-web.1.yd5r67qhy6fd789hqkinc1rsj")).toBe("fx-web.1");
    expect(shortName("fx-dns.kt0b682vtezte6vihuat2rtqx.8c9kextuxvsqcnnnkbueaeoev")).toBe("fx-dns.kt0b68");
    expect(shortName("web")).toBe("web");
    expect(shortName("shop-web-1")).toBe("shop-web-1");
    expect(shortName("my.app.v2")).toBe("my.app.v2");
  });

  it("labels the recorded swarm's rows with the short names, grouping fx-web's two tasks on b", () => {
    const ix = indexOf(swarmTopology(), [
      swarmFacts("a", { ipsec: "installed" }),
      swarmFacts("b", { ipsec: "installed" }),
    ]);
    const off = reachMatrix(ix, { group: "off" });
    expect(off.members.map((x) => x.label).sort()).toEqual(
      ["Outside", "fx-web.1", "fx-web.2", "fx-web.3", "fx-dns.kt0b68", "fx-dns.y0nijw"].sort(),
    );
    const on = reachMatrix(ix, { group: "on" });
    expect(on.members.map((x) => x.label)).toContain("fx-web.1 and 1 like it");
    expectExact(ix, on);
  });
});
