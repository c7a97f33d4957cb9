// The wire contract between the server routes and the browser: every DTO the API answers with.
// Docker's raw objects never cross this line; lib/docker maps them to these shapes.
import type { SwarmNodeDto, SwarmServiceDto, SwarmTaskDto } from "./swarm";

/** A configured engine and what it told us about itself (null fields: the engine did not answer). */
export interface EngineDto {
  /** Our id for the engine, from NETATLAS_ENGINES or "local". Every other object carries it. */
  id: string;
  /** The address we dial, as configured (unix:///..., tcp://..., ssh://...). */
  host: string;
  status: "up" | "unreachable";
  /** Engine version, e.g. "26.1.5"; null when unreachable. */
  version: string | null;
  /** The API version we speak with this engine (negotiated: min(engine, ours), floor 1.41). */
  apiVersion: string | null;
  /** The highest API version the engine offers. */
  engineApiVersion: string | null;
  os: string | null;
  arch: string | null;
  kernelVersion: string | null;
  hostname: string | null;
  swarm: SwarmStateDto | null;
  /** Present when status is "unreachable": what went wrong and what to do. */
  error: ApiErrorDetail | null;
}

export interface SwarmStateDto {
  /** Docker's LocalNodeState: inactive, pending, active, error, locked. */
  state: string;
  nodeId: string | null;
  isManager: boolean;
  /** The swarm's id (Cluster.ID); known on managers only. */
  cluster: string | null;
  /** The address this node advertises to the swarm (NodeAddr). */
  nodeAddress: string | null;
}

export interface IpamConfigDto {
  subnet: string | null;
  gateway: string | null;
  ipRange: string | null;
  auxAddresses: Record<string, string>;
}

export interface NetworkDto {
  engine: string;
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  attachable: boolean;
  ingress: boolean;
  enableIPv6: boolean;
  /** A config-only network holds settings for others (--config-from); it never has containers. */
  configOnly: boolean;
  /** The config-only network this one takes its settings from. */
  configFrom: string | null;
  ipam: { driver: string; config: IpamConfigDto[]; options: Record<string, string> };
  options: Record<string, string>;
  labels: Record<string, string>;
  /** ISO timestamp as Docker reports it. */
  createdAt: string;
  /** bridge, host, none, ingress, docker_gwbridge: Docker's own, never to be removed. */
  system: boolean;
  /**
   * Swarm-scoped networks: the nodes that have the network (Docker's Peers), by address. Their name is the
   * overlay's own member name (a random id), not the host's: match them to swarm nodes by address.
   */
  peers: Array<{ name: string; ip: string }> | null;
}

export interface PortDto {
  /** null when the port is exposed but not published. */
  hostIp: string | null;
  hostPort: number | null;
  containerPort: number;
  protocol: string;
}

/** How a container reaches the network: bridge, host, none, container:<id>, or a user network's name. */
export type NetworkMode = string;

export interface ContainerDto {
  engine: string;
  id: string;
  /** Without Docker's leading slash. */
  name: string;
  image: string;
  /** Docker's State.Status: created, running, paused, restarting, removing, exited, dead. */
  state: string;
  /** Human status like the CLI's "Up 3 minutes" / "Exited (0) 2 hours ago". */
  status: string;
  labels: Record<string, string>;
  networkMode: NetworkMode;
  /** For networkMode container:<x>: the id of the container whose network stack this one shares. */
  sharesNetworkWith: string | null;
  hostname: string;
  ports: PortDto[];
  createdAt: string;
  startedAt: string | null;
  /** Resolver settings from `docker run` (HostConfig): --dns, --dns-search, --dns-option; empty when unset. */
  dns: { servers: string[]; search: string[]; options: string[] };
  /** --add-host entries as name and address (written to the container's /etc/hosts). */
  extraHosts: Array<{ name: string; address: string }>;
  /** Legacy --link on the default bridge (HostConfig.Links): the linked container's name and the alias. */
  links: Array<{ container: string; alias: string }>;
  /** --privileged, and the capabilities added with --cap-add (as Docker keeps them, e.g. NET_ADMIN). */
  privileged: boolean;
  capAdd: string[];
  /**
   * Host names the container's configuration refers to (URLs and host:port in its environment and command,
   * values of *_HOST-like variables): the names it will look up. Only the names are kept, never the values.
   */
  namesUsed: string[];
}

