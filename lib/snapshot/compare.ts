// What changed between two snapshots: the live store's own diff (diffTopology: added, removed, changed, by the
// stable keys of delta.ts), each told in the timeline's sentence where it has one, with every changed field
// listed (before → after). Pure.
import type { Delta, DeltaKind } from "@/lib/api/live";
import type { TopologyDto } from "@/lib/api/types";
import { deltaKey, diffTopology } from "@/lib/topology/delta";
import { describeDeltas } from "@/lib/topology/timeline";

export interface FieldChange {
  /** Dotted path into the object: "ipam.config.0.subnet", "labels.tier". */
  field: string;
  /** JSON text of the value; null when the field is absent on that side. */
  before: string | null;
  after: string | null;
}

export interface ChangeRow {
  kind: DeltaKind;
  op: Delta["op"];
  key: string;
  /** What a person calls it: a network's or container's name, "web on front" for an endpoint. */
  name: string;
  /** The timeline's sentence, when it has one ("web joined front as 10.0.0.3"). */
  sentence: string | null;
  fields: FieldChange[];
}

/** Fields that move with the clock, not with the topology: "Up 3 minutes" becomes "Up 5 minutes". */
const CLOCK_FIELDS: Partial<Record<DeltaKind, Set<string>>> = { container: new Set(["status"]) };

function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (value && typeof value === "object") {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    if (entries.length === 0) out.set(path, JSON.stringify(value));
    for (const [k, v] of entries) flatten(v, path ? `${path}.${k}` : k, out);
    return;
  }
  out.set(path, JSON.stringify(value));
}

export function fieldChanges(kind: DeltaKind, before: unknown, after: unknown): FieldChange[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before, "", a);
  flatten(after, "", b);
  const skip = CLOCK_FIELDS[kind];
  const fields = [...new Set([...a.keys(), ...b.keys()])].filter((f) => !skip?.has(f)).sort();
  return fields
    .filter((f) => a.get(f) !== b.get(f))
    .map((f) => ({ field: f, before: a.get(f) ?? null, after: b.get(f) ?? null }));
}

const LISTS = {
  engine: "engines",
  network: "networks",
  container: "containers",
  endpoint: "endpoints",
  node: "nodes",
  service: "services",
  task: "tasks",
} as const;

function find(t: TopologyDto, kind: DeltaKind, key: string): unknown {
  const keyOf = deltaKey[kind] as (v: unknown) => string;
  return (t[LISTS[kind]] as unknown[]).find((v) => keyOf(v) === key);
}

function nameOf(kind: DeltaKind, value: unknown, t: TopologyDto): string {
  const v = value as Record<string, unknown>;
  if (kind === "endpoint") {
    const c = t.containers.find((x) => x.engine === v.engine && x.id === v.containerId);
    return `${c?.name ?? String(v.containerId).slice(0, 12)} on ${String(v.networkName)}`;
  }
  if (kind === "engine") return String(v.id);
  if (kind === "node") return String(v.hostname);
  if (kind === "task") return String(v.id).slice(0, 12);
  return String(v.name);
}

/** Every difference from `before` to `after`, removals first, then additions and changes (diffTopology's order). */
export function compareTopologies(before: TopologyDto, after: TopologyDto): ChangeRow[] {
  const deltas = diffTopology(before, after);
  const sentences = new Map(
    describeDeltas(deltas, before, after, 0, "").map((e) => [Number(e.id.split(".")[1]), e.text]),
  );
  const rows: ChangeRow[] = [];
  deltas.forEach((delta, i) => {
    const old = find(before, delta.kind, delta.key);
    const now = delta.op === "remove" ? undefined : delta.value;
    const fields = delta.op === "change" ? fieldChanges(delta.kind, old, now) : [];
    // A change only in fields that follow the clock is no change.
    if (delta.op === "change" && fields.length === 0) return;
    rows.push({
      kind: delta.kind,
      op: delta.op,
      key: delta.key,
      name: nameOf(delta.kind, now ?? old, delta.op === "remove" ? before : after),
      sentence: sentences.get(i) ?? null,
      fields,
    });
  });
  return rows;
}
