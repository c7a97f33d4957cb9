// Search on the map: every container and network by what a person may type (name, alias, DNS name, hostname, IP,
// MAC, subnet, label), each hit with the element to focus and the text that matched. Pure.
import { withoutPrefix } from "./format";
import { elementId, type TopologyModel } from "./model";

export interface SearchHit {
  elementId: string;
  kind: "container" | "network" | "service";
  name: string;
  /** What matched, e.g. "alias backend", "IPv4 172.20.0.3". */
  matched: string;
}

interface Entry {
  elementId: string;
  kind: SearchHit["kind"];
  name: string;
  terms: Array<[string, string]>;
}

/** Searchable terms of every element, built once per model. */
export function searchIndex(model: TopologyModel): Entry[] {
  const entries: Entry[] = [];
  // Each container's endpoints, found once (not every endpoint for every container: 1,000 × 1,350 at scale).
  const endpointsOf = new Map<string, typeof model.endpoints>();
  for (const e of model.endpoints) {
    const k = `${e.engine}/${e.containerId}`;
    const list = endpointsOf.get(k);
    if (list) list.push(e);
    else endpointsOf.set(k, [e]);
  }
  for (const c of model.containers) {
    const terms: Array<[string, string]> = [
      ["name", c.name],
      ["hostname", c.hostname],
      ["id", c.id.slice(0, 12)],
      ["image", c.image],
    ];
    for (const e of endpointsOf.get(`${c.engine}/${c.id}`) ?? []) {
      for (const a of e.aliases ?? []) terms.push(["alias", a]);
      for (const d of e.dnsNames ?? []) terms.push(["DNS name", d]);
      const v4 = withoutPrefix(e.ipv4Address);
      const v6 = withoutPrefix(e.ipv6Address);
      if (v4) terms.push(["IPv4", v4]);
      if (v6) terms.push(["IPv6", v6]);
      if (e.macAddress) terms.push(["MAC", e.macAddress]);
    }
    for (const [k, v] of Object.entries(c.labels)) terms.push(["label", `${k}=${v}`]);
    entries.push({ elementId: elementId.container(c.engine, c.id), kind: "container", name: c.name, terms });
  }
  for (const n of model.networks) {
    const terms: Array<[string, string]> = [
      ["name", n.name],
      ["id", n.id.slice(0, 12)],
      ["driver", n.driver],
    ];
    for (const p of n.ipam.config) {
      if (p.subnet) terms.push(["subnet", p.subnet]);
      if (p.gateway) terms.push(["gateway", p.gateway]);
    }
    for (const [k, v] of Object.entries(n.labels)) terms.push(["label", `${k}=${v}`]);
    entries.push({ elementId: elementId.network(n.engine, n.id), kind: "network", name: n.name, terms });
  }
  for (const s of model.services)
    entries.push({
      elementId: elementId.service(s.cluster, s.id),
      kind: "service",
      name: s.name,
      terms: [
        ["service", s.name],
        ...s.vips.map((v): [string, string] => ["VIP", withoutPrefix(v.address) ?? v.address]),
      ],
    });
  return entries;
}

/** Hits for `query` (case-insensitive; an exact match ranks first), at most `limit`. */
export function search(index: Entry[], query: string, limit = 12): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: Array<SearchHit & { rank: number }> = [];
  for (const e of index) {
    let best: { rank: number; matched: string } | null = null;
    for (const [what, value] of e.terms) {
      const v = value.toLowerCase();
      const at = v.indexOf(q);
      if (at < 0) continue;
      const rank = v === q ? 0 : at === 0 ? 1 : 2;
      if (!best || rank < best.rank) best = { rank, matched: `${what} ${value}` };
    }
    if (best)
      hits.push({
        elementId: e.elementId,
        kind: e.kind,
        name: e.name,
        matched: best.matched,
        rank: best.rank,
      });
  }
  return hits
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ rank: _rank, ...hit }) => hit);
}
