// Can A reach B? For an ordered pair (a container, or the outside), every way A can try (reach-rules.ts), the
// answer for the pair (the best way), the names A can use for B (dns.ts), the reasons in words and their fixes
// (reach-text.ts), and the map elements along the way. `pairVerdict` answers the same question without words,
// for the matrix. Pure.
import type { NameAnswerDto, PartyDto, ReachPairDto, ReachRouteDto, Verdict } from "@/lib/api/reach";
import type { ContainerDto } from "@/lib/api/types";
import { endpointChain } from "@/lib/topology/linux-layer";
import { elementId } from "@/lib/topology/model";
import { hostsFile, namesFrom } from "./dns";
import {
  better,
  directRoute,
  hostRoute,
  inboundRoute,
  outsideRoute,
  type Probe,
  publishedRoute,
  publishedVerdict,
  type RouteCore,
  vipRoute,
  type Why,
} from "./reach-rules";
import { reasonText, type TextContext } from "./reach-text";
import {
  type AnalysisIndex,
  type Attachment,
  isDefaultBridge,
  isPluggedIn,
  isRunning,
  type Stack,
  sharesNetwork,
} from "./stacks";

export type Party = ContainerDto | "outside";

interface PairCore {
  verdict: Verdict;
  routes: RouteCore[];
  /** About the pair as a whole (a side stopped, paused, on none, sharing a stack). */
  why: Why[];
}

const SWARM_SERVICE_ID = "com.docker.swarm.service.id";

const publishedCache = new WeakMap<ContainerDto, ContainerDto["ports"]>();

