// Grouping a large map: by Compose service, swarm service, or the same networks; merged edges with counts; an
// expanded group drawn as its members; a well-formed graph whatever is grouped (recordings and synthetic maps).
import { describe, expect, it } from "vitest";
import type { ContainerDto, NetworkDto } from "@/lib/api/types";
import { FIXTURE_VERSIONS, fixtureTopology } from "@/lib/testing/fixtures";
import { attachedTopology, containerDto, networkDto } from "@/lib/testing/topology-builders";
import { aggregateGraph, GROUP_ABOVE, groupId, groupsAt, stateSummary } from "./aggregate";
import { buildTopology } from "./build";
import { toGraph } from "./graph";
import type { Graph, TopologyModel } from "./model";
import { groupByTier } from "./tier-groups";
import { inferTiers } from "./tiers";

function expectWellFormed(graph: Graph): void {
  const ids = [...graph.nodes, ...graph.edges].map((x) => x.id);
  expect(new Set(ids).size, "unique ids").toBe(ids.length);
  const nodes = new Set(graph.nodes.map((n) => n.id));
  for (const e of graph.edges) {
    expect(nodes.has(e.source), `${e.id} source`).toBe(true);
    expect(nodes.has(e.target), `${e.id} target`).toBe(true);
  }
  for (const n of graph.nodes) if (n.parent) expect(nodes.has(n.parent), `${n.id} parent`).toBe(true);
}

const compose = (project: string, service: string, i: number, state = "running"): ContainerDto =>
  containerDto({
    name: `${project}-${service}-${i}`,
    state: state as ContainerDto["state"],
    labels: { "com.docker.compose.project": project, "com.docker.compose.service": service },
  });

/** A shop: 3 web replicas on front+back, 2 api replicas on back, a db alone on back, 2 loose workers on back. */
function shop(): { model: TopologyModel; front: NetworkDto; back: NetworkDto } {
  const front = networkDto({ name: "front" });
  const back = networkDto({ name: "back" });
  const webs = [1, 2, 3].map((i) => compose("shop", "web", i, i === 3 ? "exited" : "running"));
  const apis = [1, 2].map((i) => compose("shop", "api", i));
  const db = compose("shop", "db", 1);
  const workers = [1, 2].map((i) => containerDto({ name: `worker${i}` }));
  const model = buildTopology(
    attachedTopology(
      [front, back],
      [
        ...webs.map((c) => [c, front, back] as [ContainerDto, NetworkDto, NetworkDto]),
        ...apis.map((c) => [c, back] as [ContainerDto, NetworkDto]),
        [db, back],
        ...workers.map((c) => [c, back] as [ContainerDto, NetworkDto]),
      ],
    ),
  );
  return { model, front, back };
}

