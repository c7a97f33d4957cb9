// Docker's swarm JSON (info, nodes, services, tasks) to our DTOs. Pure, like map.ts.
import type {
  ServicePortDto,
  SwarmNodeDto,
  SwarmServiceDto,
  SwarmTaskDto,
  TaskAddressDto,
} from "@/lib/api/swarm";
import type { SwarmStateDto } from "@/lib/api/types";
import type { RawInfo, RawService, RawSwarmNode, RawTask } from "./raw";

const orNull = (value: string | undefined | null): string | null => (value ? value : null);

/** The engine's own place in a swarm, from /info; null when the engine never heard of swarm mode. */
export function mapSwarmState(info: RawInfo): SwarmStateDto | null {
  const swarm = info.Swarm;
  if (!swarm?.LocalNodeState) return null;
  return {
    state: swarm.LocalNodeState,
    nodeId: orNull(swarm.NodeID),
    isManager: !!swarm.ControlAvailable,
    cluster: orNull(swarm.Cluster?.ID),
    nodeAddress: orNull(swarm.NodeAddr),
  };
}

export function mapSwarmNode(engine: string, cluster: string, raw: RawSwarmNode): SwarmNodeDto {
  return {
    engine,
    cluster,
    id: raw.ID,
    hostname: raw.Description?.Hostname ?? raw.ID.slice(0, 12),
    role: raw.Spec?.Role === "manager" ? "manager" : "worker",
    availability: raw.Spec?.Availability ?? "unknown",
    state: raw.Status?.State ?? "unknown",
    // A manager's Status.Addr may be 0.0.0.0 on older engines; its ManagerStatus.Addr is "ip:2377".
    address:
      raw.Status?.Addr && raw.Status.Addr !== "0.0.0.0"
        ? raw.Status.Addr
        : // "ip:2377", or "[ipv6]:2377": peers list the bare address.
          (orNull(raw.ManagerStatus?.Addr?.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1")) ?? null),
    leader: !!raw.ManagerStatus?.Leader,
    reachability: orNull(raw.ManagerStatus?.Reachability),
    engineVersion: orNull(raw.Description?.Engine?.EngineVersion),
    labels: raw.Spec?.Labels ?? {},
  };
}

function serviceMode(mode: RawService["Spec"]["Mode"]): string {
  if (mode?.Global) return "global";
  if (mode?.ReplicatedJob) return "replicated-job";
  if (mode?.GlobalJob) return "global-job";
  return "replicated";
}

export function mapService(engine: string, cluster: string, raw: RawService): SwarmServiceDto {
  const mode = serviceMode(raw.Spec.Mode);
  const ports: ServicePortDto[] = (raw.Endpoint?.Ports ?? []).map((p) => ({
    protocol: p.Protocol ?? "tcp",
    targetPort: p.TargetPort ?? 0,
    publishedPort: p.PublishedPort ?? null,
    publishMode: p.PublishMode ?? "ingress",
  }));
  return {
    engine,
    cluster,
    id: raw.ID,
    name: raw.Spec.Name,
    // Docker pins the image by digest (image:tag@sha256:…); the tag is what a person typed.
    image: (raw.Spec.TaskTemplate?.ContainerSpec?.Image ?? "").replace(/@sha256:[0-9a-f]+$/, ""),
    mode,
    replicas: mode === "replicated" ? (raw.Spec.Mode?.Replicated?.Replicas ?? 1) : null,
    endpointMode: raw.Spec.EndpointSpec?.Mode ?? "vip",
    vips: (raw.Endpoint?.VirtualIPs ?? []).flatMap((v) =>
      v.NetworkID && v.Addr ? [{ networkId: v.NetworkID, address: v.Addr }] : [],
    ),
    ports,
    networks: (raw.Spec.TaskTemplate?.Networks ?? []).flatMap((n) => (n.Target ? [n.Target] : [])),
    labels: raw.Spec.Labels ?? {},
    updatedAt: raw.UpdatedAt ?? "",
  };
}

export function mapTask(engine: string, cluster: string, raw: RawTask): SwarmTaskDto {
  const addresses: TaskAddressDto[] = (raw.NetworksAttachments ?? []).flatMap((a) =>
    (a.Addresses ?? []).map((address) => ({ networkId: a.Network?.ID ?? "", address })),
  );
  const state = raw.Status?.State ?? "unknown";
  const failed = ["failed", "rejected", "orphaned"].includes(state);
  return {
    engine,
    cluster,
    id: raw.ID,
    serviceId: raw.ServiceID,
    slot: raw.Slot ?? null,
    nodeId: orNull(raw.NodeID),
    state,
    desiredState: raw.DesiredState ?? "unknown",
    containerId: orNull(raw.Status?.ContainerStatus?.ContainerID),
    addresses,
    error: orNull(raw.Status?.Err) ?? (failed ? orNull(raw.Status?.Message) : null),
    updatedAt: raw.UpdatedAt ?? "",
  };
}