/** One published port per host port: Docker lists the 0.0.0.0 and :: bindings of a port separately. */
function published(c: ContainerDto): ContainerDto["ports"] {
  const known = publishedCache.get(c);
  if (known) return known;
  const seen = new Set<string>();
  const ports = c.ports.filter((p) => {
    if (p.hostPort === null) return false;
    const k = `${p.hostIp === "::" ? "0.0.0.0" : (p.hostIp ?? "0.0.0.0")}:${p.hostPort}/${p.protocol}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  publishedCache.set(c, ports);
  return ports;
}

/** Why a side cannot take part at all, or null. */
function sideProblem(s: Stack, side: "from" | "to"): Why | null {
  const c = s.container;
  if (c.state === "paused" && side === "from") return { code: "paused", blocks: true, data: { side } };
  if (!isPluggedIn(c))
    return {
      code: "not-running",
      blocks: true,
      // Stopped with the container whose stack it shares: that one must start first.
      data: {
        side,
        state: c.state,
        ...(s.owner !== c && !isPluggedIn(s.owner) ? { owner: s.owner.name } : {}),
      },
    };
  if (s.mode === "missing")
    return {
      code: "not-running",
      blocks: true,
      data: { side, state: "without the container whose stack it shares" },
    };
  if (s.owner !== c && !isPluggedIn(s.owner))
    return {
      code: "not-running",
      blocks: true,
      data: {
        side,
        state: `on the stack of ${s.owner.name}, which is ${s.owner.state}`,
        owner: s.owner.name,
      },
    };
  if (s.mode === "none") return { code: "network-none", blocks: true, data: { side } };
  return null;
}

function aggregate(routes: RouteCore[]): Verdict {
  let v: Verdict = "no";
  for (const r of routes) v = better(v, r.verdict);
  return v;
}

/** The service VIPs a task container B can be reached by: (service, its VIP on each network). */
function vipsOf(ix: AnalysisIndex, b: ContainerDto) {
  const serviceId = b.labels[SWARM_SERVICE_ID];
  const service = serviceId ? ix.model.services.find((s) => s.id === serviceId) : undefined;
  if (!service || service.endpointMode === "dnsrr") return [];
  return service.vips.flatMap((v) => {
    const network = ix.model.networks.find((n) => n.id === v.networkId && !n.ingress);
    return network ? [{ service, vip: { network, address: v.address.split("/")[0] ?? v.address } }] : [];
  });
}

/**
 * Every way A can try to reach B, handed to `take` one by one until it answers true (the matrix stops at the first
 * that works). `verdictOnly`: B's addresses on networks A is not on are left out: they can only say "no", which the
 * pair's verdict is anyway when nothing else works (the matrix asks this for every pair, most of which share nothing).
 */
function eachRoute(
  ix: AnalysisIndex,
  sa: Stack,
  sb: Stack,
  take: (r: RouteCore) => boolean,
  probe?: Probe,
  verdictOnly = false,
): void {
  if (sb.mode === "host") {
    if (take(hostRoute(ix, sa, sb.owner.engine, probe))) return;
  } else {
    for (const t of sb.attachments)
      if (!verdictOnly || sa.mode !== "own" || sharesNetwork(sa, t))
        if (take(directRoute(ix, sa, t, probe))) return;
  }
  for (const port of published(sb.owner))
    if (take((verdictOnly ? publishedVerdict : publishedRoute)(ix, sa, sb, port, probe))) return;
  for (const { service, vip } of vipsOf(ix, sb.owner))
    if (take(vipRoute(ix, sa, service, vip, probe))) return;
}

const LOOPBACK: Omit<RouteCore, "why"> = {
  kind: "loopback",
  network: null,
  fromAtt: null,
  toAtt: null,
  from: "127.0.0.1",
  to: "127.0.0.1",
  port: null,
  verdict: "yes",
};

/**
 * The pair's verdict alone, from the same rules as containerPair, keeping nothing but the best answer so far (the
 * matrix asks it for every pair, and must not build the words and routes it throws away).
 */
function verdictOnly(ix: AnalysisIndex, sa: Stack, sb: Stack, probe?: Probe): Verdict {
  if (sideProblem(sa, "from") ?? sideProblem(sb, "to")) return "no";
  const paused = !isRunning(sb.container) || !isRunning(sb.owner);
  let best: Verdict = "no";
  const sameStack =
    sa.owner === sb.owner ||
    (sa.mode === "host" && sb.mode === "host" && sa.container.engine === sb.container.engine);
  if (sameStack) best = "yes";
  else
    eachRoute(
      ix,
      sa,
      sb,
      (r) => {
        best = better(best, r.verdict);
        return best === "yes";
      },
      probe,
      true,
    );
  // A paused B: the kernel answers ping and TCP handshakes; the programs answer nothing.
  return paused && !probe && best === "yes" ? "partial" : best;
}

/** Every route from container A to container B (only up to the first that works, when `early`), and the verdict. */
function containerPair(
  ix: AnalysisIndex,
  A: ContainerDto,
  B: ContainerDto,
  probe?: Probe,
  early = false,
): PairCore {
  const sa = ix.stack(A);
  const sb = ix.stack(B);
  if (early) return { verdict: verdictOnly(ix, sa, sb, probe), routes: [], why: [] };
  const why: Why[] = [];
  if (A.sharesNetworkWith && sa.owner !== A)
    why.push({ code: "shares-stack", blocks: false, data: { side: "from", owner: sa.owner.name } });
  if (B.sharesNetworkWith && sb.owner !== B)
    why.push({ code: "shares-stack", blocks: false, data: { side: "to", owner: sb.owner.name } });
  const problem = sideProblem(sa, "from") ?? sideProblem(sb, "to");
  if (problem) return { verdict: "no", routes: [], why: [...why, problem] };
  const paused = !isRunning(sb.container) || !isRunning(sb.owner);
  const sameStack =
    sa.owner === sb.owner || (sa.mode === "host" && sb.mode === "host" && A.engine === B.engine);
  const routes: RouteCore[] = [];
  if (sameStack) routes.push({ ...LOOPBACK, why: [{ code: "same-stack", blocks: false }] });
  else
    eachRoute(
      ix,
      sa,
      sb,
      (r) => {
        routes.push(r);
        return early && r.verdict === "yes";
      },
      probe,
      early,
    );
  // A paused B: the kernel answers ping and TCP handshakes; the programs answer nothing.
  if (paused) {
    why.push({ code: "paused", blocks: false, data: { side: "to" } });
    if (!probe) for (const r of routes) if (r.verdict === "yes") r.verdict = "partial";
  }
  if (routes.length === 0)
    return { verdict: "no", routes, why: [...why, { code: "no-shared-network", blocks: true }] };
  return { verdict: aggregate(routes), routes, why };
}

/**
 * The swarm's routing mesh: a service publishing in ingress mode answers on that port of every node, balanced by
 * IPVS over its tasks (B among them). Without IPVS on a node, its ingress accepts nothing.
 */
function meshRoutes(ix: AnalysisIndex, b: ContainerDto): RouteCore[] {
  const service = ix.model.services.find((s) => s.id === b.labels[SWARM_SERVICE_ID]);
  if (!service) return [];
  const ingress = ix.model.networks.find((n) => n.ingress && n.engine === b.engine) ?? null;
  return service.ports
    .filter((p) => p.publishMode === "ingress" && p.publishedPort !== null)
    .map((p): RouteCore => {
      const ipvs = ix.facts(b.engine)?.ipvs ?? null;
      const verdict: Verdict = ipvs === false ? "no" : ipvs === null ? "unknown" : "yes";
      const data = { service: service.name };
      return {
        kind: "published",
        network: ingress,
        fromAtt: null,
        toAtt: null,
        from: null,
        to: `every node:${p.publishedPort}`,
        port: { number: p.publishedPort ?? 0, protocol: p.protocol },
        verdict,
        why:
          verdict === "yes"
            ? [{ code: "service-vip", blocks: false, data: { ...data, tasks: "mesh" } }]
            : verdict === "no"
              ? [{ code: "ipvs-missing", blocks: true, data }]
              : [
                  {
                    code: "firewall-unknown",
                    blocks: true,
                    data: { why: "whether this host's kernel has IPVS could not be read" },
                  },
                ],
      };
    });
}

function outsideTo(ix: AnalysisIndex, B: ContainerDto, probe?: Probe): PairCore {
  const sb = ix.stack(B);
  const problem = sideProblem(sb, "to");
  if (problem) return { verdict: "no", routes: [], why: [problem] };
  if (sb.mode === "host")
    return {
      verdict: "yes",
      routes: [
        {
          kind: "host",
          network: null,
          fromAtt: null,
          toAtt: null,
          from: null,
          to: "the host's addresses",
          port: null,
          verdict: "yes",
          why: [
            { code: "host-stack", blocks: false, data: { side: "to", address: "every address of the host" } },
          ],
        },
      ],
      why: [],
    };
  const routes = published(sb.owner).map((p) => inboundRoute(ix, sb, p, probe));
  for (const r of meshRoutes(ix, sb.owner)) routes.push(r);
  for (const a of sb.attachments)
    if (a.network.driver === "macvlan" || a.network.driver === "ipvlan")
      routes.push({
        kind: "outside",
        network: a.network,
        fromAtt: null,
        toAtt: a,
        from: null,
        to: a.ipv4 ?? a.ipv6 ?? "",
        port: null,
        verdict: "yes",
        why: [{ code: "macvlan-host", blocks: false, data: { outside: "yes" } }],
      });
  if (routes.length === 0)
    return {
      verdict: "no",
      routes,
      why: [{ code: "not-published", blocks: true }],
    };
  return { verdict: aggregate(routes), routes, why: [] };
}

function toOutside(ix: AnalysisIndex, A: ContainerDto, dest: string | null, probe?: Probe): PairCore {
  const sa = ix.stack(A);
  const problem = sideProblem(sa, "from");
  if (problem) return { verdict: "no", routes: [], why: [problem] };
  const r = outsideRoute(ix, sa, dest, probe);
  return { verdict: r.verdict, routes: [r], why: [] };
}

function core(
  ix: AnalysisIndex,
  from: Party,
  to: Party,
  probe?: Probe,
  dest: string | null = null,
  early = false,
): PairCore {
  if (from === "outside" && to === "outside") return { verdict: "yes", routes: [], why: [] };
  if (from === "outside") return outsideTo(ix, to as ContainerDto, probe);
  if (to === "outside") return toOutside(ix, from, dest, probe);
  return containerPair(ix, from, to, probe, early);
}

/** The verdict alone (the matrix's cells), stopping at the first way that works. */
export function pairVerdict(
  ix: AnalysisIndex,
  from: Party,
  to: Party,
  probe?: Probe,
  dest: string | null = null,
): Verdict {
  return core(ix, from, to, probe, dest, true).verdict;
}

/** Every route's verdict for one probe: the integration test compares each with a real packet. */
export function probeRoutes(
  ix: AnalysisIndex,
  from: Party,
  to: Party,
  probe: Probe,
  dest: string | null = null,
): RouteCore[] {
  return core(ix, from, to, probe, dest).routes;
}

// --- the pair in words ----------------------------------------------------------------------------

function party(p: Party): PartyDto {
  return p === "outside"
    ? { kind: "outside" }
    : { kind: "container", engine: p.engine, id: p.id, name: p.name };
}

/** The map elements of one container's attachment: its node, the endpoint edge, the network (both views). */
function sideOf(c: ContainerDto, owner: ContainerDto, a: Attachment | null): string[] {
  const ids = [elementId.container(c.engine, c.id)];
  if (owner !== c)
    ids.push(elementId.sharesStack(c.engine, c.id), elementId.container(owner.engine, owner.id));
  if (a) {
    ids.push(
      elementId.endpoint(a.network.engine, a.network.id, owner.id),
      elementId.network(a.network.engine, a.network.id),
      ...endpointChain(a.network.engine, a.network.id, owner.id),
    );
  }
  return ids;
}

function routePath(ix: AnalysisIndex, r: RouteCore, A: Party, B: Party): string[] {
  const ids: string[] = [];
  if (A !== "outside") ids.push(...sideOf(A, ix.stack(A).owner, r.fromAtt));
  else ids.push(elementId.outside());
  if (r.fromAtt && r.toAtt && r.fromAtt.network.engine !== r.toAtt.network.engine) {
    ids.push(
      elementId.tunnel(
        r.fromAtt.network.id,
        elementId.engine(r.fromAtt.network.engine),
        elementId.engine(r.toAtt.network.engine),
      ),
    );
  }
  if (r.kind === "host" && B !== "outside") {
    const host = ix.model.networks.find((n) => n.engine === B.engine && n.driver === "host");
    const owner = ix.stack(B).owner;
    ids.push(elementId.engine(B.engine));
    if (host) ids.push(elementId.network(B.engine, host.id), elementId.endpoint(B.engine, host.id, owner.id));
  }
  if (r.kind === "vip" && B !== "outside") {
    const service = ix.model.services.find((s) => s.id === B.labels[SWARM_SERVICE_ID]);
    if (service) ids.push(elementId.service(service.cluster, service.id));
  }
  if (B !== "outside") ids.push(...sideOf(B, ix.stack(B).owner, r.toAtt));
  else ids.push(elementId.outside());
  return [...new Set(ids)];
}

/** What each side has when nothing joins them: both ends and all their networks, so the gap shows. */
function sidesPath(ix: AnalysisIndex, A: Party, B: Party): string[] {
  const ids: string[] = [];
  for (const p of [A, B]) {
    if (p === "outside") {
      ids.push(elementId.outside());
      continue;
    }
    const s = ix.stack(p);
    ids.push(...sideOf(p, s.owner, null));
    for (const a of s.attachments) ids.push(...sideOf(p, s.owner, a));
  }
  return [...new Set(ids)];
}

/** The names A can use that lead to B (B's addresses), from DNS and /etc/hosts. */
function namesFor(ix: AnalysisIndex, A: ContainerDto, B: ContainerDto): NameAnswerDto[] {
  const sb = ix.stack(B);
  const addresses = new Set(sb.attachments.flatMap((a) => [a.ipv4, a.ipv6]).filter(Boolean));
  if (addresses.size === 0) return [];
  const names = [...namesFrom(ix, A), ...hostsFile(ix, A)];
  const seen = new Set<string>();
  return names.filter((n) => {
    const k = `${n.via}/${n.name}`;
    if (seen.has(k) || !n.addresses.some((x) => addresses.has(x))) return false;
    seen.add(k);
    return true;
  });
}

/** A network A could join to get out (for the fix of an internal-only container). */
function outwardNetwork(ix: AnalysisIndex, engine: string) {
  return (
    ix.model.networks.find((n) => n.engine === engine && n.driver === "bridge" && !n.internal && !n.system) ??
    ix.model.networks.find((n) => n.engine === engine && n.driver === "bridge" && isDefaultBridge(n)) ??
    null
  );
}

const VERB: Record<Verdict, string> = {
  yes: "reaches",
  partial: "reaches, only in part,",
  unknown: "may or may not reach",
  no: "cannot reach",
};

function label(p: Party): string {
  return p === "outside" ? "the outside" : p.name;
}

/** The whole answer for one pair, in words, with its routes, names, fixes and the path to highlight. */
export function reachPair(
  ix: AnalysisIndex,
  from: Party,
  to: Party,
  dest: string | null = null,
): ReachPairDto {
  const c = core(ix, from, to, undefined, dest);
  const A = from === "outside" ? null : from;
  const B = to === "outside" ? null : to;
  const ctxFor = (r: RouteCore | null): TextContext => ({
    a: A ? ix.stack(A).owner : null,
    b: B ? ix.stack(B).owner : null,
    network: r?.network ?? r?.toAtt?.network ?? null,
    aName: label(from),
    bName: label(to),
    outward: A ? outwardNetwork(ix, A.engine) : null,
    landing: r?.toAtt?.network ?? null,
  });
  const routes: ReachRouteDto[] = c.routes.map((r) => ({
    kind: r.kind,
    network: r.network
      ? { engine: r.network.engine, id: r.network.id, name: r.network.name, driver: r.network.driver }
      : null,
    from: r.from,
    to: r.to,
    port: r.port,
    verdict: r.verdict,
    reasons: r.why.map((w) => reasonText(w, ctxFor(r))),
    path: routePath(ix, r, from, to),
  }));
  const pairWhy = [...c.why];
  const names = A && B ? namesFor(ix, A, B) : [];
  // Both on the default bridge and nowhere else together: by IP only.
  if (A && B && c.verdict !== "no") {
    const shared = c.routes.filter((r) => r.kind === "network" && r.fromAtt && r.verdict !== "no");
    if (shared.length > 0 && shared.every((r) => r.fromAtt && isDefaultBridge(r.fromAtt.network)))
      pairWhy.push({
        code: "default-bridge-dns",
        blocks: false,
        data: { link: names.find((n) => n.kind === "link")?.name ?? "" },
      });
  }
  const reasons = pairWhy.map((w) => reasonText(w, ctxFor(null)));
  const best = routes.find((r) => r.verdict === c.verdict) ?? null;
  // Fixes for a pair that already works would be noise (the other ways it has are listed with their reasons).
  const fixes = (c.verdict === "yes" ? [] : [...reasons, ...routes.flatMap((r) => r.reasons)])
    .filter((r) => r.blocks && r.fix)
    .map((r) => r.fix as NonNullable<typeof r.fix>);
  const uniqueFixes = fixes.filter((f, i) => fixes.findIndex((g) => g.command === f.command) === i);
  const firstBlock = [...reasons, ...routes.flatMap((r) => r.reasons)].find((r) => r.blocks);
  const via =
    best && c.verdict !== "no" ? ` at ${best.to}${best.network ? ` over ${best.network.name}` : ""}` : "";
  const byName = names.length
    ? `; by name: ${names
        .slice(0, 4)
        .map((n) => n.name)
        .join(", ")}${names.length > 4 ? "…" : ""}`
    : "";
  const because = c.verdict !== "yes" && firstBlock ? `: ${firstBlock.text}` : "";
  return {
    from: party(from),
    to: party(to),
    verdict: c.verdict,
    summary: `${label(from)} ${VERB[c.verdict]} ${label(to)}${via}${byName}${because}`,
    routes,
    names,
    reasons,
    fixes: uniqueFixes,
    path: best && c.verdict !== "no" ? best.path : sidesPath(ix, from, to),
  };
}
