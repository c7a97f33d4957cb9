// The tiered layout as a diagram, on both engines' recordings of the example topology (and synthetic bands):
// hubs on top, members under their hubs, nothing overlapping, and no link drawn through a node it does not join.
import { describe, expect, it } from "vitest";
import { FIXTURE_VERSIONS, fixtureTopology } from "@/lib/testing/fixtures";
import { buildTopology } from "@/lib/topology/build";
import { toGraph } from "@/lib/topology/graph";
import type { Graph } from "@/lib/topology/model";
import { groupByTier } from "@/lib/topology/tier-groups";
import { inferTiers, type Tier } from "@/lib/topology/tiers";
import { BAND_GAP, bandPositions, type Point, ROW_H, SLOT_W, tierBands, toSegment } from "./band-layout";

const BANDS = ["tier:outside", "tier:public", "tier:internal", "tier:data"];
/** A node's disc with a margin: a link closer than this to a node's centre looks as if it joined it. */
const NODE_R = 18;

function tiered(version: (typeof FIXTURE_VERSIONS)[number], collapsed: Tier[] = []): Graph {
  const model = buildTopology(fixtureTopology(version));
  return groupByTier(
    toGraph(model),
    model,
    inferTiers(model, { labelKey: "netatlas.tier" }),
    new Set(collapsed),
  );
}

function laidOut(graph: Graph): Map<string, Point> {
  const parents = new Set(graph.nodes.flatMap((n) => (n.parent ? [n.parent] : [])));
  const leaves = graph.nodes
    .filter((n) => !parents.has(n.id))
    .map((n) => ({ id: n.id, kind: n.kind, label: n.label, band: n.parent }));
  const links = new Map<string, string[]>();
  for (const e of graph.edges) {
    links.set(e.source, [...(links.get(e.source) ?? []), e.target]);
    links.set(e.target, [...(links.get(e.target) ?? []), e.source]);
  }
  return bandPositions(tierBands(leaves, BANDS), (id) => links.get(id) ?? []);
}

describe.each(FIXTURE_VERSIONS)("the example topology recorded on Docker %s, tiered", (version) => {
  for (const collapsed of [[], ["internal"]] as Tier[][]) {
    const graph = tiered(version, collapsed);
    const at = laidOut(graph);
    const label = collapsed.length ? `with ${collapsed.join(", ")} collapsed` : "open";

    it(`places every leaf, no two on one spot (${label})`, () => {
      const points = [...at.entries()];
      expect(points.length).toBeGreaterThan(5);
      for (const [i, [a, p]] of points.entries())
        for (const [b, q] of points.slice(i + 1))
          expect(
            Math.abs(p.x - q.x) >= SLOT_W / 2 || Math.abs(p.y - q.y) >= ROW_H,
            `${a} and ${b} overlap`,
          ).toBe(true);
    });

    it(`draws no link through a node it does not join (${label})`, () => {
      for (const e of graph.edges) {
        const a = at.get(e.source);
        const b = at.get(e.target);
        if (!a || !b) continue;
        for (const [id, p] of at) {
          if (id === e.source || id === e.target) continue;
          expect(toSegment(p, a, b), `${e.description} passes through ${id}`).toBeGreaterThan(NODE_R);
        }
      }
    });
  }

  it("keeps each band's hubs on top and the bands left to right", () => {
    const graph = tiered(version);
    const at = laidOut(graph);
    const nets = graph.nodes.filter((n) => n.kind === "network");
    for (const n of nets) expect(at.get(n.id)?.y).toBe(0);
    const xOf = (name: string) => at.get(nets.find((n) => n.label === name)?.id ?? "")?.x ?? Number.NaN;
    expect(xOf("example-public")).toBeLessThan(xOf("example-internal"));
    expect(xOf("example-internal")).toBeLessThan(xOf("example-data"));
  });
});

describe("bandPositions", () => {
  const link = (pairs: Array<[string, string]>) => (id: string) =>
    pairs.flatMap(([a, b]) => (a === id ? [b] : b === id ? [a] : []));

  it("puts members under the hub they are linked to", () => {
    const at = bandPositions(
      [{ hubs: ["A", "B"], members: ["a1", "b1", "a2", "b2"] }],
      link([
        ["a1", "A"],
        ["a2", "A"],
        ["b1", "B"],
        ["b2", "B"],
      ]),
    );
    const x = (id: string) => at.get(id)?.x ?? Number.NaN;
    expect(Math.max(x("a1"), x("a2"))).toBeLessThan(Math.min(x("b1"), x("b2")));
    for (const id of ["a1", "a2", "b1", "b2"]) expect(at.get(id)?.y).toBeGreaterThan(0);
  });

  it("puts a member linked to the next band's hub on its band's right, inside the band", () => {
    const at = bandPositions(
      [
        { hubs: ["P"], members: ["left", "mid", "bridge"] },
        { hubs: ["Q"], members: [] },
      ],
      link([
        ["left", "P"],
        ["mid", "P"],
        ["bridge", "P"],
        ["bridge", "Q"],
      ]),
    );
    const x = (id: string) => at.get(id)?.x ?? Number.NaN;
    expect(x("bridge")).toBeGreaterThan(x("left"));
    expect(x("bridge")).toBeLessThan(x("Q") - BAND_GAP / 2);
  });

  it("places members linked to no hub under the members they are linked to, or in the middle", () => {
    const at = bandPositions(
      [{ hubs: ["H"], members: ["c", "iface", "lonely"] }],
      link([
        ["c", "H"],
        ["iface", "c"],
      ]),
    );
    expect(at.size).toBe(4);
    for (const p of at.values()) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
  });

  it("lays out nothing for no bands, and a band of members only", () => {
    expect(bandPositions([], () => []).size).toBe(0);
    const at = bandPositions([{ hubs: [], members: ["x", "y"] }], () => []);
    expect(at.get("x")?.y).toBe(ROW_H);
    expect(Math.abs((at.get("x")?.x ?? 0) - (at.get("y")?.x ?? 0))).toBe(SLOT_W);
  });
});
