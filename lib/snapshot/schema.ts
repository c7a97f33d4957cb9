// The zod schemas a snapshot file is checked against on import: the TopologyDto and HostFactsDto of the wire
// contract, field by field, so a damaged or hand-edited file is refused with the path of what is wrong instead of
// breaking the map or the analysis later. Pure (zod only): used in the browser and in tests.
import { z } from "zod";

const str = z.string();
const nullStr = z.string().nullable();
const record = z.record(z.string(), z.string());
const apiError = z.looseObject({ code: str, message: str, detail: nullStr });

export const engineSchema = z.object({
  id: str,
  host: str,
  status: z.enum(["up", "unreachable"]),
  version: nullStr,
  apiVersion: nullStr,
  engineApiVersion: nullStr,
  os: nullStr,
  arch: nullStr,
  kernelVersion: nullStr,
  hostname: nullStr,
  swarm: z
    .object({
      state: str,
      nodeId: nullStr,
      isManager: z.boolean(),
      cluster: nullStr,
      nodeAddress: nullStr,
    })
    .nullable(),
  error: apiError.nullable(),
});

const networkSchema = z.object({
  engine: str,
  id: str,
  name: str,
  driver: str,
  scope: str,
  internal: z.boolean(),
  attachable: z.boolean(),
  ingress: z.boolean(),
  enableIPv6: z.boolean(),
  configOnly: z.boolean(),
  configFrom: nullStr,
  ipam: z.object({
    driver: str,
    config: z.array(z.object({ subnet: nullStr, gateway: nullStr, ipRange: nullStr, auxAddresses: record })),
    options: record,
  }),
  options: record,
  labels: record,
  createdAt: str,
  system: z.boolean(),
  peers: z.array(z.object({ name: str, ip: str })).nullable(),
});

const containerSchema = z.object({
  engine: str,
  id: str,
  name: str,
  image: str,
  state: str,
  status: str,
  labels: record,
  networkMode: str,
  sharesNetworkWith: nullStr,
  hostname: str,
  ports: z.array(
    z.object({
      hostIp: nullStr,
      hostPort: z.number().nullable(),
      containerPort: z.number(),
      protocol: str,
    }),
  ),
  createdAt: str,
  startedAt: nullStr,
  dns: z.object({ servers: z.array(str), search: z.array(str), options: z.array(str) }),
  extraHosts: z.array(z.object({ name: str, address: str })),
  links: z.array(z.object({ container: str, alias: str })),
  privileged: z.boolean(),
  capAdd: z.array(str),
  namesUsed: z.array(str),
});

const endpointSchema = z.object({
  engine: str,
  id: nullStr,
  networkId: str,
  networkName: str,
  containerId: str,
  ipv4Address: nullStr,
  ipv6Address: nullStr,
  macAddress: nullStr,
  gateway: nullStr,
  ipv6Gateway: nullStr,
  aliases: z.array(str).nullable(),
  dnsNames: z.array(str).nullable(),
  ipamConfig: z.object({ ipv4Address: nullStr, ipv6Address: nullStr, linkLocalIps: z.array(str) }).nullable(),
  links: z.array(str).nullable(),
});

const nodeSchema = z.object({
  engine: str,
  cluster: str,
  id: str,
  hostname: str,
  role: z.enum(["manager", "worker"]),
  availability: str,
  state: str,
  address: nullStr,
  leader: z.boolean(),
  reachability: nullStr,
  engineVersion: nullStr,
  labels: record,
});

const serviceSchema = z.object({
  engine: str,
  cluster: str,
  id: str,
  name: str,
  image: str,
  mode: str,
  replicas: z.number().nullable(),
  endpointMode: str,
  vips: z.array(z.object({ networkId: str, address: str })),
  ports: z.array(
    z.object({
      protocol: str,
      targetPort: z.number(),
      publishedPort: z.number().nullable(),
      publishMode: str,
    }),
  ),
  networks: z.array(str),
  labels: record,
  updatedAt: str,
});

const taskSchema = z.object({
  engine: str,
  cluster: str,
  id: str,
  serviceId: str,
  slot: z.number().nullable(),
  nodeId: nullStr,
  state: str,
  desiredState: str,
  containerId: nullStr,
  addresses: z.array(z.object({ networkId: str, address: str })),
  error: nullStr,
  updatedAt: str,
});

export const topologySchema = z.object({
  engines: z.array(engineSchema),
  networks: z.array(networkSchema),
  containers: z.array(containerSchema),
  endpoints: z.array(endpointSchema),
  nodes: z.array(nodeSchema),
  services: z.array(serviceSchema),
  tasks: z.array(taskSchema),
});

const addressMatch = z.object({ cidr: str, negate: z.boolean() }).nullable();
const interfaceMatch = z.object({ name: str, negate: z.boolean() }).nullable();
const portMatch = z
  .object({ ranges: z.array(z.object({ from: z.number(), to: z.number() })), negate: z.boolean() })
  .nullable();

const ruleSchema = z.object({
  text: str,
  target: str,
  source: addressMatch,
  destination: addressMatch,
  inInterface: interfaceMatch,
  outInterface: interfaceMatch,
  protocol: z.object({ name: str, negate: z.boolean() }).nullable(),
  dports: portMatch,
  sports: portMatch,
  states: z.array(str).nullable(),
  statesNegated: z.boolean().optional(),
  unknown: z.array(str),
});

export const hostFactsSchema = z.object({
  engine: str,
  source: nullStr,
  unavailable: nullStr,
  readAt: str,
  firewall: z
    .object({
      dockerUser: z.array(ruleSchema),
      proxied: z.array(str),
      dnat: z.array(
        z.object({
          hostIp: nullStr,
          hostPort: z.number(),
          protocol: str,
          address: str,
          port: z.number(),
          exceptFrom: nullStr,
        }),
      ),
      input: z.object({ policy: str, rules: z.array(ruleSchema) }),
    })
    .nullable(),
  firewallUnavailable: nullStr,
  bridgeNetfilter: z.boolean().nullable(),
  ipForward: z.boolean().nullable(),
  routes: z
    .object({
      defaultVia: nullStr,
      defaultDevice: nullStr,
      connected: z.array(z.object({ prefix: str, device: str })),
    })
    .nullable(),
  interfaces: z.array(z.object({ name: str, kind: nullStr, mtu: z.number(), addresses: z.array(str) })),
  bridges: z.array(z.object({ name: str, addresses: z.array(str) })),
  ipsec: z.array(z.object({ from: str, to: str, spi: str, installed: z.boolean() })),
  ipvs: z.boolean().nullable(),
});
