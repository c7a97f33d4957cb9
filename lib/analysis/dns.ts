// Names: what Docker's embedded DNS (127.0.0.11) answers on each network, and what a name gives from inside a
// given container. Rules, as libnetwork applies them and as the integration test checks them with nslookup:
// - only user-defined networks have it (not the default bridge, host or none);
// - a container is known on each network by its name, its aliases (or, API 1.44+, exactly its DNSNames: name,
//   aliases, short id, hostname), while it runs (or is paused);
// - a swarm service by its name (its VIP on that network, or every task with --endpoint-mode dnsrr), its tasks
//   as tasks.<service> and by task name;
// - from a container, its networks are asked in Docker's order (dockerOrder) and the first that knows the name
//   answers with every address it holds for it (several: round-robin); "name.network" asks that network only;
//   a legacy --link alias on a user network answers for the linking container only;
// - /etc/hosts holds --add-host entries and, on the default bridge, legacy links (libc reads it first; nslookup
//   does not). Pure.
import type {
  ContainerDnsDto,
  DnsRecordDto,
  NameAnswerDto,
  NetworkDnsDto,
  ResolverDto,
} from "@/lib/api/reach";
import type { ContainerDto, NetworkDto } from "@/lib/api/types";
import { withoutPrefix } from "@/lib/topology/format";
import { taskLabel } from "@/lib/topology/swarm-graph";
import { type AnalysisIndex, type Attachment, addressesOf, isDefaultBridge, key } from "./stacks";

type Member = DnsRecordDto["members"][number];
/** One network's names, lower-cased, each with who answers to it. */
type Records = Map<string, { name: string; kind: DnsRecordDto["kind"]; members: Member[] }>;

/** The swarm's ingress network routes published ports only: libnetwork adds no names to it. */
export function hasEmbeddedDns(n: NetworkDto): boolean {
  return n.driver !== "host" && n.driver !== "null" && !n.ingress && !isDefaultBridge(n);
}

export const DEFAULT_BRIDGE_DNS =
  "The default bridge has no embedded DNS: containers on it find each other only by IP address (or a legacy --link). Put them on a user-defined network instead: docker network create <name>, then docker network connect <name> <container> for each.";

function kindOf(name: string, c: ContainerDto): DnsRecordDto["kind"] {
  if (name === c.name) return "container";
  if (name.length === 12 && c.id.startsWith(name)) return "id";
  if (name === c.hostname) return "hostname";
  return "alias";
}

function add(records: Records, name: string, kind: DnsRecordDto["kind"], member: Member): void {
  const k = name.toLowerCase();
  const r = records.get(k);
  if (!r) records.set(k, { name, kind, members: [member] });
  // A task's container is known both by its endpoint and by the task: one address is one member.
  else if (!r.members.some((m) => m.address === member.address)) r.members.push(member);
}

/** Who is on a network: an overlay's members on every engine (it has the same id everywhere). */
function attachmentsOn(
  ix: AnalysisIndex,
  n: NetworkDto,
): Array<{ container: ContainerDto; attachment: Attachment }> {
  if (n.scope !== "swarm") return ix.membersOf(n);
  return ix.model.networks.filter((m) => m.id === n.id).flatMap((m) => ix.membersOf(m));
}

const recordCache = new WeakMap<AnalysisIndex, Map<string, Records>>();

