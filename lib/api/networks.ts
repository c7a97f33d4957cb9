// The wire contract of network changes: the create body with every option `docker network create` has, the
// driver options we know by name (with what they do), and the docker CLI command each change amounts to
// (shown next to every action, so the dashboard teaches as it works). Pure.
import { z } from "zod";
import { operands, shellCommand, shellWord } from "./shell";
import type { ApiErrorDetail } from "./types";

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const text = (max: number) => z.string().trim().max(max);

export const poolBody = z.strictObject({
  subnet: text(64).min(1, "A subnet in CIDR form, e.g. 10.20.0.0/24."),
  ipRange: text(64).optional(),
  gateway: text(64).optional(),
  /** Addresses the IPAM driver must not hand out: name → address (--aux-address name=addr). */
  auxAddresses: z.record(text(64), text(64)).default({}),
});

export const createNetworkBody = z.strictObject({
  /** Which engine; may be left out when only one is configured. */
  engine: z.string().max(32).optional(),
  name: z
    .string()
    .min(1, "Name the network.")
    .max(128, "At most 128 characters.")
    .regex(NAME, "Letters, digits, and _ . - only; start with a letter or digit."),
  driver: z
    .string()
    .min(1)
    .max(64)
    // Managed plugins are named like images: weaveworks/net-plugin:latest_release.
    .regex(
      /^[a-zA-Z0-9][a-zA-Z0-9_.-]*(:\d+)?(\/[a-zA-Z0-9][a-zA-Z0-9_.-]*)*(:[a-zA-Z0-9_][a-zA-Z0-9_.-]*)?$/,
      "A driver name, e.g. bridge, or an installed plugin's (e.g. weaveworks/net-plugin:latest_release).",
    )
    .default("bridge"),
  scope: z.enum(["local", "swarm", "global"]).optional(),
  internal: z.boolean().default(false),
  attachable: z.boolean().default(false),
  ingress: z.boolean().default(false),
  ipv6: z.boolean().default(false),
  configOnly: z.boolean().default(false),
  configFrom: z.string().max(128).regex(NAME, "The name of a config-only network.").optional(),
  ipamDriver: z.string().max(64).regex(NAME).default("default"),
  ipamOptions: z.record(text(128), text(1024)).default({}),
  pools: z.array(poolBody).max(8, "At most 8 pools.").default([]),
  options: z.record(text(128).min(1), text(1024)).default({}),
  labels: z.record(z.string().min(1).max(256), z.string().max(1024)).default({}),
  /** Allows driver options we do not know (a plugin's, or a newer Docker's). */
  advanced: z.boolean().default(false),
});

export type CreateNetworkBody = z.infer<typeof createNetworkBody>;
export type CreateNetworkInput = z.input<typeof createNetworkBody>;

export interface KnownOption {
  key: string;
  /**
   * A short title that labels the input. None may contain "Name" or "Labels": the form's own "Name" and
   * "Labels" are found by those words (tests, and people using voice control).
   */
  title: string;
  /** What it does, for the form. */
  help: string;
  kind: "bool" | "number" | "ipv4" | "text" | "flag" | "enum";
  values?: string[];
}

/** Driver options offered by name, grouped by driver, with what each does. */
export const DRIVER_OPTIONS: Record<string, KnownOption[]> = {
  bridge: [
    {
      key: "com.docker.network.bridge.name",
      title: "Bridge device",
      kind: "text",
      help: "The Linux bridge's name (at most 15 characters); default br-<id>.",
    },
    {
      key: "com.docker.network.bridge.enable_icc",
      title: "Inter-container traffic",
      kind: "bool",
      help: "Containers on this network may talk to each other (default true).",
    },
    {
      key: "com.docker.network.bridge.enable_ip_masquerade",
      title: "IP masquerade (NAT)",
      kind: "bool",
      help: "NAT outgoing traffic to the host's address (default true).",
    },
    {
      key: "com.docker.network.bridge.host_binding_ipv4",
      title: "Default bind address",
      kind: "ipv4",
      help: "Host address that published ports bind to by default (default 0.0.0.0).",
    },
    {
      key: "com.docker.network.driver.mtu",
      title: "MTU",
      kind: "number",
      help: "MTU of the bridge and the containers' interfaces (68–65535).",
    },
  ],
  macvlan: [
    {
      key: "parent",
      title: "Parent interface",
      kind: "text",
      help: "Host interface the containers' MAC addresses sit on (e.g. eth0, or eth0.10 for VLAN 10).",
    },
    {
      key: "macvlan_mode",
      title: "macvlan mode",
      kind: "enum",
      values: ["bridge", "vepa", "passthru", "private"],
      help: "How macvlan interfaces on one parent reach each other (default bridge).",
    },
  ],
  ipvlan: [
    {
      key: "parent",
      title: "Parent interface",
      kind: "text",
      help: "Host interface the containers share (e.g. eth0, or eth0.10 for VLAN 10).",
    },
    {
      key: "ipvlan_mode",
      title: "ipvlan mode",
      kind: "enum",
      values: ["l2", "l3", "l3s"],
      help: "l2 switches on the parent's segment; l3/l3s route (default l2).",
    },
    {
      key: "ipvlan_flag",
      title: "ipvlan flag",
      kind: "enum",
      values: ["bridge", "private", "vepa"],
      help: "Traffic between ipvlan interfaces on one parent (default bridge).",
    },
  ],
  overlay: [
    {
      key: "encrypted",
      title: "Encrypted",
      kind: "flag",
      help: "Encrypt VXLAN traffic between hosts with IPsec.",
    },
    {
      key: "com.docker.network.driver.overlay.vxlanid_list",
      title: "VXLAN ids",
      kind: "text",
      help: "VXLAN id(s) to use, comma-separated (default: allocated by the manager).",
    },
    {
      key: "com.docker.network.driver.mtu",
      title: "MTU",
      kind: "number",
      help: "MTU of the overlay interfaces (68–65535).",
    },
  ],
};

