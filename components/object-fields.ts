// The facts shown for each kind of object, in one place for the map's panel and the detail pages.
import { isDefaultBridge } from "@/lib/analysis/stacks";
import type { FeedStatus } from "@/lib/api/live";
import type { ContainerDto, EndpointDto, EngineDto, NetworkDto } from "@/lib/api/types";
import { formatPort } from "@/lib/topology/format";
import { ago, lagText } from "./engines/engine-health";
import type { FieldValue } from "./Fields";
import { gatewayText } from "./gateway-text";

type FieldList = Array<[string, FieldValue]>;

/** `endpoints`: the network's, for the gateway Docker chose when the IPAM config names none. */
export function networkFields(n: NetworkDto, endpoints: EndpointDto[] = []): FieldList {
  return [
    ["Name", n.name],
    ["ID", n.id],
    ["Engine", n.engine],
    ["Driver", n.driver],
    ["Scope", n.scope],
    ["Internal", n.internal],
    ["Attachable", n.attachable],
    ["Ingress", n.ingress],
    ["IPv6", n.enableIPv6],
    ["Config only", n.configOnly],
    ["Config from", n.configFrom],
    ["IPAM driver", n.ipam.driver],
    ...n.ipam.config.flatMap((c, i): FieldList => {
      const tag = n.ipam.config.length > 1 ? ` ${i + 1}` : "";
      return [
        [`Subnet${tag}`, c.subnet],
        [`Gateway${tag}`, gatewayText(c, endpoints)],
        [`IP range${tag}`, c.ipRange],
        [`Aux addresses${tag}`, c.auxAddresses],
      ];
    }),
    ["IPAM options", n.ipam.options],
    ["Options", n.options],
    ["Labels", n.labels],
    ["Created", n.createdAt],
    ["Docker's own", n.system],
  ];
}

export function containerFields(c: ContainerDto): FieldList {
  return [
    ["Name", c.name],
    ["ID", c.id],
    ["Engine", c.engine],
    ["Image", c.image],
    ["State", c.state],
    ["Status", c.status],
    ["Network mode", c.networkMode],
    ["Shares stack of", c.sharesNetworkWith],
    ["Hostname", c.hostname],
    ["Ports", c.ports.map(formatPort)],
    ["DNS servers (--dns)", c.dns.servers],
    ["DNS search", c.dns.search],
    ["DNS options", c.dns.options],
    ["Extra hosts", c.extraHosts.map((h) => `${h.name} → ${h.address}`)],
    ["Legacy links", c.links.map((l) => `${l.container} as ${l.alias}`)],
    ["Privileged", c.privileged],
    ["Capabilities added", c.capAdd],
    ["Labels", c.labels],
    ["Created", c.createdAt],
    ["Started", c.startedAt],
  ];
}

/** An endpoint's DNS names: Docker reports none on the default bridge because it has no embedded DNS. */
export function dnsNamesField(e: EndpointDto, network: NetworkDto | undefined): FieldValue {
  if (network && isDefaultBridge(network))
    return "none: the default bridge has no embedded DNS (use a user-defined network for names)";
  return e.dnsNames ?? "not reported by this engine's API (before 1.44): see the network's DNS names";
}

export function endpointFields(e: EndpointDto, network?: NetworkDto): FieldList {
  return [
    ["Network", e.networkName],
    ["Endpoint ID", e.id],
    ["IPv4 address", e.ipv4Address],
    ["IPv6 address", e.ipv6Address],
    ["MAC address", e.macAddress],
    ["Gateway", e.gateway],
    ["IPv6 gateway", e.ipv6Gateway],
    ["Aliases", e.aliases],
    ["DNS names", dnsNamesField(e, network)],
    ["Static IPv4", e.ipamConfig?.ipv4Address],
    ["Static IPv6", e.ipamConfig?.ipv6Address],
    ["Link-local IPs", e.ipamConfig?.linkLocalIps],
    ["Links", e.links],
  ];
}

/** The live feed's view of an engine: up or down since when, its last event, how far behind Docker we are. */
export function engineHealthFields(feed: FeedStatus, now: number): FieldList {
  const since = `${new Date(feed.since).toLocaleTimeString()} (${ago(feed.since, now)})`;
  return [
    [
      "Health",
      feed.state === "live"
        ? `up since ${since}`
        : feed.state === "down"
          ? `down since ${since}`
          : "connecting",
    ],
    ["Last event", ago(feed.lastEventAt, now) ?? "none yet"],
    ["Events lag", lagText(feed.lagMs)],
    ["Stream reconnects", String(feed.reconnects)],
  ];
}

export function engineFields(e: EngineDto): FieldList {
  return [
    ["Engine", e.id],
    ["Address", e.host],
    ["Status", e.status],
    ["Hostname", e.hostname],
    ["Docker version", e.version],
    ["API version used", e.apiVersion],
    ["Engine's API version", e.engineApiVersion],
    ["OS / arch", e.os ? `${e.os}/${e.arch}` : null],
    ["Kernel", e.kernelVersion],
    ["Swarm", e.swarm ? `${e.swarm.state}${e.swarm.isManager ? " (manager)" : ""}` : null],
    ["Error", e.error?.message],
  ];
}