/** Every name a network's DNS answers, with its members. Empty for networks without embedded DNS. */
export function networkRecords(ix: AnalysisIndex, n: NetworkDto): Records {
  let perIndex = recordCache.get(ix);
  if (!perIndex) {
    perIndex = new Map();
    recordCache.set(ix, perIndex);
  }
  const cacheKey = n.scope === "swarm" ? `swarm/${n.id}` : key(n.engine, n.id);
  const known = perIndex.get(cacheKey);
  if (known) return known;
  const records: Records = new Map();
  perIndex.set(cacheKey, records);
  if (!hasEmbeddedDns(n)) return records;
  for (const { container, attachment } of attachmentsOn(ix, n)) {
    const e = attachment.endpoint;
    const names = e.dnsNames ?? [container.name, ...(e.aliases ?? [])];
    for (const name of names)
      for (const address of addressesOf(attachment))
        add(records, name, kindOf(name, container), {
          kind: "container",
          id: container.id,
          name: container.name,
          address,
        });
  }
  // Swarm services on this overlay: the name gives the VIP (or every task, dnsrr); tasks.<name> every task.
  for (const s of ix.model.services) {
    if (!s.networks.includes(n.id)) continue;
    const tasks = ix.model.tasks.filter((t) => t.serviceId === s.id && t.state === "running");
    const taskMembers = tasks.flatMap((t) =>
      t.addresses
        .filter((a) => a.networkId === n.id)
        .map((a) => ({
          kind: "task" as const,
          id: t.id,
          name: taskLabel(s.name, t),
          address: withoutPrefix(a.address) ?? a.address,
        })),
    );
    for (const m of taskMembers) add(records, `tasks.${s.name}`, "tasks", m);
    for (const t of tasks) {
      const taskName = `${s.name}.${t.slot ?? t.nodeId}.${t.id}`;
      for (const a of t.addresses.filter((x) => x.networkId === n.id))
        add(records, taskName, "task", {
          kind: "task",
          id: t.id,
          name: taskName,
          address: withoutPrefix(a.address) ?? a.address,
        });
    }
    if (s.endpointMode === "dnsrr") {
      for (const m of taskMembers) add(records, s.name, "service", m);
    } else {
      const vip = s.vips.find((v) => v.networkId === n.id);
      if (vip)
        add(records, s.name, "service", {
          kind: "vip",
          id: s.id,
          name: `${s.name} (VIP)`,
          address: withoutPrefix(vip.address) ?? vip.address,
        });
    }
  }
  return records;
}

function toRecord(r: { name: string; kind: DnsRecordDto["kind"]; members: Member[] }): DnsRecordDto {
  const addresses = [...new Set(r.members.map((m) => m.address))];
  return { name: r.name, kind: r.kind, members: r.members, addresses, roundRobin: addresses.length > 1 };
}

