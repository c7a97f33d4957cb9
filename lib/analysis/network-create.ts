// Our own checks of a network create, before Docker is called, every problem by field: CIDR syntax and host
// bits ("did you mean 10.0.0.0/24?"), gateway, ip-range and aux addresses inside their subnet, pools that
// overlap each other or another network's (named), driver options we do not know (unless "advanced") and
// values they cannot take, and flags that do not fit the driver. Pure.
import { type CreateNetworkBody, DRIVER_OPTIONS } from "@/lib/api/networks";
import type { FieldProblem, NetworkDto } from "@/lib/api/types";
import {
  contains,
  formatPrefix,
  hasHostBits,
  overlaps,
  type Prefix,
  parseAddress,
  parsePrefix,
  within,
} from "./cidr";

const BUILTIN = new Set(["bridge", "overlay", "macvlan", "ipvlan", "host", "null", "none"]);

function checkOption(driver: string, key: string, value: string, advanced: boolean): string | null {
  // Own keys only: a driver named "constructor" must not find Object's methods.
  const offered = Object.hasOwn(DRIVER_OPTIONS, driver) ? DRIVER_OPTIONS[driver] : undefined;
  const known = offered?.find((o) => o.key === key);
  if (!known) {
    if (advanced || !BUILTIN.has(driver)) return null;
    const names = (offered ?? []).map((o) => o.key).join(", ");
    return `Unknown ${driver} option${names ? ` (known: ${names})` : ""}; tick "advanced" to send it anyway.`;
  }
  switch (known.kind) {
    case "bool":
      return /^(true|false)$/.test(value) ? null : "true or false.";
    case "number": {
      // Docker reads it with Go's strconv.Atoi: digits only ("1e3" and "0x5dc" are refused there).
      const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
      return Number.isInteger(n) && n >= 68 && n <= 65535 ? null : "A whole number from 68 to 65535.";
    }
    case "ipv4":
      return parseAddress(value)?.family === 4 ? null : "An IPv4 address, e.g. 127.0.0.1.";
    case "enum":
      return known.values?.includes(value) ? null : `One of ${known.values?.join(", ")}.`;
    case "flag":
      return null;
    default:
      if (key === "com.docker.network.bridge.name" && !/^[A-Za-z0-9_.-]{1,15}$/.test(value)) {
        return "A Linux interface name: 1 to 15 letters, digits, _ . -";
      }
      if (key === "com.docker.network.driver.overlay.vxlanid_list" && !/^\d+(,\d+)*$/.test(value)) {
        return "VXLAN ids, comma-separated numbers (e.g. 4097,4098).";
      }
      if (key === "parent" && !/^[A-Za-z0-9_.@-]{1,15}$/.test(value))
        return "A host interface name, e.g. eth0 or eth0.10.";
      return null;
  }
}

function poolsOf(n: NetworkDto): Array<{ prefix: Prefix; text: string }> {
  return n.ipam.config.flatMap((c) => {
    const p = c.subnet ? parsePrefix(c.subnet) : null;
    return p ? [{ prefix: p, text: c.subnet as string }] : [];
  });
}

/**
 * Every problem with the request; [] when Docker may be asked. `existing`: the engine's networks now;
 * `hostInterfaces`: the names of the engine host's interfaces, null when they cannot be seen from here.
 */