/** One container's attachment to one network. */
export interface EndpointDto {
  engine: string;
  /** Docker's EndpointID; null while the container is not running (the attachment is only configured). */
  id: string | null;
  networkId: string;
  networkName: string;
  containerId: string;
  /** CIDR form, e.g. 172.20.0.3/16; null when none. */
  ipv4Address: string | null;
  ipv6Address: string | null;
  macAddress: string | null;
  gateway: string | null;
  ipv6Gateway: string | null;
  /** Exactly Docker's Aliases from container inspect (null when Docker has none). */
  aliases: string[] | null;
  /** Docker's DNSNames (API 1.44+); null on older engines, which do not report them. */
  dnsNames: string[] | null;
  /** Static addresses the user asked for (IPAMConfig), if any. */
  ipamConfig: { ipv4Address: string | null; ipv6Address: string | null; linkLocalIps: string[] } | null;
  links: string[] | null;
}

export interface TopologyDto {
  engines: EngineDto[];
  networks: NetworkDto[];
  containers: ContainerDto[];
  endpoints: EndpointDto[];
  /** Swarm objects, from the manager engines (empty when no engine is a swarm manager). */
  nodes: SwarmNodeDto[];
  services: SwarmServiceDto[];
  tasks: SwarmTaskDto[];
}

export interface HealthDto {
  status: "ok" | "degraded" | "down";
  engines: EngineDto[];
}

/** Detail answers: the object plus what hangs off it. */
export interface NetworkDetailDto {
  network: NetworkDto;
  containers: ContainerDto[];
  endpoints: EndpointDto[];
}

export interface ContainerDetailDto {
  container: ContainerDto;
  networks: NetworkDto[];
  endpoints: EndpointDto[];
}

export type ErrorCode =
  | "not_found"
  | "conflict"
  | "forbidden"
  | "bad_request"
  | "engine_unreachable"
  | "permission_denied"
  | "timeout"
  | "engine_error"
  | "ambiguous"
  | "unauthenticated"
  | "read_only"
  | "unsupported_media_type"
  | "payload_too_large"
  | "too_many_requests";

/**
 * Why an engine could not be reached (with engine_unreachable, timeout or permission_denied), from
 * lib/docker/connect-errors.ts. tls_expired_ours: the engine refused our client certificate as expired;
 * tls_expired_theirs: the engine's own certificate expired.
 */
export type ConnectCause =
  | "dns"
  | "refused"
  | "reset"
  | "timeout"
  | "unreachable"
  | "tls_unknown_ca"
  | "tls_expired_ours"
  | "tls_expired_theirs"
  | "tls_client_cert_required"
  | "tls_client_cert_rejected"
  | "tls_hostname"
  | "tls_bad_material"
  | "not_tls"
  | "ssh_host_key_changed"
  | "ssh_host_unknown"
  | "ssh_auth"
  | "ssh_handshake"
  | "ssh_no_docker"
  | "socket_permission"
  | "socket_missing"
  | "not_docker";

export interface ApiErrorDetail {
  code: ErrorCode;
  /** What went wrong, for a person, with what to do about it. */
  message: string;
  /** Docker's own message or the low-level cause, kept verbatim; null when there is none. */
  detail: string | null;
  /** The engine the error came from, when one did. */
  engine?: string;
  /** A connection that failed: why (engine_unreachable, timeout, permission_denied). */
  cause?: ConnectCause;
  /** Bad input: every problem, by field (a dotted path into the request body). */
  fields?: FieldProblem[];
}

export interface FieldProblem {
  field: string;
  message: string;
}

export interface ApiErrorBody {
  error: ApiErrorDetail;
}

/** HTTP status for each error code: one table for the whole API. */
export const errorStatus: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  permission_denied: 403,
  read_only: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  ambiguous: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  engine_error: 502,
  engine_unreachable: 503,
  timeout: 504,
};