/** The network's DNS tab: every name and what it gives, or why there is none. */
export function networkDns(ix: AnalysisIndex, n: NetworkDto): NetworkDnsDto {
  const embedded = hasEmbeddedDns(n);
  const records = [...networkRecords(ix, n).values()]
    .map(toRecord)
    .sort((a, b) => a.name.localeCompare(b.name));
  const linkAliases = ix.membersOf(n).flatMap(({ container, attachment }) =>
    (attachment.endpoint.links ?? []).flatMap((link) => {
      const [target, alias] = link.split(":");
      const t = target ? ix.containerByName(n.engine, target.replace(/^\//, "")) : undefined;
      const on = t ? ix.attachmentsOf(t).find((a) => a.network.id === n.id) : undefined;
      return alias
        ? [
            {
              from: container.name,
              alias,
              target: t?.name ?? target ?? "",
              addresses: on ? addressesOf(on) : [],
            },
          ]
        : [];
    }),
  );
  const note = !embedded
    ? n.driver === "host"
      ? "The host network has no embedded DNS: its containers use the host's resolv.conf, where container names are unknown."
      : n.ingress
        ? "The swarm's ingress network only carries the routing mesh's published ports: Docker adds no names to it. Services and their tasks have names on their own overlays."
        : n.driver === "null"
          ? "--network none: no network, no names."
          : DEFAULT_BRIDGE_DNS
    : records.length === 0
      ? "Docker's embedded DNS answers here, but no running container or service is on this network yet."
      : `Docker's embedded DNS (127.0.0.11 inside each container) answers these names to containers on ${n.name}. A name that gives several addresses hands them out in turn (round-robin).`;
  return {
    network: { engine: n.engine, id: n.id, name: n.name, driver: n.driver },
    embedded,
    note,
    records,
    linkAliases,
  };
}

function answer(
  r: { name: string; kind: DnsRecordDto["kind"]; members: Member[] },
  asked: string,
  network: string,
): NameAnswerDto {
  const addresses = [...new Set(r.members.map((m) => m.address))];
  return {
    name: asked,
    addresses,
    via: "dns",
    network,
    roundRobin: addresses.length > 1,
    members: r.members.map((m) => ({ name: m.name, address: m.address })),
    kind: r.kind,
  };
}

/** The link aliases (--link on a user network) a container's endpoints carry, by network id. */
function linkAnswer(ix: AnalysisIndex, a: Attachment, asked: string): NameAnswerDto | null {
  for (const link of a.endpoint.links ?? []) {
    const [target, alias] = link.split(":");
    if (!target || alias?.toLowerCase() !== asked.toLowerCase()) continue;
    const t = ix.containerByName(a.network.engine, target.replace(/^\//, ""));
    const on = t ? ix.attachmentsOf(t).find((x) => x.network.id === a.network.id) : undefined;
    if (!t || !on) continue;
    const addresses = addressesOf(on);
    return {
      name: asked,
      addresses,
      via: "dns",
      network: a.network.name,
      roundRobin: false,
      members: addresses.map((address) => ({ name: t.name, address })),
      kind: "link",
    };
  }
  return null;
}

/** The embedded-DNS networks a container asks, in Docker's order; empty when it has no embedded DNS. */
export function dnsNetworks(ix: AnalysisIndex, c: ContainerDto): Attachment[] {
  const stack = ix.stack(c);
  if (stack.mode !== "own") return [];
  return stack.attachments.filter((a) => hasEmbeddedDns(a.network));
}

/** What `nslookup <name>` inside the container gives from Docker's DNS; null when Docker's DNS does not know it. */
export function resolveFrom(ix: AnalysisIndex, c: ContainerDto, asked: string): NameAnswerDto | null {
  const nets = dnsNetworks(ix, c);
  if (nets.length === 0) return null;
  const q = asked.toLowerCase().replace(/\.$/, "");
  for (const a of nets) {
    const link = linkAnswer(ix, a, q);
    if (link) return link;
  }
  for (const a of nets) {
    const r = networkRecords(ix, a.network).get(q);
    if (r) return answer(r, asked, a.network.name);
  }
  // "name.network": the part after a dot names one of its networks.
  for (let i = q.indexOf("."); i > 0; i = q.indexOf(".", i + 1)) {
    const net = nets.find((a) => a.network.name.toLowerCase() === q.slice(i + 1));
    const r = net ? networkRecords(ix, net.network).get(q.slice(0, i)) : undefined;
    if (net && r) return answer(r, asked, net.network.name);
  }
  return null;
}

/** /etc/hosts entries Docker wrote: --add-host, and legacy links on the default bridge. */
export function hostsFile(ix: AnalysisIndex, c: ContainerDto): NameAnswerDto[] {
  const stack = ix.stack(c);
  const owner = stack.owner;
  const out: NameAnswerDto[] = owner.extraHosts.map((h) => ({
    name: h.name,
    addresses: [h.address],
    via: "hosts" as const,
    network: null,
    roundRobin: false,
    members: [{ name: `--add-host ${h.name}`, address: h.address }],
    kind: "extra-host" as const,
  }));
  for (const link of owner.links) {
    const target = ix.containerByName(owner.engine, link.container);
    const onBridge = target ? ix.attachmentsOf(target).find((a) => isDefaultBridge(a.network)) : undefined;
    if (!target || !onBridge?.ipv4) continue;
    for (const name of new Set([link.alias, target.name, target.id.slice(0, 12)]))
      out.push({
        name,
        addresses: [onBridge.ipv4],
        via: "hosts",
        network: null,
        roundRobin: false,
        members: [{ name: target.name, address: onBridge.ipv4 }],
        kind: "link",
      });
  }
  return out;
}

/** Every name a container can use and what it gives from there: Docker's DNS first network first, then /etc/hosts. */
export function namesFrom(ix: AnalysisIndex, c: ContainerDto): NameAnswerDto[] {
  const nets = dnsNetworks(ix, c);
  const seen = new Set<string>();
  const out: NameAnswerDto[] = [];
  const push = (a: NameAnswerDto) => {
    const k = `${a.via}/${a.name.toLowerCase()}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(a);
  };
  for (const a of nets)
    for (const link of a.endpoint.links ?? []) {
      const alias = link.split(":")[1];
      const found = alias ? linkAnswer(ix, a, alias) : null;
      if (found) push(found);
    }
  for (const a of nets)
    for (const r of networkRecords(ix, a.network).values()) push(answer(r, r.name, a.network.name));
  for (const a of nets)
    for (const r of networkRecords(ix, a.network).values())
      push(answer(r, `${r.name}.${a.network.name}`, a.network.name));
  for (const h of hostsFile(ix, c)) push(h);
  return out;
}

function resolver(ix: AnalysisIndex, c: ContainerDto): ResolverDto {
  const stack = ix.stack(c);
  const own = stack.owner;
  const { servers, search, options } = own.dns;
  const base = { search, options };
  if (stack.mode === "none")
    return {
      kind: "none",
      nameservers: [],
      upstream: [],
      ...base,
      text: "--network none: no network, so nothing resolves.",
    };
  if (stack.mode === "missing")
    return {
      kind: "none",
      nameservers: [],
      upstream: [],
      ...base,
      text: "It shares the network stack of a container this engine no longer has.",
    };
  const shared = own !== c ? `It shares ${own.name}'s network stack and resolver. ` : "";
  if (stack.mode === "host")
    return {
      kind: own !== c ? "shared" : "host",
      nameservers: servers.length ? servers : ["(the host's)"],
      upstream: [],
      ...base,
      text: `${shared}On the host's network stack it uses ${servers.length ? `the DNS servers given with --dns (${servers.join(", ")})` : "the host's resolv.conf"}: container names do not resolve there.`,
    };
  // From the container's configured networks, not its live attachments: a stopped one keeps its resolv.conf.
  const embedded = (ix.endpointsByContainer.get(`${own.engine}/${own.id}`) ?? []).some((e) => {
    const n = ix.network(e.engine, e.networkId);
    return n !== undefined && hasEmbeddedDns(n);
  });
  if (embedded)
    return {
      kind: own !== c ? "shared" : "embedded",
      nameservers: ["127.0.0.11"],
      upstream: servers.length ? servers : ["(the host's resolvers)"],
      ...base,
      text: `${shared}Docker's embedded DNS at 127.0.0.11 answers container and service names; other names go on to ${servers.length ? `${servers.join(", ")} (--dns)` : "the resolvers of the host's resolv.conf"}.`,
    };
  return {
    kind: own !== c ? "shared" : "host",
    nameservers: servers.length ? servers : ["(the host's)"],
    upstream: [],
    ...base,
    text: `${shared}Only on the default bridge: its resolv.conf is the host's${servers.length ? ` with --dns ${servers.join(", ")}` : ""}, so container names do not resolve. ${DEFAULT_BRIDGE_DNS}`,
  };
}

/** A container's DNS tab: its resolver setup and every name it can use. */
export function containerDns(ix: AnalysisIndex, c: ContainerDto): ContainerDnsDto {
  const stack = ix.stack(c);
  const notes: string[] = [];
  if (stack.attachments.some((a) => isDefaultBridge(a.network)) && dnsNetworks(ix, c).length > 0)
    notes.push(
      "Its default-bridge address has no DNS name: other containers reach it by name only over its user-defined networks.",
    );
  if (stack.owner.links.length)
    notes.push(
      "Legacy links (--link) are in its /etc/hosts: they keep the address the target had when this container started.",
    );
  if (stack.owner.dns.options.some((o) => /^ndots:/.test(o)) || stack.owner.dns.search.length)
    notes.push("With search domains or ndots, a short name is first tried with each search domain appended.");
  if (c.state !== "running" && c.state !== "paused")
    notes.push(`It is ${c.state}: it resolves nothing now, and no one resolves its name.`);
  return {
    container: { engine: c.engine, id: c.id, name: c.name },
    resolver: resolver(ix, c),
    names: c.state === "running" || c.state === "paused" ? namesFrom(ix, c) : [],
    notes,
  };
}