export function checkCreateNetwork(
  body: CreateNetworkBody,
  existing: NetworkDto[],
  hostInterfaces: string[] | null = null,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const say = (field: string, message: string) => problems.push({ field, message });
  const seen: Array<{ prefix: Prefix; index: number }> = [];

  body.pools.forEach((pool, i) => {
    const at = `pools.${i}`;
    const subnet = parsePrefix(pool.subnet);
    if (!subnet) {
      say(
        `${at}.subnet`,
        `"${pool.subnet}" is not a subnet in CIDR form (e.g. 10.20.0.0/24 or fd00:20::/64).`,
      );
      return;
    }
    if (hasHostBits(subnet)) {
      say(`${at}.subnet`, `${pool.subnet} has host bits set; did you mean ${formatPrefix(subnet)}?`);
    }
    if (subnet.family === 6 && !body.ipv6)
      say(`${at}.subnet`, "An IPv6 subnet needs IPv6 switched on (--ipv6).");
    if (subnet.bits > (subnet.family === 4 ? 30 : 126) && body.driver === "bridge") {
      say(`${at}.subnet`, `/${subnet.bits} leaves no room for a gateway and containers; use /30 or larger.`);
    }
    if (pool.gateway) {
      const gw = parseAddress(pool.gateway);
      if (!gw) say(`${at}.gateway`, `"${pool.gateway}" is not an IP address.`);
      else if (!contains(subnet, gw.family, gw.value))
        say(`${at}.gateway`, `${pool.gateway} is not inside ${formatPrefix(subnet)}.`);
    }
    if (pool.ipRange) {
      const range = parsePrefix(pool.ipRange);
      if (!range)
        say(`${at}.ipRange`, `"${pool.ipRange}" is not a range in CIDR form (e.g. 10.20.0.128/25).`);
      else if (hasHostBits(range))
        say(`${at}.ipRange`, `${pool.ipRange} has host bits set; did you mean ${formatPrefix(range)}?`);
      else if (!within(range, subnet))
        say(`${at}.ipRange`, `${pool.ipRange} is not inside ${formatPrefix(subnet)}.`);
    }
    for (const [name, address] of Object.entries(pool.auxAddresses)) {
      const a = parseAddress(address);
      if (!a) say(`${at}.auxAddresses.${name}`, `"${address}" is not an IP address.`);
      else if (!contains(subnet, a.family, a.value))
        say(`${at}.auxAddresses.${name}`, `${address} is not inside ${formatPrefix(subnet)}.`);
    }
    for (const other of seen) {
      if (overlaps(other.prefix, subnet))
        say(`${at}.subnet`, `${pool.subnet} overlaps pool ${other.index + 1} of this request.`);
    }
    for (const n of existing) {
      // A config-only network reserves no addresses (libnetwork stores it without allocating).
      if (n.configOnly) continue;
      const clash = poolsOf(n).find((p) => overlaps(p.prefix, subnet));
      if (clash) say(`${at}.subnet`, `${pool.subnet} overlaps ${clash.text} of network "${n.name}".`);
    }
    seen.push({ prefix: subnet, index: i });
  });

  for (const [key, value] of Object.entries(body.options)) {
    const problem = checkOption(body.driver, key, value, body.advanced);
    if (problem) say(`options.${key}`, problem);
  }
  const parent = body.options.parent;
  if (parent && hostInterfaces && (body.driver === "macvlan" || body.driver === "ipvlan")) {
    // eth0.10 is made by Docker as VLAN 10 on eth0: the part before the dot must exist.
    const base = parent.split(".")[0] ?? parent;
    if (!hostInterfaces.includes(parent) && !hostInterfaces.includes(base)) {
      say(
        "options.parent",
        `The engine's host has no interface "${base}" (it has ${hostInterfaces.join(", ")}).`,
      );
    }
  }
  if (body.ingress && body.driver !== "overlay")
    say("ingress", "Only an overlay network can be the ingress network.");
  if (body.attachable && body.driver !== "overlay" && body.scope !== "swarm")
    say(
      "attachable",
      "Only overlay or swarm-scoped networks are attachable (standalone containers on a swarm network).",
    );
  if (body.configFrom) {
    const source = existing.find((n) => n.name === body.configFrom);
    if (!source)
      say("configFrom", `There is no network "${body.configFrom}" to take the configuration from.`);
    else if (!source.configOnly)
      say("configFrom", `"${body.configFrom}" is not a config-only network (--config-only).`);
    if (body.pools.length || Object.keys(body.options).length) {
      say(
        "configFrom",
        "With --config-from, subnets and options come from that network; leave them empty here.",
      );
    }
    if (body.ipv6 || Object.keys(body.ipamOptions).length || body.ipamDriver !== "default") {
      say(
        "configFrom",
        "With --config-from, IPv6 and the IPAM driver and options come from that network; leave them unset.",
      );
    }
    if (Object.keys(body.labels).length) {
      say(
        "labels",
        "Docker takes no labels on a network that uses --config-from (put them on the config-only one).",
      );
    }
  }
  if (body.configOnly && (body.internal || body.attachable || body.ingress || body.scope)) {
    say(
      "configOnly",
      "A config-only network takes no internal, attachable, ingress or scope (Docker refuses them).",
    );
  }
  if (body.configOnly && body.configFrom)
    say("configOnly", "A config-only network cannot itself take its config from another.");
  return problems;
}