describe("aggregateGraph on a Compose-shaped map", () => {
  const { model } = shop();
  const graph = toGraph(model);
  const all = aggregateGraph(graph, model, "on", new Set());

  it("groups the replicas of each Compose service and the containers on the same networks, not a lone one", () => {
    const groups = all.graph.nodes.filter((n) => n.kind === "group");
    expect(groups.map((g) => g.label).sort()).toEqual(["on back ×2", "shop/api ×2", "shop/web ×3"]);
    expect(all.graph.nodes.some((n) => n.label === "shop-db-1")).toBe(true);
    expect(all.graph.nodes.filter((n) => n.kind === "container")).toHaveLength(1);
    expectWellFormed(all.graph);
  });

  it("says how many and in which state, running first, and lists the members in its description", () => {
    const web = all.graph.nodes.find((n) => n.label === "shop/web ×3");
    expect(web).toMatchObject({
      sublabel: "2 running · 1 exited",
      classes: ["group", "group-mixed", "group-s"],
    });
    expect(web?.description).toBe(
      "Group shop/web, 3 containers (one Compose service): 2 running · 1 exited; shop-web-1, shop-web-2, shop-web-3. Expand it to see each.",
    );
    expect(all.graph.nodes.find((n) => n.label === "shop/api ×2")?.classes).toContain("group-running");
  });

  it("merges the edges a group's members had to one network into one edge that counts them", () => {
    const web = all.graph.nodes.find((n) => n.label === "shop/web ×3");
    const toWeb = all.graph.edges.filter((e) => e.source === web?.id || e.target === web?.id);
    expect(toWeb).toHaveLength(2);
    for (const e of toWeb) expect(e).toMatchObject({ kind: "endpoint", label: "3 links" });
    expect(toWeb.every((e) => e.classes.includes("merged"))).toBe(true);
    // 8 endpoints to the two networks became 2 (web) + 1 (api) + 1 (db) + 1 (workers).
    expect(all.graph.edges).toHaveLength(5);
  });

  it("maps every grouped container to its group, and lists the members of every group", () => {
    expect(all.groupOf.size).toBe(7);
    for (const [member, group] of all.groupOf) expect(all.groups.get(group)).toContain(member);
    expect([...all.groups.values()].flat()).toHaveLength(7);
  });

  it("draws an expanded group as its members again, and keeps the other groups", () => {
    const web = [...all.groups.keys()].find((id) => id.includes("compose:shop/web")) as string;
    const open = aggregateGraph(graph, model, "on", new Set([web]));
    expect(open.graph.nodes.some((n) => n.id === web)).toBe(false);
    expect(open.graph.nodes.filter((n) => n.label.startsWith("shop-web-"))).toHaveLength(3);
    expect(open.graph.nodes.filter((n) => n.kind === "group")).toHaveLength(2);
    expect(open.groups.has(web)).toBe(true);
    expect([...open.groupOf.keys()].some((id) => open.groups.get(web)?.includes(id))).toBe(false);
    expectWellFormed(open.graph);
  });

  it("leaves the graph as it is when grouping is off, or automatic below the threshold", () => {
    expect(aggregateGraph(graph, model, "off", new Set()).graph).toBe(graph);
    expect(aggregateGraph(graph, model, "auto", new Set()).graph).toBe(graph);
    expect(groupsAt("auto", GROUP_ABOVE)).toBe(false);
    expect(groupsAt("auto", GROUP_ABOVE + 1)).toBe(true);
    expect(groupsAt("off", 10_000)).toBe(false);
  });

  it("groups within a tier band, not across bands, with stable ids", () => {
    const tiered = groupByTier(graph, model, inferTiers(model, { labelKey: "netatlas.tier" }), new Set());
    const a = aggregateGraph(tiered, model, "on", new Set());
    const b = aggregateGraph(tiered, model, "on", new Set());
    expect(a.graph).toEqual(b.graph);
    for (const g of a.graph.nodes.filter((n) => n.kind === "group")) expect(g.parent).toMatch(/^tier:/);
    expectWellFormed(a.graph);
  });
});

describe("aggregateGraph at scale", () => {
  it("groups 300 containers of 30 Compose services over 10 networks into 30 nodes, from 300 + edges to few", () => {
    const nets = Array.from({ length: 10 }, (_, i) => networkDto({ name: `n${i}` }));
    const attached = Array.from({ length: 300 }, (_, i) => {
      const c = compose(`p${i % 10}`, `s${i % 3}`, i);
      const on = [nets[i % 10], ...(i % 3 === 0 ? [nets[(i + 1) % 10]] : [])] as NetworkDto[];
      return [c, ...on] as [ContainerDto, ...NetworkDto[]];
    });
    const model = buildTopology(attachedTopology(nets, attached));
    const graph = toGraph(model);
    const { graph: g, groupOf } = aggregateGraph(graph, model, "auto", new Set());
    expect(g.nodes.filter((n) => n.kind === "group")).toHaveLength(30);
    expect(g.nodes.filter((n) => n.kind === "container")).toHaveLength(0);
    expect(groupOf.size).toBe(300);
    expect(graph.edges.length).toBe(400);
    expect(g.edges.length).toBe(40);
    expectWellFormed(g);
  });
});

describe.each(FIXTURE_VERSIONS)("aggregateGraph on the example recorded on Docker %s", (version) => {
  const model = buildTopology(fixtureTopology(version));
  const graph = toGraph(model);

  it("keeps every network and draws each container once, alone or in a group", () => {
    const { graph: g, groupOf, groups } = aggregateGraph(graph, model, "on", new Set());
    expect(g.nodes.filter((n) => n.kind === "network")).toHaveLength(
      graph.nodes.filter((n) => n.kind === "network").length,
    );
    const alone = g.nodes.filter((n) => n.kind === "container").length;
    expect(alone + groupOf.size).toBe(graph.nodes.filter((n) => n.kind === "container").length);
    for (const id of groups.keys()) expect(id.startsWith(groupId("local", ""))).toBe(true);
    expectWellFormed(g);
  });
});

describe("stateSummary", () => {
  it("counts states, running first, then by count", () => {
    expect(stateSummary(["exited", "running", "created", "exited", "running", "running"])).toBe(
      "3 running · 2 exited · 1 created",
    );
    expect(stateSummary([])).toBe("");
  });
});