export { shellWord };

const keyValue = (k: string, v: string) => (v === "" ? k : `${k}=${v}`);

export function networkCreateCommand(body: Omit<CreateNetworkInput, "engine">): string {
  const parts = ["docker", "network", "create"];
  const add = (...words: string[]) => parts.push(...words);
  if (body.driver && body.driver !== "bridge") add("--driver", body.driver);
  if (body.scope) add("--scope", body.scope);
  if (body.internal) add("--internal");
  if (body.attachable) add("--attachable");
  if (body.ingress) add("--ingress");
  if (body.ipv6) add("--ipv6");
  if (body.configOnly) add("--config-only");
  if (body.configFrom) add("--config-from", body.configFrom);
  if (body.ipamDriver && body.ipamDriver !== "default") add("--ipam-driver", body.ipamDriver);
  for (const [k, v] of Object.entries(body.ipamOptions ?? {})) add("--ipam-opt", `${k}=${v}`);
  for (const pool of body.pools ?? []) {
    add("--subnet", pool.subnet);
    if (pool.ipRange) add("--ip-range", pool.ipRange);
    if (pool.gateway) add("--gateway", pool.gateway);
    for (const [k, v] of Object.entries(pool.auxAddresses ?? {})) add("--aux-address", `${k}=${v}`);
  }
  for (const [k, v] of Object.entries(body.options ?? {})) add("--opt", keyValue(k, v));
  for (const [k, v] of Object.entries(body.labels ?? {})) add("--label", keyValue(k, v));
  return shellCommand(...parts, ...operands(body.name));
}

export function networkRemoveCommand(name: string): string {
  return shellCommand("docker", "network", "rm", ...operands(name));
}

const ALIAS = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** A container id or name, refused here when it could not name one (Docker would answer 301 or 404). */
const containerRef = z
  .string()
  .min(1, "Pick a container.")
  .max(255)
  .regex(NAME, "A container id or name (letters, digits, _ . -).");

export const connectBody = z.strictObject({
  /** Container id, id prefix or name. */
  container: containerRef,
  aliases: z
    .array(z.string().max(253).regex(ALIAS, "A DNS name: letters, digits, _ . -"))
    .max(16)
    .default([]),
  /** A static IPv4 address inside one of the network's pools (--ip). */
  ipv4: text(64).optional(),
  /** A static IPv6 address (--ip6). */
  ipv6: text(64).optional(),
  linkLocalIps: z.array(text(64)).max(8).default([]),
  /** Legacy links, "container" or "container:alias" (--link). */
  links: z
    .array(
      z
        .string()
        .max(300)
        .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*(:[a-zA-Z0-9][a-zA-Z0-9_.-]*)?$/, "container or container:alias"),
    )
    .max(16)
    .default([]),
});
export type ConnectBody = z.infer<typeof connectBody>;
export type ConnectInput = z.input<typeof connectBody>;

export const disconnectBody = z.strictObject({
  container: containerRef,
  force: z.boolean().default(false),
});
export type DisconnectBody = z.infer<typeof disconnectBody>;

export function networkConnectCommand(network: string, body: ConnectInput): string {
  const parts = ["docker", "network", "connect"];
  for (const a of body.aliases ?? []) parts.push("--alias", a);
  if (body.ipv4) parts.push("--ip", body.ipv4);
  if (body.ipv6) parts.push("--ip6", body.ipv6);
  for (const ip of body.linkLocalIps ?? []) parts.push("--link-local-ip", ip);
  for (const l of body.links ?? []) parts.push("--link", l);
  return shellCommand(...parts, ...operands(network, body.container));
}

export function networkDisconnectCommand(
  network: string,
  body: { container: string; force?: boolean },
): string {
  return shellCommand(
    "docker",
    "network",
    "disconnect",
    ...(body.force ? ["--force"] : []),
    ...operands(network, body.container),
  );
}

/** Bulk removal and prune: the networks (ids or names) to remove, each reported on its own. */
export const networkListBody = z.strictObject({
  engine: z.string().max(32).optional(),
  networks: z
    .array(z.string().min(1).max(255).regex(NAME, "A network id or name."))
    .min(1, "Name at least one network.")
    .max(100, "At most 100 networks at once."),
});
export type NetworkListBody = z.infer<typeof networkListBody>;

export function networksRemoveCommand(names: string[]): string {
  return shellCommand("docker", "network", "rm", ...operands(...names));
}

/** One network's outcome in a bulk removal or prune. */
export interface RemovalReport {
  ref: string;
  name: string | null;
  result: "removed" | "failed";
  error: ApiErrorDetail | null;
}
