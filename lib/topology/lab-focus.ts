// A lab step's `focus` ("container:<name>", "network:<name>", "service:<name>") as map element ids: names are
// what the lab's commands gave, the map keys elements by engine and Docker id. The edges between two focused
// elements (a focused container on a focused network) are focused too, so the point is drawn as one piece.
import { elementId, type TopologyModel } from "./model";

export interface ResolvedFocus {
  ids: string[];
  /** References nothing on the map answers to (not made yet, or removed): said, not silently dropped. */
  missing: string[];
}

/** `engines`: where the lab runs (its objects are looked for there only); empty or absent: everywhere. */
export function resolveFocus(model: TopologyModel, focus: string[], engines: string[] = []): ResolvedFocus {
  const onEngine = (engine: string) => engines.length === 0 || engines.includes(engine);
  const ids: string[] = [];
  const missing: string[] = [];
  const containers = new Set<string>();
  const networks = new Set<string>();
  for (const ref of focus) {
    const colon = ref.indexOf(":");
    const kind = ref.slice(0, colon);
    const name = ref.slice(colon + 1);
    const found: string[] = [];
    if (kind === "container") {
      for (const c of model.containers)
        if (c.name.replace(/^\//, "") === name && onEngine(c.engine)) {
          found.push(elementId.container(c.engine, c.id));
          containers.add(`${c.engine}/${c.id}`);
        }
    } else if (kind === "network") {
      for (const n of model.networks)
        if (n.name === name && onEngine(n.engine)) {
          found.push(elementId.network(n.engine, n.id));
          networks.add(`${n.engine}/${n.id}`);
        }
    } else if (kind === "service") {
      for (const s of model.services) if (s.name === name) found.push(elementId.service(s.cluster, s.id));
    }
    if (found.length) ids.push(...found);
    else missing.push(ref);
  }
  for (const e of model.endpoints)
    if (containers.has(`${e.engine}/${e.containerId}`) && networks.has(`${e.engine}/${e.networkId}`))
      ids.push(elementId.endpoint(e.engine, e.networkId, e.containerId));
  return { ids: [...new Set(ids)], missing };
}
