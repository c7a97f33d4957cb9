// Our own checks of a connect, before Docker is called: static addresses that are addresses, inside one of
// the network's pools, not its gateway and not another container's (named). Pure.
import type { ConnectBody } from "@/lib/api/networks";
import type { EndpointDto, FieldProblem, NetworkDto } from "@/lib/api/types";
import { contains, formatAddress, formatPrefix, lastAddress, parseAddress, parsePrefix } from "./cidr";

const bare = (cidr: string | null) => (cidr ? cidr.split("/")[0] : null);

export function checkConnect(
  body: ConnectBody,
  network: NetworkDto,
  endpoints: EndpointDto[],
  containerName: (id: string) => string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [field, wanted, family] of [
    ["ipv4", body.ipv4, 4],
    ["ipv6", body.ipv6, 6],
  ] as const) {
    if (!wanted) continue;
    const address = parseAddress(wanted);
    if (!address || address.family !== family) {
      problems.push({ field, message: `"${wanted}" is not an IPv${family} address.` });
      continue;
    }
    const pools = network.ipam.config.flatMap((c) => {
      const p = c.subnet ? parsePrefix(c.subnet) : null;
      return p && p.family === family ? [{ prefix: p, gateway: c.gateway }] : [];
    });
    if (pools.length === 0) {
      problems.push({
        field,
        message: `Network "${network.name}" has no IPv${family} subnet you chose; Docker only takes a static address on a network created with --subnet.`,
      });
      continue;
    }
    const pool = pools.find((p) => contains(p.prefix, family, address.value));
    if (!pool) {
      problems.push({
        field,
        message: `${wanted} is not inside ${pools.map((p) => formatPrefix(p.prefix)).join(" or ")}.`,
      });
      continue;
    }
    const gateway = pool.gateway ? parseAddress(pool.gateway)?.value : pool.prefix.base + 1n;
    if (gateway === address.value) {
      problems.push({ field, message: `${wanted} is the network's gateway.` });
    }
    const holder = endpoints.find((e) => {
      const used = parseAddress(bare(family === 4 ? e.ipv4Address : e.ipv6Address) ?? "");
      return used?.value === address.value;
    });
    if (holder)
      problems.push({ field, message: `${wanted} is taken by ${containerName(holder.containerId)}.` });
  }
  body.linkLocalIps.forEach((ip, i) => {
    if (!parseAddress(ip))
      problems.push({ field: `linkLocalIps.${i}`, message: `"${ip}" is not an IP address.` });
  });
  return problems;
}

/**
 * The first free IPv4 addresses of a network's pools (inside the ip-range when there is one), skipping the
 * network and broadcast addresses, the gateway, aux addresses and those in use: suggestions for a static IP.
 */
export function freeAddresses(network: NetworkDto, endpoints: EndpointDto[], count = 5): string[] {
  const used = new Set(
    endpoints
      .filter((e) => e.networkId === network.id)
      .flatMap((e) => (e.ipv4Address ? [parseAddress(bare(e.ipv4Address) ?? "")?.value] : []))
      .filter((v): v is bigint => v !== undefined),
  );
  const free: string[] = [];
  for (const c of network.ipam.config) {
    const subnet = c.subnet ? parsePrefix(c.subnet) : null;
    if (subnet?.family !== 4) continue;
    const range = (c.ipRange ? parsePrefix(c.ipRange) : null) ?? subnet;
    for (const a of [c.gateway, ...Object.values(c.auxAddresses)]) {
      const v = a ? parseAddress(a)?.value : undefined;
      if (v !== undefined) used.add(v);
    }
    // Without a gateway given, Docker's IPAM gives the subnet's first address to the gateway (and inspect
    // may not show it): never suggest it.
    if (!c.gateway) used.add(subnet.base + 1n);
    const first = range.base === subnet.base ? range.base + 1n : range.base;
    const last = lastAddress(range) === lastAddress(subnet) ? lastAddress(range) - 1n : lastAddress(range);
    for (let v = first; v <= last && free.length < count; v++) {
      if (!used.has(v)) free.push(formatAddress(4, v));
    }
    if (free.length >= count) break;
  }
  return free;
}
